/**
 * One field's value from a raw header block (what FETCH BODY[HEADER.FIELDS (...)] answers),
 * unfolded (RFC 5322 §2.2.3); null when the field is not there. The first one counts.
 */
export function headerField(block: string, name: string): string | null {
  const prefix = `${name.toLowerCase()}:`;
  const field = block
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .find((line) => line.toLowerCase().startsWith(prefix));
  return field === undefined ? null : field.slice(prefix.length).trim();
}
