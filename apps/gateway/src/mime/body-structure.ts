import type { MessageEnvelopeObject, MessageStructureObject } from 'imapflow';
import type { AttachmentInfo } from '@tidings/protocol';
import { safeFilename } from './safe-filename.ts';

/**
 * Deciding what to show from a BODYSTRUCTURE (RFC 3501 §7.4.2), before any body byte is
 * fetched. Pure: the input is imapflow's parsed tree, the output names IMAP body sections.
 */

/** Deeper trees are not mail but an attack (or a loop in a broken generator): refused. */
export const MAX_MIME_DEPTH = 32;
export const MAX_LISTED_ATTACHMENTS = 500;
export const MAX_ATTACHED_MESSAGES = 20;
/** Inline text parts joined into one body (a mailing-list footer after the text, ...). */
const MAX_BODY_SECTIONS = 8;

export type StructureNode = MessageStructureObject;

export class MimeStructureError extends Error {
  override name = 'MimeStructureError';
}

/** One text part to fetch and decode; its headers are rebuilt from BODYSTRUCTURE. */
export interface TextSection {
  /** IMAP section to fetch: "1", "2.1", ... */
  section: string;
  type: 'text/plain' | 'text/html';
  charset: string | null;
  /** Content-Transfer-Encoding, lower case, as the server reports it. */
  encoding: string | null;
  /**
   * IMAP section of the part's own header ("1.MIME", or "HEADER" for a message's sole body):
   * where the Content-Transfer-Encoding as written is read when the server's differs.
   */
  header: string;
  flowed: boolean;
  delSp: boolean;
  /** Encoded size as the server reports it. */
  size: number;
}

/** The shown body: one or more inline text parts of the same type, in order. */
export interface BodyPlan {
  type: 'text/plain' | 'text/html';
  sections: TextSection[];
}

export interface AttachedMessagePlan {
  part: string;
  envelope: MessageEnvelopeObject | undefined;
  body: BodyPlan | null;
  /**
   * Set where the server did not parse the attached message (Dovecot 2.3 keeps message/global,
   * RFC 6532, as a leaf without envelope or structure): it is read from its own bytes.
   */
  unparsed?: { encoding: string | null; size: number };
}

export interface MessagePlan {
  body: BodyPlan | null;
  attachments: AttachmentInfo[];
  attachedMessages: AttachedMessagePlan[];
}

interface Collector {
  attachments: AttachmentInfo[];
  attachedMessages: AttachedMessagePlan[];
}

/** What to show of a message and what to list as its attachments. */
export function planMessage(root: StructureNode): MessagePlan {
  const collector: Collector = { attachments: [], attachedMessages: [] };
  const body = visitEntity(root, '', collector, 0);
  return { body, ...collector };
}

/** The IMAP section of an entity's content: a message's sole non-multipart body is part 1. */
function entitySection(node: StructureNode, messageSection: string): string {
  if (isMultipart(node)) return messageSection;
  return messageSection ? `${messageSection}.1` : '1';
}

/** The body of a message (the root or an attached one) whose part number is `messageSection`. */
function visitEntity(
  node: StructureNode,
  messageSection: string,
  collector: Collector,
  depth: number,
): BodyPlan | null {
  const header = messageSection ? `${messageSection}.HEADER` : 'HEADER';
  return visit(node, entitySection(node, messageSection), collector, depth, false, header);
}

/**
 * Returns the body this subtree offers (or null) and lists everything else it holds in
 * `collector`. For a multipart, `section` is the prefix of its children ('' at the root).
 */
