import { pdfAttachment, pngAttachment } from './attachments.ts';
import { CITIES, COLLEAGUES, FRIENDS, MONTHS, dayAfter, firstName, money } from './people.ts';
import type { Draft, Kind } from './types.ts';
import { between, hex, pick, sample } from '../rng.ts';

const NEWSLETTERS = [
  { name: 'The Weekly Byte', email: 'newsletter@weeklybyte.example' },
  { name: 'Frontend Focus', email: 'editors@frontendfocus.example' },
  { name: 'City Library', email: 'news@citylibrary.example' },
  { name: 'Trailhead Outdoor', email: 'hello@trailhead.example' },
] as const;

/** Where the demo's newsletters take unsubscribe requests: a mailbox at the reader's domain. */
export const LIST_ROBOT_LOCAL_PART = 'lists';

/**
 * A newsletter's list fields (RFC 2919, RFC 2369): announce-only (no List-Post), taking
 * unsubscribe requests by mail at the reader's own domain, so that they reach a mailbox the
 * demo has.
 */
function listHeaders(sender: { name: string; email: string }, reader: { email: string }) {
  const id = sender.email.split('@')[1] ?? 'list.example';
  const robot = `${LIST_ROBOT_LOCAL_PART}@${reader.email.split('@')[1] ?? 'example.test'}`;
  const subject = encodeURIComponent(`unsubscribe ${id}`);
  return {
    'List-Id': `"${sender.name}" <${id}>`,
    'List-Unsubscribe': `<mailto:${robot}?subject=${subject}>, <https://${id}/unsubscribe>`,
  };
}

export const newsletterKind: Kind = {
  weight: 12,
  htmlProbability: 0.8,
  attachmentProbability: 0,
  personal: false,
  sender: (rng) => ({ ...pick(rng, NEWSLETTERS) }),
  compose(rng, { sender, recipient, date }) {
    const issue = between(rng, 120, 480);
    const stories = sample(
      rng,
      [
        'Why your database index is not being used',
        'A gentle introduction to CRDTs',
        'The hidden cost of retries',
        'Ten trails for a long weekend',
        'New in the reading room: graphic novels',
        'CSS container queries in practice',
        'How we cut our build times in half',
        'Packing light for a winter hike',
        'Author talk: writing about cities',
      ],
      3,
    );
    return {
      subject: `${sender.name} #${issue}: ${stories[0]}`,
      headline: `${sender.name} — ${MONTHS[date.getUTCMonth()]} edition`,
      paragraphs: [
        `This week: ${stories.join('; ')}.`,
        ...stories.map((story) => `${story}\nRead more on our website.`),
        `You receive this because you subscribed to ${sender.name}. Unsubscribe any time.`,
      ],
      headers: listHeaders(sender, recipient),
    };
  },
};

const NOTIFIERS = [
  { name: 'Forge', email: 'notifications@forge.example' },
  { name: 'Pipeline CI', email: 'ci@pipeline.example' },
  { name: 'Cloudnine Status', email: 'status@cloudnine.example' },
  { name: 'Papyrus Docs', email: 'comments@papyrus.example' },
  { name: 'Account Security', email: 'security@id.example' },
] as const;

export const notificationKind: Kind = {
  weight: 16,
  htmlProbability: 0.15,
  attachmentProbability: 0,
  personal: false,
  sender: (rng) => ({ ...pick(rng, NOTIFIERS) }),
  compose(rng, { sender, recipient }) {
    const number = between(rng, 100, 2_400);
    const repo = pick(rng, ['tidings/web', 'tidings/gateway', 'tidings/infra']);
    const who = pick(rng, COLLEAGUES);
    const byNotifier: Record<string, Draft> = {
      Forge: {
        subject: `[${repo}] ${pick(rng, ['Fix', 'Add', 'Refactor'])} ${pick(rng, ['message list virtualisation', 'retry backoff', 'login rate limit', 'dark mode tokens'])} (PR #${number})`,
        paragraphs: [
          `${who} requested your review on this pull request.`,
          `${between(rng, 1, 14)} files changed, ${between(rng, 10, 400)} additions, ${between(rng, 2, 120)} deletions.`,
          `Reply to this email directly or view it on Forge.`,
        ],
      },
      'Pipeline CI': {
        subject: `${pick(rng, ['Build failed', 'Build fixed', 'Deploy succeeded'])}: ${repo}#${number}`,
        paragraphs: [
          `Pipeline #${number} on main finished in ${between(rng, 2, 19)}m ${between(rng, 0, 59)}s.`,
          `Triggered by ${who}.`,
        ],
      },
      'Cloudnine Status': {
        subject: `[Resolved] Elevated error rates in ${pick(rng, ['eu-west', 'us-east', 'ap-south'])}`,
        paragraphs: [
          `Between 14:${between(rng, 10, 59)} and 15:${between(rng, 10, 59)} UTC some API requests failed with 503 errors. The issue is resolved.`,
          `A full incident report will follow within 5 business days.`,
        ],
      },
      'Papyrus Docs': {
        subject: `${who} commented on "${pick(rng, ['Q3 planning', 'Hiring plan', 'Incident review', 'Team charter'])}"`,
        paragraphs: [
          `${who}: "Could we add a line about ownership here? Otherwise looks good."`,
          `Open the document to reply.`,
        ],
      },
      'Account Security': {
        subject: 'New sign-in to your account',
        paragraphs: [
          `Hi ${firstName(recipient)}, we noticed a new sign-in from ${pick(rng, ['Firefox on Linux', 'Safari on iPhone', 'Chrome on Windows'])}.`,
          `If this was you, there is nothing to do. If not, change your password right away.`,
        ],
      },
    };
    return (
      byNotifier[sender.name] ?? { subject: 'Notification', paragraphs: ['Something happened.'] }
    );
  },
};

