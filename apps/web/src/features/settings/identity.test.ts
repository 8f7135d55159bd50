import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../lib/memoryStorage.ts';
import { cleanDisplayName, identityKey, loadIdentity, saveIdentity } from './identity.ts';

describe('the identity', () => {
  it('is kept per account in this browser', () => {
    const store = memoryStorage();
    const ada = { name: 'Ada Lovelace', signature: 'Ada', signatureHtml: '<b>Ada</b>' };
    saveIdentity('Ada@Example.test', ada, store);
    expect(loadIdentity('ada@example.test', store)).toEqual(ada);
    expect(loadIdentity('bob@example.test', store)).toEqual({
      name: '',
      signature: '',
      signatureHtml: '',
    });
    expect([...store.values.keys()]).toEqual([identityKey('ada@example.test')]);
  });

  it('survives a foreign or broken value', () => {
    const store = memoryStorage();
    store.setItem(identityKey('ada@example.test'), '{"name": 42, "signature": "x\\r\\ny"');
    expect(loadIdentity('ada@example.test', store).name).toBe('');
    store.setItem(identityKey('ada@example.test'), '{"name": "Ada\\r\\nBcc: eve", "signature": 1}');
    expect(loadIdentity('ada@example.test', store)).toEqual({
      name: 'Ada Bcc: eve',
      signature: '',
      signatureHtml: '',
    });
  });

  it('has a name without line breaks or control characters', () => {
    expect(cleanDisplayName('  Ada\r\n  Lovelace\u0000 ')).toBe('Ada Lovelace');
    expect(cleanDisplayName('x'.repeat(300))).toHaveLength(256);
  });
});
