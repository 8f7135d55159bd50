import type { Identity } from '../settings/identity.ts';
import type { ComposeKind } from './composeRequest.ts';
import { SIGNATURE_DELIMITER, textToHtml } from './htmlText.ts';

export { SIGNATURE_DELIMITER };

/** The plain signature as it goes into a body: the separator line, then the signature. */
export function signatureBlock(signature: string): string {
  const lines = signature.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  return lines ? `${SIGNATURE_DELIMITER}\n${lines}` : '';
}

/**
 * The body a new composer starts with: the signature under the space where the user writes,
 * and above the quoted original in replies and forwards (where the user writes, as Thunderbird
 * does with "place my signature above the quote"). A reopened draft has its signature already.
 */
export function withSignature(text: string, signature: string, kind: ComposeKind): string {
  const block = signatureBlock(signature);
  if (!block || kind === 'draft') return text;
  // Replies and forwards start with a blank line, then the quote or the forwarded block.
  const rest = text.replace(/^\n+/, '');
  return rest ? `\n\n${block}\n\n${rest}` : `\n\n${block}`;
}

/**
 * The plain body as the rich-text editor's HTML, with the plain signature replaced by its HTML
 * form where the user gave one (`safeHtml` makes it fit for the editor). A signature the user
 * has edited in the body no longer matches and stays as typed.
 */
export function richWithSignature(
  text: string,
  identity: Pick<Identity, 'signature' | 'signatureHtml'>,
  safeHtml: (html: string) => string,
): string {
  const block = signatureBlock(identity.signature);
  const html = safeHtml(identity.signatureHtml).trim();
  const at = block && html ? findBlock(text, block) : -1;
  if (at < 0) return textToHtml(text);
  const before = text.slice(0, at).replace(/\n$/, '');
  const after = text.slice(at + block.length).replace(/^\n/, '');
  return [
    at > 0 ? textToHtml(before) : '',
    `<div>${SIGNATURE_DELIMITER}</div>`,
    `<div>${html}</div>`,
    after ? textToHtml(after) : '',
  ].join('');
}

/** Where the signature block starts: at the start of a line and ending one. */
function findBlock(text: string, block: string): number {
  let from = 0;
  for (;;) {
    const at = text.indexOf(block, from);
    if (at < 0) return -1;
    const end = at + block.length;
    if ((at === 0 || text[at - 1] === '\n') && (end === text.length || text[end] === '\n')) {
      return at;
    }
    from = at + 1;
  }
}
