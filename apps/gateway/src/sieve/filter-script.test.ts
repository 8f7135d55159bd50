import { describe, expect, it } from 'vitest';
import type { FilterRule } from '@tidings/protocol';
import { filterScript, readFilterScript } from './filter-script.ts';

const rule = (overrides: Partial<FilterRule>): FilterRule => ({
  field: 'from',
  test: 'contains',
  value: 'news@shop.example',
  moveTo: 'Newsletters',
  markRead: false,
  ...overrides,
});

const body = (script: string) => script.split('\r\n').slice(2).join('\n');

describe('filterScript', () => {
  it('files and marks read in order, stopping once a message is filed', () => {
    const rules = [
      rule({ markRead: true }),
      rule({ field: 'subject', test: 'is', value: 'Weekly report', moveTo: null, markRead: true }),
    ];
    expect(body(filterScript({ rules, keeps: null }))).toBe(
      [
        'require ["fileinto", "imap4flags"];',
        'if header :contains ["from"] "news@shop.example" {',
        '  addflag "\\\\Seen";',
        '  fileinto "Newsletters";',
        '  stop;',
        '}',
        'if header :is ["subject"] "Weekly report" {',
        '  addflag "\\\\Seen";',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('tags with the tag’s keyword, on its own or before filing, and needs imap4flags for it', () => {
    const rules = [
      rule({ field: 'subject', value: 'Invoice', moveTo: null, tag: '$label2' }),
      rule({ markRead: true, tag: '$label5' }),
    ];
    expect(body(filterScript({ rules, keeps: null }))).toBe(
      [
        'require ["fileinto", "imap4flags"];',
        'if header :contains ["subject"] "Invoice" {',
        '  addflag "$label2";',
        '}',
        'if header :contains ["from"] "news@shop.example" {',
        '  addflag "\\\\Seen";',
        '  addflag "$label5";',
        '  fileinto "Newsletters";',
        '  stop;',
        '}',
        '',
      ].join('\n'),
    );
    expect(
      body(filterScript({ rules: [rule({ moveTo: null, tag: '$label1' })], keeps: null })),
    ).toMatch(/^require \["imap4flags"\];/);
  });

  it('compares addresses of From and To/Cc, and a list by its id', () => {
    const script = filterScript({
      rules: [
        rule({ test: 'is', value: ' Boss@Corp.example ' }),
        rule({ field: 'to', value: 'team@' }),
        rule({ field: 'list', test: 'is', value: '<dev.lists.example>' }),
      ],
      keeps: null,
    });
    expect(script).toContain('if address :all :is ["from"] "Boss@Corp.example" {');
    expect(script).toContain('if header :contains ["to", "cc"] "team@" {');
    expect(script).toContain('if header :contains ["list-id"] "<dev.lists.example>" {');
  });

  it('runs the user’s own script after the rules, and needs nothing more without rules', () => {
    const script = filterScript({ rules: [], keeps: 'roundcube' });
    expect(body(script)).toBe(
      ['require ["include"];', 'include :personal :optional "roundcube";', ''].join('\n'),
    );
  });

  it('keeps hostile text and folder names inside their strings', () => {
    const script = filterScript({
      rules: [rule({ value: 'a" { discard; } if true {', moveTo: 'Clients/"Acme"\\' })],
      keeps: null,
    });
    expect(script).toContain('if header :contains ["from"] "a\\" { discard; } if true {" {');
    expect(script).toContain('fileinto "Clients/\\"Acme\\"\\\\";');
    expect(script).not.toMatch(/^\s*discard/m);
  });
});

describe('readFilterScript', () => {
  it('reads back what it wrote', () => {
    const stored = { rules: [rule({}), rule({ field: 'to', moveTo: null, markRead: true })] };
    expect(readFilterScript(filterScript({ ...stored, keeps: 'mine' }))).toEqual({
      ...stored,
      keeps: 'mine',
    });
  });

  it('reads rules stored before rules could tag, and tags back', () => {
    const stored = {
      rules: [rule({ tag: '$label3' }), rule({ moveTo: null, tag: null, markRead: true })],
    };
    expect(readFilterScript(filterScript({ ...stored, keeps: null }))).toEqual({
      ...stored,
      keeps: null,
    });
    const before = { rules: [rule({})], keeps: null };
    expect('tag' in before.rules[0]!).toBe(false);
    expect(readFilterScript(filterScript(before))).toEqual(before);
  });

  it('gives null for another script, or damaged or hostile rules', () => {
    expect(readFilterScript('require "fileinto";\r\nfileinto "Archive";\r\n')).toBeNull();
    expect(readFilterScript('# tidings-filters {"rules":\r\n')).toBeNull();
    const noAction = JSON.stringify({ rules: [rule({ moveTo: null })], keeps: null });
    expect(readFilterScript(`# tidings-filters ${noAction}\r\n`)).toBeNull();
    const badKeeps = JSON.stringify({ rules: [], keeps: '' });
    expect(readFilterScript(`# tidings-filters ${badKeeps}\r\n`)).toBeNull();
  });
});