const SHOPS = [
  { name: 'Northwind Market', email: 'orders@northwind-market.example' },
  { name: 'Metro Transit', email: 'receipts@metrotransit.example' },
  { name: 'Cloudnine Billing', email: 'billing@cloudnine.example' },
  { name: 'Bean There Coffee', email: 'receipts@beanthere.example' },
] as const;

export const receiptKind: Kind = {
  weight: 9,
  htmlProbability: 0.5,
  attachmentProbability: 0.3,
  personal: false,
  sender: (rng) => ({ ...pick(rng, SHOPS) }),
  compose(rng, { sender, recipient, date }, withAttachment) {
    const number = between(rng, 10_000, 99_999);
    const total = money(rng, 3, 240);
    const month = MONTHS[date.getUTCMonth()];
    const subjects: Record<string, string> = {
      'Northwind Market': pick(rng, [
        `Your order #${number} has shipped`,
        `Order confirmation #${number}`,
      ]),
      'Metro Transit': `Your receipt for the ${month} pass`,
      'Cloudnine Billing': `Invoice ${number} for ${month}`,
      'Bean There Coffee': `Receipt from Bean There Coffee`,
    };
    return {
      subject: subjects[sender.name] ?? `Receipt #${number}`,
      headline: `Thanks for your purchase, ${firstName(recipient)}`,
      paragraphs: [
        `Order/receipt number: ${number}`,
        `Date: ${date.toISOString().slice(0, 10)}`,
        `Total paid: €${total} (incl. VAT)`,
        `Questions? Reply to this email and our team will help.`,
      ],
      attachment: withAttachment
        ? pdfAttachment(`receipt-${number}.pdf`, `${sender.name} — receipt ${number}`, [
            `Date: ${date.toISOString().slice(0, 10)}`,
            `Billed to: ${recipient.name} <${recipient.email}>`,
            `Total: EUR ${total}`,
          ])
        : undefined,
    };
  },
};

export const personalKind: Kind = {
  weight: 9,
  htmlProbability: 0.05,
  attachmentProbability: 0.15,
  personal: true,
  sender: (rng) => ({ ...pick(rng, FRIENDS) }),
  compose(rng, { sender, recipient, date }, withAttachment) {
    const month = MONTHS[(date.getUTCMonth() + 1) % 12];
    const variants: Draft[] = [
      {
        subject: 'Dinner on Saturday?',
        paragraphs: [
          `We're making the big lasagne again. Come over around seven? Bring nothing, or dessert if you insist.`,
        ],
      },
      {
        subject: 'Photos from the weekend',
        paragraphs: [`Finally sorted the photos. The one of the lake came out great!`],
      },
      {
        subject: `Hiking trip in ${month}?`,
        paragraphs: [
          `Thinking of a two-day hike in ${month}. Weather permitting, we'd leave Friday evening. Interested?`,
        ],
      },
      {
        subject: 'Book recommendation',
        paragraphs: [
          `Just finished "${pick(rng, ['The Overstory', 'Piranesi', 'Klara and the Sun', 'Project Hail Mary'])}" and immediately thought of you. Happy to lend it.`,
        ],
      },
    ];
    const draft = pick(rng, variants);
    return {
      subject: draft.subject,
      paragraphs: [
        `${pick(rng, ['Hi', 'Hey'])} ${firstName(recipient)}!`,
        ...draft.paragraphs,
        `x ${firstName(sender)}`,
      ],
      attachment: withAttachment
        ? pngAttachment(rng, `IMG_${between(rng, 1000, 9999)}.png`)
        : undefined,
    };
  },
};

const TRAVEL = [
  { name: 'Skyway Airlines', email: 'noreply@skyway-air.example' },
  { name: 'StayWell Hotels', email: 'reservations@staywell.example' },
] as const;

export const travelKind: Kind = {
  weight: 4,
  htmlProbability: 0.4,
  attachmentProbability: 0.1,
  personal: false,
  sender: (rng) => ({ ...pick(rng, TRAVEL) }),
  compose(rng, { sender, recipient, date }, withAttachment) {
    const city = pick(rng, CITIES);
    const reference = hex(rng, 6).toUpperCase();
    const departure = dayAfter(date, rng).toISOString().slice(0, 10);
    const airline = sender.name === 'Skyway Airlines';
    return {
      subject: airline
        ? pick(rng, [
            `Your flight to ${city} is confirmed`,
            `Check-in is open for your flight to ${city}`,
          ])
        : `Reservation confirmed: ${city}`,
      headline: airline ? `Booking ${reference}` : `See you in ${city}`,
      paragraphs: [
        `Dear ${recipient.name},`,
        airline
          ? `Booking reference ${reference}. Departure ${departure}, seat ${between(rng, 3, 32)}${pick(rng, ['A', 'C', 'D', 'F'])}.`
          : `Your stay in ${city} starts on ${departure}. Confirmation number ${reference}.`,
        `Manage your booking online at any time.`,
      ],
      attachment: withAttachment
        ? pdfAttachment(
            `${airline ? 'boarding-pass' : 'booking'}-${reference}.pdf`,
            `${sender.name}`,
            [`Reference: ${reference}`, `Passenger/guest: ${recipient.name}`, `Date: ${departure}`],
          )
        : undefined,
    };
  },
};
