import { describe, expect, it } from 'vitest';
import { contentDisposition, safeFilename } from './safe-filename.ts';

describe('safeFilename', () => {
  it('keeps an ordinary name, accents and all', () => {
    expect(safeFilename('Bericht März.pdf')).toBe('Bericht März.pdf');
    expect(safeFilename('てすと.txt')).toBe('てすと.txt');
  });

  it('drops every directory, Unix or Windows', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('..\\..\\Windows\\system32\\evil.dll')).toBe('evil.dll');
    expect(safeFilename('/absolute/path/')).toBe('attachment');
    expect(safeFilename('..')).toBe('attachment');
  });

  it('removes control characters, CR/LF included, and bidi overrides', () => {
    expect(safeFilename('report\r\nX-Injected: 1.txt')).toBe('reportX-Injected_ 1.txt');
    expect(safeFilename('inv\u0000oice\u0007.pdf')).toBe('invoice.pdf');
    expect(safeFilename('photo\u202Egnp.exe')).toBe('photognp.exe');
  });

  it('replaces characters Windows refuses and defuses reserved names', () => {
    expect(safeFilename('a<b>c:d"e|f?g*h.txt')).toBe('a_b_c_d_e_f_g_h.txt');
    expect(safeFilename('CON.txt')).toBe('_CON.txt');
    expect(safeFilename('...hidden. ')).toBe('hidden');
  });

  it('is never empty, and names a nameless part by its type', () => {
    expect(safeFilename(undefined)).toBe('attachment');
    expect(safeFilename('', 'image/png')).toBe('attachment.png');
    expect(safeFilename(' \t ', 'message/rfc822')).toBe('attachment.eml');
    expect(safeFilename('\u202E', 'application/x-unknown')).toBe('attachment');
  });

  it('shortens long names but keeps the extension and whole characters', () => {
    const long = safeFilename(`${'😀'.repeat(300)}.docx`);
    expect(Array.from(long)).toHaveLength(120);
    expect(long.endsWith('😀.docx')).toBe(true);
    expect(long).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 8187)', () => {
    expect(contentDisposition('attachment', 'Bericht März (final).pdf')).toBe(
      `attachment; filename="Bericht Marz (final).pdf"; filename*=UTF-8''Bericht%20M%C3%A4rz%20%28final%29.pdf`,
    );
  });

  it('keeps quotes, backslashes and percent signs out of the quoted string', () => {
    const header = contentDisposition('inline', 'a"b\\c%d.png');
    expect(header).toMatch(
      /^inline; filename="a_b_c_d\.png"; filename\*=UTF-8''a%22b%5Cc%25d\.png$/,
    );
  });

  it('falls back to a readable ASCII name for scripts without one', () => {
    expect(contentDisposition('attachment', 'てすと.txt')).toBe(
      `attachment; filename="___.txt"; filename*=UTF-8''%E3%81%A6%E3%81%99%E3%81%A8.txt`,
    );
  });
});
