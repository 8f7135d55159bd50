// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { editorSafeHtml, safeLinkUrl } from './editorHtml.ts';

describe('editorSafeHtml', () => {
  it('keeps formatting and drops what could run or load', () => {
    expect(
      editorSafeHtml(
        '<b onclick="x()">bold</b><img src="https://t.example/p.gif"><script>1</script><a href="javascript:alert(1)">x</a><a href="https://example.org">y</a>',
      ),
    ).toBe('<b>bold</b><a>x</a><a href="https://example.org">y</a>');
  });
});

describe('safeLinkUrl', () => {
  it('takes web and mail addresses', () => {
    expect(safeLinkUrl('example.org/x')).toBe('https://example.org/x');
    expect(safeLinkUrl('https://example.org')).toBe('https://example.org');
    expect(safeLinkUrl('mailto:ada@example.org')).toBe('mailto:ada@example.org');
  });

  it('refuses other schemes', () => {
    expect(safeLinkUrl('javascript:alert(1)')).toBeNull();
    expect(safeLinkUrl('data:text/html,x')).toBeNull();
    expect(safeLinkUrl('  ')).toBeNull();
  });
});