function visit(
  node: StructureNode,
  section: string,
  collector: Collector,
  depth: number,
  inRelated: boolean,
  header = `${section}.MIME`,
): BodyPlan | null {
  if (depth > MAX_MIME_DEPTH) {
    throw new MimeStructureError(`MIME structure nested deeper than ${MAX_MIME_DEPTH} levels`);
  }
  const type = contentTypeOf(node);
  const children = node.childNodes ?? [];
  const childSection = (index: number) => (section ? `${section}.${index + 1}` : `${index + 1}`);

  if (isMultipart(node)) {
    // Without a boundary (RFC 2046 §5.1.1) Dovecot cannot split the body and reports one empty
    // part: the text is there, only not where BODYSTRUCTURE can point. Parse the source instead.
    // (A server that leaves out extension data has no parameters either, but real part sizes.)
    if (!node.parameters?.boundary && children.every((child) => !child.size)) {
      throw new MimeStructureError('multipart without a boundary');
    }
    const subtype = type.slice('multipart/'.length);
    if (subtype === 'alternative')
      return visitAlternative(children, childSection, collector, depth);
    if (subtype === 'related') return visitRelated(node, childSection, collector, depth);
    // mixed, signed, report, digest and anything unknown (RFC 2046 §5.1.7: treat as mixed).
    let body: BodyPlan | null = null;
    for (const [index, child] of children.entries()) {
      const found = visit(child, childSection(index), collector, depth + 1, false);
      if (!found) continue;
      if (!body) body = found;
      else if (found.type === body.type && body.sections.length < MAX_BODY_SECTIONS) {
        body.sections.push(...found.sections);
      } else for (const s of found.sections) addTextAttachment(collector, s);
    }
    return body;
  }

  if (type === 'message/rfc822' || type === 'message/global') {
    // A forwarded message is shown readable beneath the body, never as the body itself.
    addAttachment(collector, node, section, inRelated);
    const inner = children[0];
    if (collector.attachedMessages.length >= MAX_ATTACHED_MESSAGES) return null;
    const attached: AttachedMessagePlan = { part: section, envelope: node.envelope, body: null };
    collector.attachedMessages.push(attached);
    if (inner) attached.body = visitEntity(inner, section, collector, depth + 1);
    else
      attached.unparsed = {
        encoding: node.encoding?.trim().toLowerCase() || null,
        size: node.size ?? 0,
      };
    return null;
  }

  if (isInlineText(node, type)) {
    return {
      type: type as BodyPlan['type'],
      sections: [textSection(node, section, type, header)],
    };
  }
  addAttachment(collector, node, section, inRelated);
  return null;
}

/**
 * RFC 2046 §5.1.4: alternatives come in increasing faithfulness, so the last HTML one wins,
 * else the last plain text one. The losers are other renditions of the same content and are
 * dropped, except parts that are no rendition at all (a text/calendar invitation).
 */
function visitAlternative(
  children: StructureNode[],
  childSection: (index: number) => string,
  collector: Collector,
  depth: number,
): BodyPlan | null {
  const candidates = children.map((child, index) => {
    const own: Collector = { attachments: [], attachedMessages: [] };
    return { body: visit(child, childSection(index), own, depth + 1, false), own };
  });
  const chosen =
    candidates.findLast((c) => c.body?.type === 'text/html') ??
    candidates.findLast((c) => c.body !== null);
  for (const candidate of candidates) {
    if (candidate === chosen || candidate.body === null) merge(collector, candidate.own);
  }
  return chosen?.body ?? null;
}

/** RFC 2387: the root (the `start` part, else the first) is the body; the rest it references. */
function visitRelated(
  node: StructureNode,
  childSection: (index: number) => string,
  collector: Collector,
  depth: number,
): BodyPlan | null {
  const children = node.childNodes ?? [];
  const { start, type } = node.parameters ?? {};
  // Some generators put the root elsewhere without `start`; their `type` still names it.
  let rootIndex = start
    ? children.findIndex((c) => sameContentId(c.id, start))
    : children.findIndex((c) => c.type?.toLowerCase() === type?.toLowerCase());
  if (rootIndex < 0 || (!start && children[0]?.type === children[rootIndex]?.type)) rootIndex = 0;
  let body: BodyPlan | null = null;
  for (const [index, child] of children.entries()) {
    if (index === rootIndex) body = visit(child, childSection(index), collector, depth + 1, false);
    else {
      const extra = visit(child, childSection(index), collector, depth + 1, true);
      for (const s of extra?.sections ?? []) addTextAttachment(collector, s);
    }
  }
  return body;
}

function merge(into: Collector, from: Collector): void {
  for (const a of from.attachments) pushAttachment(into, a);
  for (const m of from.attachedMessages) {
    if (into.attachedMessages.length < MAX_ATTACHED_MESSAGES) into.attachedMessages.push(m);
  }
}

const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/** RFC 2045 §5.2: a missing or unreadable Content-Type means text/plain (us-ascii). */
export function contentTypeOf(node: StructureNode): string {
  const type = (node.type ?? '').trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : 'text/plain';
}

function isMultipart(node: StructureNode): boolean {
  return (node.type ?? '').toLowerCase().startsWith('multipart/');
}

