import { buildMessage, type MessageSpec } from './build-message.ts';
import type { KindName } from './demo/kinds.ts';
import { personFromAddress } from './demo/people.ts';
import type { Person } from './demo/types.ts';
import type { Dovecot, MailUser } from './dovecot.ts';
import { MailClient } from './mail-client.ts';
import { parseAddress, receivedMessage, replyMessage, sentMessage } from './random-message.ts';
import { between, chance, createRng, pick, type Rng } from './rng.ts';

export const DEMO_MAILBOXES = {
  inbox: 'INBOX',
  sent: 'Sent',
  archive: 'Archive',
  trash: 'Trash',
  projects: 'Projects',
  receipts: 'Receipts',
} as const;

type Mailbox = (typeof DEMO_MAILBOXES)[keyof typeof DEMO_MAILBOXES];

export interface SeedOptions {
  seed?: number;
  /** Messages to create across all folders (default 300). */
  count?: number;
}

export interface SeedResult {
  /** False when INBOX already had mail and nothing was done. */
  seeded: boolean;
  /** Messages appended by this call. */
  messages: number;
}

interface PlannedMessage {
  mailbox: Mailbox;
  spec: MessageSpec;
  flags: string[];
}

const DEFAULT_SEED = 20_240_601;
const DEFAULT_COUNT = 300;
const DAY_MS = 86_400_000;
const HISTORY_DAYS = 182;
/** Share of messages that belong to back-and-forth threads. */
const THREAD_SHARE = 0.22;
/** Standalone messages per folder; INBOX takes the rest. */
const FOLDER_SHARES: [Mailbox, number][] = [
  [DEMO_MAILBOXES.archive, 0.2],
  [DEMO_MAILBOXES.sent, 0.06],
  [DEMO_MAILBOXES.trash, 0.06],
  [DEMO_MAILBOXES.projects, 0.09],
  [DEMO_MAILBOXES.receipts, 0.08],
];
const FOLDER_KINDS: Partial<Record<Mailbox, KindName[]>> = {
  [DEMO_MAILBOXES.projects]: ['project', 'colleague', 'invite'],
  [DEMO_MAILBOXES.receipts]: ['receipt', 'travel'],
  [DEMO_MAILBOXES.trash]: ['newsletter', 'notification', 'receipt'],
};

/**
 * Seeds a demo account: a few hundred messages across INBOX, Sent, Archive, Trash, Projects and
 * Receipts over the last six months, with threads, unread and flagged mail, HTML and attachments.
 * Idempotent: does nothing when INBOX already holds mail. The user must already exist.
 */
export async function seedDemoAccount(
  dovecot: Pick<Dovecot, 'host' | 'imapPort'>,
  user: MailUser,
  opts: SeedOptions = {},
): Promise<SeedResult> {
  const client = await MailClient.connect(dovecot, user);
  try {
    if ((await client.status(DEMO_MAILBOXES.inbox)).messages > 0) {
      return { seeded: false, messages: 0 };
    }
    for (const mailbox of Object.values(DEMO_MAILBOXES)) {
      if (mailbox !== DEMO_MAILBOXES.inbox) await client.createMailbox(mailbox);
    }
    const plan = planDemoMail(createRng(opts.seed ?? DEFAULT_SEED), user.email, {
      count: opts.count ?? DEFAULT_COUNT,
      now: new Date(),
    });
    // Plain sequential APPENDs, oldest first, so UIDs follow dates in every folder. 300
    // messages take under a second here; four parallel connections saved only ~0.3 s.
    for (const message of plan) {
      await client.append(
        message.mailbox,
        await buildMessage(message.spec),
        message.flags,
        message.spec.date,
      );
    }
    return { seeded: true, messages: plan.length };
  } finally {
    await client.close();
  }
}

/** The whole demo mailbox as data, oldest first. Pure: same rng, same plan. */
export function planDemoMail(
  rng: Rng,
  owner: string,
  { count, now }: { count: number; now: Date },
): PlannedMessage[] {
  const me = personFromAddress(owner);
  const planned: PlannedMessage[] = [];
  const threadBudget = Math.round(count * THREAD_SHARE);
  while (planned.length < threadBudget) {
    planned.push(...planThread(rng, me, now, threadBudget - planned.length));
  }

  const standalone = count - planned.length;
  for (const [mailbox, share] of FOLDER_SHARES) {
    for (let i = 0; i < Math.round(standalone * share); i++) {
      planned.push(planStandalone(rng, mailbox, me, now));
    }
  }
  while (planned.length < count) planned.push(planStandalone(rng, DEMO_MAILBOXES.inbox, me, now));

  return planned.sort((a, b) => (a.spec.date?.getTime() ?? 0) - (b.spec.date?.getTime() ?? 0));
}

