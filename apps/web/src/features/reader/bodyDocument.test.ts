import { describe, expect, it } from 'vitest';
import { bodyDocument, framePolicy } from './bodyDocument.ts';

const ORIGIN = 'http://127.0.0.1:8080';

describe('bodyDocument', () => {
  it('loads nothing remote by default', () => {
    const policy = framePolicy(ORIGIN, false);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`img-src data: ${ORIGIN}/api/message/inline;`);
    expect(policy).not.toMatch(/https?:(?!\/\/127)/);
    expect(policy).not.toContain('script');
  });

  it('adds remote images, and only images, once allowed', () => {
    const policy = framePolicy(ORIGIN, true);
    expect(policy).toContain(`img-src data: ${ORIGIN}/api/message/inline https: http:;`);
    expect(policy.replace(/img-src[^;]*/, '')).not.toMatch(/https?:(?!\/\/127)/);
  });

  it('puts the policy before anything the message brings', () => {
    const doc = bodyDocument({
      body: '<p>x</p>',
      kind: 'html',
      origin: ORIGIN,
      allowRemote: false,
    });
    const policyAt = doc.indexOf('http-equiv="Content-Security-Policy"');
    expect(policyAt).toBeGreaterThan(0);
    expect(policyAt).toBeLessThan(doc.indexOf('<p>x</p>'));
    expect(doc).toContain('<meta name="referrer" content="no-referrer">');
    expect(doc).toContain('<body class="tidings-html"><p>x</p></body>');
  });
});
