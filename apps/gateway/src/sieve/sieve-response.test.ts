import { describe, expect, it } from 'vitest';
import { literal, quoted, readResponse, SieveProtocolError } from './sieve-response.ts';

const read = (text: string) => readResponse(Buffer.from(text, 'utf8'));

describe('readResponse', () => {
  it('reads a greeting: capability lines, then OK', () => {
    const text =
      '"IMPLEMENTATION" "Dovecot Pigeonhole"\r\n"SASL" "PLAIN LOGIN"\r\n"STARTTLS"\r\nOK "ready."\r\n';
    expect(read(text)).toEqual({
      response: {
        lines: [
          [{ string: 'IMPLEMENTATION' }, { string: 'Dovecot Pigeonhole' }],
          [{ string: 'SASL' }, { string: 'PLAIN LOGIN' }],
          [{ string: 'STARTTLS' }],
        ],
        status: 'OK',
        code: null,
        text: 'ready.',
      },
      length: Buffer.byteLength(text),
    });
  });

  it('reads LISTSCRIPTS with ACTIVE, escapes and a literal name', () => {
    const text = '"a \\"quoted\\" one"\r\n{5}\r\nnäme ACTIVE\r\nOK\r\n';
    const response = read(text)?.response;
    expect(response?.lines).toEqual([
      [{ string: 'a "quoted" one' }],
      [{ string: 'näme' }, { atom: 'ACTIVE' }],
    ]);
    expect(response?.status).toBe('OK');
  });

  it('reads a script as a literal, line breaks and all, sized in octets', () => {
    const script = 'require "vacation";\r\n# ünïcode\r\nvacation "x";\r\n';
    const text = `{${Buffer.byteLength(script)}}\r\n${script}\r\nOK "Getscript completed."\r\n`;
    expect(read(text)?.response.lines).toEqual([[{ string: script }]]);
  });

  it('reads NO with its response code and text', () => {
    expect(read('NO (QUOTA/MAXSIZE) "Script is too large."\r\n')?.response).toEqual({
      lines: [],
      status: 'NO',
      code: 'QUOTA/MAXSIZE',
      text: 'Script is too large.',
    });
    expect(read('BYE "Server shutting down."\r\n')?.response.status).toBe('BYE');
  });

  it('waits for the rest of a response cut anywhere, and leaves what follows it', () => {
    const whole = '"SIEVE" "vacation"\r\n{3}\r\nabc\r\nOK "done"\r\n';
    for (let cut = 0; cut < whole.length; cut++) {
      expect(read(whole.slice(0, cut))).toBeNull();
    }
    const next = 'OK "next"\r\n';
    expect(read(whole + next)?.length).toBe(Buffer.byteLength(whole));
  });

  it('refuses what is not ManageSieve', () => {
    expect(() => read('"open\r\n')).toThrow(SieveProtocolError);
    expect(() => read('{x}\r\nOK\r\n')).toThrow(SieveProtocolError);
    expect(() => read('OK\rX')).toThrow(SieveProtocolError);
    expect(() => read(`{${2 * 1024 * 1024}}\r\n`)).toThrow(/too large/);
  });
});

describe('quoted and literal', () => {
  it('escape quotes and backslashes, and refuse line breaks in a quoted string', () => {
    expect(quoted('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(() => quoted('two\r\nlines')).toThrow(SieveProtocolError);
  });

  it('size a literal in octets, not characters', () => {
    expect(literal('Grüße')).toBe('{7+}\r\nGrüße');
  });

  it('round-trip through the reader', () => {
    const name = 'my "filters" \\ ünïcode';
    expect(read(`${quoted(name)}\r\nOK\r\n`)?.response.lines).toEqual([[{ string: name }]]);
  });
});