function planStandalone(rng: Rng, mailbox: Mailbox, me: Person, now: Date): PlannedMessage {
  const date = pastDate(rng, now);
  if (mailbox === DEMO_MAILBOXES.sent) {
    return { mailbox, spec: sentMessage(rng, { from: me.email, date }), flags: ['\\Seen'] };
  }
  const kinds = FOLDER_KINDS[mailbox];
  const kind = kinds ? pick(rng, kinds) : pickReceivedKind(rng);
  const spec = receivedMessage(rng, kind, { to: me.email, date });
  return { mailbox, spec, flags: receivedFlags(rng, mailbox, date, now, kind) };
}

function pickReceivedKind(rng: Rng): KindName {
  return pick(rng, [
    'colleague',
    'colleague',
    'project',
    'client',
    'newsletter',
    'newsletter',
    'notification',
    'notification',
    'receipt',
    'invite',
    'personal',
    'travel',
  ] as const);
}

/** Someone writes, the owner answers from Sent, they answer back: 2 to 5 messages. */
function planThread(rng: Rng, me: Person, now: Date, budget: number): PlannedMessage[] {
  const length = Math.min(budget, between(rng, 2, 5));
  const kind: KindName = pick(rng, ['colleague', 'project', 'client', 'personal'] as const);
  const inbound = chance(rng, 0.3) ? DEMO_MAILBOXES.projects : DEMO_MAILBOXES.inbox;
  let date = pastDate(rng, now, 10);
  const opener = receivedMessage(rng, kind, { to: me.email, date });
  const them = parseAddress(opener.from);
  const messages: PlannedMessage[] = [
    { mailbox: inbound, spec: opener, flags: receivedFlags(rng, inbound, date, now, kind) },
  ];
  for (let i = 1; i < length; i++) {
    const previous = messages[i - 1] as PlannedMessage;
    date = new Date(
      Math.min(now.getTime() - 60_000, date.getTime() + between(rng, 20, 36 * 60) * 60_000),
    );
    const fromMe = i % 2 === 1;
    const spec = replyMessage(rng, previous.spec, {
      from: fromMe ? me : them,
      date,
    });
    if (fromMe) {
      // The owner answered: the message they answered carries \Answered.
      previous.flags = [...new Set([...previous.flags, '\\Answered', '\\Seen'])];
      messages.push({ mailbox: DEMO_MAILBOXES.sent, spec, flags: ['\\Seen'] });
    } else {
      messages.push({
        mailbox: inbound,
        spec,
        flags: receivedFlags(rng, inbound, date, now, kind),
      });
    }
  }
  return messages;
}

/** Mostly recent: ages skew toward today, up to six months back. */
function pastDate(rng: Rng, now: Date, minimumAgeDays = 0): Date {
  const ageDays = minimumAgeDays + rng() ** 1.8 * (HISTORY_DAYS - minimumAgeDays);
  const date = new Date(now.getTime() - ageDays * DAY_MS);
  // Mail arrives in waking hours more often than not.
  if (chance(rng, 0.8) && ageDays > 1) date.setUTCHours(between(rng, 7, 19), between(rng, 0, 59));
  return date;
}

function receivedFlags(
  rng: Rng,
  mailbox: Mailbox,
  date: Date,
  now: Date,
  kind: KindName,
): string[] {
  const ageDays = (now.getTime() - date.getTime()) / DAY_MS;
  const flags: string[] = [];
  const unreadChance =
    mailbox === DEMO_MAILBOXES.trash || mailbox === DEMO_MAILBOXES.archive
      ? 0
      : ageDays < 2
        ? 0.7
        : ageDays < 7
          ? 0.45
          : ageDays < 30
            ? 0.15
            : 0.03;
  if (!chance(rng, unreadChance)) flags.push('\\Seen');
  const flaggedChance =
    mailbox === DEMO_MAILBOXES.trash ? 0 : mailbox === DEMO_MAILBOXES.projects ? 0.12 : 0.07;
  if (chance(rng, flaggedChance)) flags.push('\\Flagged');
  const tag = demoTag(rng, mailbox, kind);
  if (tag) flags.push(tag);
  return flags;
}

/**
 * A tag for some mail from people, as Thunderbird keeps them (protocol tags.ts): Work on
 * project mail, Important on clients', Personal on friends', Later on travel plans. Robots'
 * mail (newsletters, notifications, receipts) is left untagged.
 */
function demoTag(rng: Rng, mailbox: Mailbox, kind: KindName): string | null {
  if (mailbox === DEMO_MAILBOXES.trash) return null;
  const [keyword, share] = DEMO_TAGS[kind] ?? [null, 0];
  return keyword && chance(rng, share) ? keyword : null;
}

const DEMO_TAGS: Partial<Record<KindName, [keyword: string, share: number]>> = {
  project: ['$label2', 0.35],
  colleague: ['$label4', 0.12],
  client: ['$label1', 0.3],
  personal: ['$label3', 0.3],
  travel: ['$label5', 0.4],
};