/** A text part meant to be read in place: not marked attachment and not a named file. */
function isInlineText(node: StructureNode, type: string): boolean {
  if (type !== 'text/plain' && type !== 'text/html') return false;
  if (node.disposition === 'attachment') return false;
  return !node.dispositionParameters?.filename && !node.parameters?.name;
}

function textSection(
  node: StructureNode,
  section: string,
  type: string,
  header: string,
): TextSection {
  const params = node.parameters ?? {};
  return {
    section,
    header,
    type: type as TextSection['type'],
    charset: params.charset?.trim() || null,
    encoding: node.encoding?.trim().toLowerCase() || null,
    // RFC 3676 §4.1/§4.2: parameter values are case-insensitive.
    flowed: params.format?.trim().toLowerCase() === 'flowed',
    delSp: params.delsp?.trim().toLowerCase() === 'yes',
    size: node.size ?? 0,
  };
}

function addAttachment(
  collector: Collector,
  node: StructureNode,
  section: string,
  inRelated: boolean,
): void {
  const contentType = contentTypeOf(node);
  const contentId = bareContentId(node.id);
  let name = node.dispositionParameters?.filename || node.parameters?.name;
  if (!name && (contentType === 'message/rfc822' || contentType === 'message/global'))
    name = `${node.envelope?.subject || 'message'}.eml`;
  const info: AttachmentInfo = {
    part: section,
    filename: safeFilename(name, contentType),
    contentType,
    size: node.size ?? 0,
    inline: node.disposition === 'inline' || (inRelated && contentId !== undefined),
  };
  if (contentId !== undefined) info.contentId = contentId;
  pushAttachment(collector, info);
}

/** An inline text part that is not part of the shown body: still listed, so nothing is lost. */
function addTextAttachment(collector: Collector, text: TextSection): void {
  pushAttachment(collector, {
    part: text.section,
    filename: safeFilename(undefined, text.type),
    contentType: text.type,
    size: text.size,
    inline: false,
  });
}

function pushAttachment(collector: Collector, info: AttachmentInfo): void {
  if (collector.attachments.length < MAX_LISTED_ATTACHMENTS) collector.attachments.push(info);
}

/** `<abc@host>` → `abc@host`, the form a `cid:` URL carries (RFC 2392). */
export function bareContentId(id: string | undefined): string | undefined {
  const bare = id?.trim().replace(/^<|>$/g, '').trim();
  return bare && bare.length <= 998 ? bare : undefined;
}

function sameContentId(a: string | undefined, b: string): boolean {
  const left = bareContentId(a);
  return left !== undefined && left === bareContentId(b);
}

/** Every node with its IMAP section, depth first (for lookups by part or Content-ID). */
export function* walkSections(
  root: StructureNode,
): Generator<{ node: StructureNode; section: string }> {
  function* walk(
    node: StructureNode,
    section: string,
    depth: number,
  ): Generator<{ node: StructureNode; section: string }> {
    if (depth > MAX_MIME_DEPTH) return;
    if (isMultipart(node)) {
      if (section) yield { node, section };
      const children = node.childNodes ?? [];
      for (let i = 0; i < children.length; i++) {
        yield* walk(children[i]!, section ? `${section}.${i + 1}` : `${i + 1}`, depth + 1);
      }
      return;
    }
    yield { node, section };
    const inner = node.childNodes?.[0];
    const type = (node.type ?? '').toLowerCase();
    if (inner && (type === 'message/rfc822' || type === 'message/global')) {
      yield* walk(inner, entitySection(inner, section), depth + 1);
    }
  }
  yield* walk(root, entitySection(root, ''), 0);
}

/** The leaf (or message/rfc822) part at `section`, if the message has one. */
export function findSection(root: StructureNode, section: string): StructureNode | undefined {
  for (const entry of walkSections(root)) {
    if (entry.section === section && !isMultipart(entry.node)) return entry.node;
  }
  return undefined;
}

/** The first part whose Content-ID is `cid` (RFC 2392: compared without the angle brackets). */
export function findContentId(
  root: StructureNode,
  cid: string,
): { node: StructureNode; section: string } | undefined {
  const wanted = bareContentId(cid);
  if (wanted === undefined) return undefined;
  for (const entry of walkSections(root)) {
    if (bareContentId(entry.node.id) === wanted) return entry;
  }
  return undefined;
}
