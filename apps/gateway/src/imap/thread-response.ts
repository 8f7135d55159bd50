/**
 * Reads the server's answer to `UID THREAD` (RFC 5256 §4):
 *
 *   thread-data    = "THREAD" [SP 1*thread-list]
 *   thread-list    = "(" (thread-members / thread-nested) ")"
 *   thread-members = nz-number *(SP nz-number) [SP thread-nested]
 *   thread-nested  = 2*thread-list
 *
 * imapflow's tokenizer hands the parenthesised lists over as nested arrays of `{ type: 'ATOM',
 * value: '12' }` tokens; this turns them into trees. A list that starts with a nested list
 * (`((3)(5))`) has a missing parent: a "dummy" node (uid null) whose children are the replies.
 */

export interface ThreadNode {
  /** null for a dummy: a message the others refer to that is not in the mailbox. */
  uid: number | null;
  children: ThreadNode[];
}

export class ThreadResponseError extends Error {}

/** RFC 3501 nz-number: 1 to 4294967295. */
const MAX_UID = 0xffff_ffff;

function toUid(token: unknown): number {
  const value = (token as { value?: unknown } | null)?.value;
  if (typeof value === 'string' && /^[1-9][0-9]{0,9}$/.test(value)) {
    const uid = Number(value);
    if (uid <= MAX_UID) return uid;
  }
  throw new ThreadResponseError(`not a message number in THREAD: ${JSON.stringify(value)}`);
}

/** One thread-list: a chain of messages, each the parent of the next, then the branches. */
function parseThreadList(list: unknown[]): ThreadNode {
  if (list.length === 0) throw new ThreadResponseError('empty thread-list in THREAD');
  let i = 0;
  let root: ThreadNode | null = null;
  let last: ThreadNode | null = null;
  for (; i < list.length && !Array.isArray(list[i]); i++) {
    const node: ThreadNode = { uid: toUid(list[i]), children: [] };
    if (last) last.children.push(node);
    else root = node;
    last = node;
  }
  const nested = list.slice(i);
  for (const entry of nested) {
    // Numbers after a nested list break the grammar: the chain must come first.
    if (!Array.isArray(entry)) throw new ThreadResponseError('message number after a branch');
  }
  const branches = (nested as unknown[][]).map(parseThreadList);
  if (!last) {
    // thread-nested alone: the parent is missing (RFC 5256 §4, `((3)(5))`).
    return { uid: null, children: branches };
  }
  last.children.push(...branches);
  return root!;
}

/** The attributes of one untagged THREAD response as trees, one per thread. */
export function parseThreadResponse(attributes: readonly unknown[] | undefined): ThreadNode[] {
  if (!attributes) return []; // `* THREAD` with no list: no messages matched
  return attributes.map((entry) => {
    if (!Array.isArray(entry)) throw new ThreadResponseError('THREAD data outside a thread-list');
    return parseThreadList(entry);
  });
}

/** Every message of a thread, in the tree's order (dummies have none). */
export function threadUids(node: ThreadNode): number[] {
  const uids: number[] = [];
  const stack: ThreadNode[] = [node];
  while (stack.length) {
    const next = stack.pop()!;
    if (next.uid !== null) uids.push(next.uid);
    for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!);
  }
  return uids;
}
