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

function isAncestor(candidate: Container, of: Container): boolean {
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
 * except at the top where a dummy holding several replies to a missing message stays.
 */
function prune(siblings: Container[], atRoot: boolean): Container[] {
  const kept: Container[] = [];
  for (const container of siblings) {
    container.children = prune(container.children, false);
    for (const child of container.children) child.parent = container;
    if (container.uid !== null) {
      kept.push(container);
    } else if (container.children.length === 0) {
      continue;
    } else if (!atRoot || container.children.length === 1) {
      for (const child of container.children) child.parent = null;
      kept.push(...container.children);
    } else {
      kept.push(container);
    }
  }
  return kept;
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

    const references = messageIds(message.references);
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
  const pruned = prune([...roots], true);
  return pruned.map(collect).filter((uids) => uids.length > 0);
}
