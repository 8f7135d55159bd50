/** What grouping by headers needs of one message; header values as the server sent them. */
export interface ThreadHeaders {
  uid: number;
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
}

interface Container {
  uid: number | null;
  parent: Container | null;
  children: Container[];
}

/** Message-IDs in a header, in order: the `<…>` tokens (RFC 5322 §3.6.4), folding removed. */
export function messageIds(header: string | null): string[] {
  if (!header) return [];
  const ids: string[] = [];
  for (const match of header.matchAll(/<([^<>]+)>/g)) {
    const id = match[1]!.replace(/\s+/g, '');
    if (id) ids.push(id);
  }
  return ids;
}

/**
 * References past this many keep the first (the thread's start) and the newest, as netnews
 * trims them (RFC 5537 §3.4.4). Each one linked walks up the chain above it (a loop check), so
 * a header of 50,000 IDs from one hostile sender cost 8 s of the event loop read whole.
 */
export const MAX_REFERENCES = 100;

function trimmed(references: string[]): string[] {
  if (references.length <= MAX_REFERENCES) return references;
  return [references[0]!, ...references.slice(references.length - (MAX_REFERENCES - 1))];
}

function isAncestor(candidate: Container, of: Container): boolean {
  if (candidate === of) return true;
  // Nothing descends from a container without children: no walk up a deep chain for a reply.
  if (candidate.children.length === 0) return false;
  for (let at: Container | null = of; at; at = at.parent) if (at === candidate) return true;
  return false;
}

function unlink(child: Container): void {
  const parent = child.parent;
  if (!parent) return;
  parent.children = parent.children.filter((c) => c !== child);
  child.parent = null;
}

function link(parent: Container, child: Container): void {
  unlink(child);
  child.parent = parent;
  parent.children.push(child);
}

function dummy(): Container {
  return { uid: null, parent: null, children: [] };
}

/**
 * RFC 5256 §3 step 3: dummies without children go; dummies with children give way to them,
 * except at the top where a dummy holding several replies to a missing message stays. Deepest
 * first, without recursion: a thread is as deep as its senders' References make it.
 */
function prune(roots: Container[]): Container[] {
  const preorder: Container[] = [];
  const stack = [...roots];
  while (stack.length) {
    const next = stack.pop()!;
    preorder.push(next);
    for (const child of next.children) stack.push(child);
  }
  /** What stands in a container's place among its parent's children, once pruned. */
  const standIns = new Map<Container, Container[]>();
  for (let i = preorder.length - 1; i >= 0; i--) {
    const container = preorder[i]!;
    const children: Container[] = [];
    for (const child of container.children) {
      for (const standIn of standIns.get(child)!) children.push(standIn);
    }
    container.children = children;
    for (const child of children) child.parent = container;
    standIns.set(container, standInsFor(container, false));
  }
  const kept: Container[] = [];
  for (const root of roots) {
    for (const standIn of standInsFor(root, true)) {
      standIn.parent = null;
      kept.push(standIn);
    }
  }
  return kept;
}

function standInsFor(container: Container, atRoot: boolean): Container[] {
  if (container.uid !== null) return [container];
  if (container.children.length === 0) return [];
  if (!atRoot || container.children.length === 1) return container.children;
  return [container];
}

function collect(root: Container): number[] {
  const uids: number[] = [];
  const stack = [root];
  while (stack.length) {
    const next = stack.pop()!;
    if (next.uid !== null) uids.push(next.uid);
    stack.push(...next.children);
  }
  return uids;
}

/**
 * Groups messages into threads as the server's THREAD=REFS does: RFC 5256's REFERENCES
 * algorithm (after JWZ's) through its step 4, linked by Message-ID, References (else
 * In-Reply-To), with dummies for missing parents, but without step 5's filing by base subject,
 * which joins unrelated mail that shares a subject (thread-command.ts). For servers without
 * THREAD; the caller bounds how many messages come in. Returns each thread's UIDs (unordered).
 */
export function groupByReferences(messages: readonly ThreadHeaders[]): number[][] {
  const byId = new Map<string, Container>();
  const get = (id: string): Container => {
    let container = byId.get(id);
    if (!container) byId.set(id, (container = dummy()));
    return container;
  };
  const sorted = [...messages].sort((a, b) => a.uid - b.uid);
  const own: Container[] = [];
  for (const message of sorted) {
    // §3 step 1A: a missing or duplicate Message-ID counts as a unique one.
    const id = messageIds(message.messageId)[0];
    let container = id ? get(id) : null;
    if (!container || container.uid !== null) container = dummy();
    container.uid = message.uid;
    own.push(container);

    const references = trimmed(messageIds(message.references));
    const chain = references.length ? references : messageIds(message.inReplyTo).slice(0, 1);
    // §3 step 1B: each reference is the parent of the next, unless already linked or a loop.
    for (let i = 1; i < chain.length; i++) {
      const parent = get(chain[i - 1]!);
      const child = get(chain[i]!);
      if (child.parent || parent === child || isAncestor(child, parent)) continue;
      link(parent, child);
    }
    // §3 step 1C: the last reference is this message's parent, replacing any earlier guess.
    const last = chain.length ? get(chain[chain.length - 1]!) : null;
    if (last && last !== container && !isAncestor(container, last)) link(last, container);
    else if (!last) unlink(container);
  }
  const roots = new Set<Container>();
  for (const container of [...own, ...byId.values()]) if (!container.parent) roots.add(container);
  const pruned = prune([...roots]);
  return pruned.map(collect).filter((uids) => uids.length > 0);
}
