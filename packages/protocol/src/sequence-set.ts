/** Compresses UIDs into an IMAP sequence set (RFC 3501 §9 sequence-set): [1,2,3,7] → "1:3,7". */
export function toSequenceSet(uids: Iterable<number>): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i]!;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1] === end + 1) end = sorted[++i]!;
    parts.push(start === end ? String(start) : `${start}:${end}`);
    i++;
  }
  return parts.join(',');
}

/**
 * The UIDs a sequence set `toSequenceSet` wrote names, ascending: "1:3,7" → [1, 2, 3, 7]. Only
 * for sets the gateway wrote (no `*`, each range low to high); anything else names nothing.
 */
export function uidsOfSequenceSet(set: string): number[] {
  const uids: number[] = [];
  for (const part of set ? set.split(',') : []) {
    const [from, to = from] = part.split(':').map(Number);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from! < 1 || to! < from!) {
      continue;
    }
    for (let uid = from!; uid <= to!; uid++) uids.push(uid);
  }
  return uids;
}
