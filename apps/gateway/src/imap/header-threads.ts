import { baseSubject } from './base-subject.ts';

/** What grouping by headers needs of one message; header values as the server sent them. */
export interface ThreadHeaders {
  uid: number;
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  subject: string;
}

interface Container {
  uid: number | null;
  subject: string;
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
  return { uid: null, subject: '', parent: null, children: [] };
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

/** The subject a root is filed under: its own, or for a dummy its first child's. */
function rootSubject(root: Container): string {
  return root.uid !== null ? root.subject : (root.children[0]?.subject ?? '');
}

/** RFC 5256 §3 step 5: roots with the same base subject become one thread. */
function gatherBySubject(roots: Container[]): Container[] {
  const table = new Map<string, Container>();
  for (const root of roots) {
    const { base } = baseSubject(rootSubject(root));
    if (!base) continue;
    const old = table.get(base);
    const prefer =
      !old ||
      (root.uid === null && old.uid !== null) ||
      (old.uid !== null &&
        root.uid !== null &&
        baseSubject(old.subject).isReply &&
        !baseSubject(root.subject).isReply);
    if (prefer) table.set(base, root);
  }
  const merged = new Set<Container>();
  const result: Container[] = [];
  for (const root of roots) {
    const { base, isReply } = baseSubject(rootSubject(root));
    const old = base ? table.get(base) : undefined;
    if (!old || old === root) {
      result.push(root);
      continue;
    }
    merged.add(root);
    if (old.uid === null && root.uid === null) {
      for (const child of [...root.children]) link(old, child);
    } else if (old.uid === null) {
      // The table prefers dummies: once one holds a subject, every other root is not one.
      link(old, root);
    } else if (!baseSubject(old.subject).isReply && isReply) {
      link(old, root);
    } else {
      const joint = dummy();
      const at = result.indexOf(old);
      link(joint, old);
      link(joint, root);
      table.set(base, joint);
      if (at >= 0) result[at] = joint;
      else result.push(joint);
    }
  }
  return result.filter((root) => !merged.has(root) && root.parent === null);
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
 * Groups messages into threads the way RFC 5256 THREAD=REFERENCES does (after JWZ's
 * algorithm): linked by Message-ID, References (else In-Reply-To), with dummies for missing
 * parents, then by base subject. For servers without THREAD; the caller bounds how many
 * messages come in. Returns each thread's UIDs (unordered).
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
    container.subject = message.subject;
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
  return gatherBySubject(pruned)
    .map(collect)
    .filter((uids) => uids.length > 0);
}
