// What Tidings' own Sieve scripts (RFC 5228) share: strings, and the marker line that carries a
// script's settings so that the form shows what was saved.

/** A Sieve quoted string (RFC 5228 §2.4.2): `"` and `\` escaped, line breaks as CRLF. */
export function sieveString(value: string): string {
  return `"${value.replace(/\r\n?|\n/g, '\r\n').replace(/[\\"]/g, '\\$&')}"`;
}

/** A list of strings (RFC 5228 §2.4.2.1). */
export function sieveList(values: readonly string[]): string {
  return `[${values.map(sieveString).join(', ')}]`;
}

/** `require` for the extensions a script uses, in the order given; nothing when it needs none. */
export function requireLine(extensions: readonly string[]): string[] {
  return extensions.length === 0 ? [] : [`require ${sieveList(extensions)};`];
}

/** A comment line with `value` as JSON: a comment to the server, the settings to us. */
export function markerLine(marker: string, value: unknown): string {
  return `# ${marker} ${JSON.stringify(value)}`;
}

/** What the marker line of `script` holds; undefined when it has none or it is not JSON. */
export function readMarker(script: string, marker: string): unknown {
  const prefix = `# ${marker} `;
  const line = script.split(/\r?\n/).find((l) => l.startsWith(prefix));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice(prefix.length)) as unknown;
  } catch {
    return undefined;
  }
}

/** The user's own script, run at the end of ours (RFC 6609); gone, it is skipped. */
export function includeLine(script: string): string {
  return `include :personal :optional ${sieveString(script)};`;
}

/** Joins lines as a script: CRLF, as the protocol carries it. */
export function scriptText(lines: readonly string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}
