import type { MessageSpec } from './build-message.ts';
import { KINDS, pickKind, shouldAttach, type KindName } from './demo/kinds.ts';
import { firstName, personFromAddress } from './demo/people.ts';
import type { Draft, Person } from './demo/types.ts';
import { chance, hex, pick, type Rng } from './rng.ts';

/** Realistic received mail for `to`: varied senders and kinds, ~20% HTML, ~10% attachments. */
export function randomMessage(rng: Rng, opts: { to: string; date: Date }): MessageSpec {
  return receivedMessage(rng, pickKind(rng), opts);
}

export function receivedMessage(
  rng: Rng,
  kindName: KindName,
  { to, date }: { to: string; date: Date },
): MessageSpec {
  const kind = KINDS[kindName];
  const recipient = personFromAddress(to);
  const sender = kind.sender(rng, domainOf(to));
  const withAttachment = shouldAttach(rng, kind);
  const draft = kind.compose(rng, { sender, recipient, date }, withAttachment);
  return toSpec(rng, draft, {
    sender,
    to: [recipient],
    date,
    html: chance(rng, kind.htmlProbability),
  });
}

/** Mail the account owner wrote to one of their contacts (for the Sent folder). */
export function sentMessage(rng: Rng, { from, date }: { from: string; date: Date }): MessageSpec {
  const personalKinds = (Object.keys(KINDS) as KindName[]).filter((name) => KINDS[name].personal);
  const kind = KINDS[pickKind(rng, personalKinds)];
  const sender = personFromAddress(from);
  const recipient = kind.sender(rng, domainOf(from));
  const draft = kind.compose(rng, { sender, recipient, date }, shouldAttach(rng, kind));
  return toSpec(rng, draft, { sender, to: [recipient], date, html: false });
}

const REPLY_OPENERS = [
  'Sounds good to me.',
  'Thanks, that helps a lot.',
  'Makes sense. One small thing: can we push this to next week?',
  'Agreed. I will take care of it today.',
  "Good catch, I hadn't seen that.",
  'Works for me. See you then!',
  "Let's discuss it in person, it's easier.",
  'Done, updated the doc.',
] as const;

/** A reply in the same thread: "Re:" subject, In-Reply-To and References, quoted original. */
export function replyMessage(
  rng: Rng,
  original: MessageSpec,
  { from, date }: { from: Person; date: Date },
): MessageSpec {
  const to = original.from;
  const quoted = (original.text ?? '')
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
  const toPerson = parseAddress(to);
  const draft: Draft = {
    subject: /^re:/i.test(original.subject) ? original.subject : `Re: ${original.subject}`,
    paragraphs: [
      `${pick(rng, ['Hi', 'Hey'])} ${firstName(toPerson)},`,
      pick(rng, REPLY_OPENERS),
      firstName(from),
      `On ${original.date?.toUTCString() ?? 'an earlier day'}, ${to} wrote:\n${quoted}`,
    ],
  };
  const spec = toSpec(rng, draft, { sender: from, to: [toPerson], date, html: false });
  const parentId = original.messageId;
  if (parentId) {
    spec.inReplyTo = parentId;
    spec.references = [...(original.references ?? []), parentId];
  }
  return spec;
}

function toSpec(
  rng: Rng,
  draft: Draft,
  { sender, to, date, html }: { sender: Person; to: Person[]; date: Date; html: boolean },
): MessageSpec {
  const text = `${draft.paragraphs.join('\n\n')}\n`;
  return {
    from: formatAddress(sender),
    to: to.map(formatAddress),
    subject: draft.subject,
    text,
    ...(html ? { html: renderHtml(draft) } : {}),
    date,
    messageId: `<${date.getTime().toString(36)}.${hex(rng, 12)}@${domainOf(sender.email)}>`,
    ...(draft.attachment ? { attachments: [draft.attachment] } : {}),
    ...(draft.headers ? { headers: draft.headers } : {}),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderHtml(draft: Draft): string {
  const paragraphs = draft.paragraphs
    .map((paragraph) => {
      const lines = paragraph.split('\n');
      if (lines.every((line) => line.startsWith('- '))) {
        return `<ul>${lines.map((line) => `<li>${escapeHtml(line.slice(2))}</li>`).join('')}</ul>`;
      }
      return `<p>${lines.map(escapeHtml).join('<br>')}</p>`;
    })
    .join('\n');
  const headline = draft.headline
    ? `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(draft.headline)}</h1>\n`
    : '';
  return `<!doctype html>
<html><body style="font-family:Helvetica,Arial,sans-serif;color:#222;line-height:1.5">
<div style="max-width:600px;margin:0 auto;padding:24px">
${headline}${paragraphs}
</div>
</body></html>
`;
}

function formatAddress(person: Person): string {
  return /^[\w .'-]*$/.test(person.name)
    ? `${person.name} <${person.email}>`
    : `"${person.name.replace(/["\\]/g, '')}" <${person.email}>`;
}

/** "Name <addr>" or a bare address, as formatAddress writes them. */
export function parseAddress(address: string): Person {
  const match = /^"?([^"<]*)"?\s*<([^>]+)>$/.exec(address.trim());
  if (!match) return personFromAddress(address);
  return { name: (match[1] ?? '').trim() || (match[2] ?? ''), email: match[2] ?? address };
}

function domainOf(email: string): string {
  return email.split('@')[1] ?? 'example.test';
}
