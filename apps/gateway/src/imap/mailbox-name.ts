/**
 * Decodes a mailbox name in modified UTF-7 (RFC 3501 §5.1.3): `&` starts a base64 run of
 * UTF-16BE with `,` for `/`, `-` ends it, `&-` is a literal `&`. Servers without UTF8=ACCEPT
 * (Dovecot 2.3) name folders this way in raw responses such as NOTIFY's STATUS.
 */
export function decodeModifiedUtf7(name: string): string {
  return name.replace(/&([^-]*)-/g, (_match, run: string) => {
    if (run === '') return '&';
    const bytes = Buffer.from(run.replace(/,/g, '/'), 'base64');
    let text = '';
    for (let i = 0; i + 1 < bytes.length; i += 2)
      text += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
    return text;
  });
}
