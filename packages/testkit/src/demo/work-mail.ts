import { csvAttachment, icsAttachment, pdfAttachment } from './attachments.ts';
import {
  CLIENTS,
  COLLEAGUES,
  MEETINGS,
  PROJECTS,
  TOPICS,
  WEEKDAYS,
  client,
  colleague,
  dayAfter,
  firstName,
  greeting,
  money,
  signOff,
} from './people.ts';
import type { Draft, Kind } from './types.ts';
import { between, hex, pick } from '../rng.ts';

export const colleagueKind: Kind = {
  weight: 22,
  htmlProbability: 0.05,
  attachmentProbability: 0.04,
  personal: true,
  sender: (rng, domain) => colleague(rng, domain),
  compose(rng, { sender, recipient }, withAttachment) {
    const topic = pick(rng, TOPICS);
    const day = pick(rng, WEEKDAYS);
    const variants: Draft[] = [
      {
        subject: `Quick question about ${topic}`,
        paragraphs: [
          `Do you have a few minutes to look at ${topic} with me? I think we're measuring the wrong thing, and I'd rather find out before ${day}.`,
          `No need to prepare anything, I'll bring the numbers.`,
        ],
      },
      {
        subject: "Notes from today's standup",
        paragraphs: [
          `Short version for those who missed it:`,
          `- ${topic} is on track, one open question on scope\n- the staging deploy is blocked on a config review\n- ${firstName(recipient)} to follow up with design`,
          `Shout if I got anything wrong.`,
        ],
      },
      {
        subject: 'Can you review my draft?',
        paragraphs: [
          `I've put together a first draft on ${topic}. It's rough in places, especially the section on risks.`,
          `Could you give it a read by ${day}? Comments inline are perfect.`,
        ],
      },
      {
        subject: `Lunch on ${day}?`,
        paragraphs: [
          `A few of us are trying the new place around the corner on ${day}. Want to join? We're leaving at 12:15.`,
        ],
      },
      {
        subject: 'Out of office next week',
        paragraphs: [
          `Heads-up: I'm off from ${day} until the following week. ${pick(rng, COLLEAGUES)} is covering for me on ${topic}.`,
          `I'll check mail once or twice, but don't count on a fast answer.`,
        ],
      },
      {
        subject: `Updated slides for ${topic}`,
        paragraphs: [
          `I reworked the slides after yesterday's feedback: fewer charts, a clearer ask at the end.`,
          `Let me know if the numbers on page 4 match what you have.`,
        ],
      },
    ];
    const draft = pick(rng, variants);
    const paragraphs = [greeting(rng, recipient), ...draft.paragraphs, signOff(rng, sender)];
    const attachment = withAttachment
      ? csvAttachment(
          'figures.csv',
          ['week', 'signups', 'activated', 'churned'],
          Array.from({ length: 6 }, (_, week) => [
            `W${week + 1}`,
            String(between(rng, 200, 900)),
            String(between(rng, 80, 400)),
            String(between(rng, 5, 60)),
          ]),
        )
      : undefined;
    return { subject: draft.subject, paragraphs, attachment };
  },
};

export const projectKind: Kind = {
  weight: 12,
  htmlProbability: 0.05,
  attachmentProbability: 0.08,
  personal: true,
  sender: (rng, domain) => colleague(rng, domain),
  compose(rng, { sender, recipient, date }, withAttachment) {
    const project = pick(rng, PROJECTS);
    const quarter = Math.floor(date.getUTCMonth() / 3) + 1;
    const done = between(rng, 55, 95);
    const variants: Draft[] = [
      {
        subject: `${project} — weekly status`,
        paragraphs: [
          `${project} is ${done}% through the current milestone.`,
          `Done this week:\n- migrated the import job\n- closed ${between(rng, 4, 19)} bugs\n- first pass at the new dashboard`,
          `Risks: the vendor API still rate-limits us at peak hours. I've asked for a higher quota.`,
        ],
      },
      {
        subject: `${project}: design review notes`,
        paragraphs: [
          `Thanks everyone for the review. Decisions:`,
          `1. We keep the event log append-only.\n2. Retries move to the worker, not the client.\n3. We revisit caching after load tests.`,
          `Open question: who owns the migration runbook?`,
        ],
      },
      {
        subject: `${project} launch checklist`,
        paragraphs: [
          `Here's the checklist for the ${project} launch. Please tick off your items by end of week.`,
          `- docs updated\n- alerts tuned\n- rollback plan written\n- support team briefed`,
        ],
      },
      {
        subject: `${project} budget for Q${quarter}`,
        paragraphs: [
          `Finance asked for the Q${quarter} numbers for ${project}. My estimate is €${money(rng, 8_000, 40_000)} including the contractor.`,
          `Can you sanity-check the infrastructure line before I send it?`,
        ],
      },
    ];
    const draft = pick(rng, variants);
    return {
      subject: draft.subject,
      paragraphs: [greeting(rng, recipient), ...draft.paragraphs, signOff(rng, sender)],
      attachment: withAttachment
        ? pdfAttachment(`${project.toLowerCase()}-status.pdf`, `${project} status`, [
            `Milestone progress: ${done}%`,
            `Open bugs: ${between(rng, 3, 40)}`,
            `Next review: ${pick(rng, WEEKDAYS)}`,
          ])
        : undefined,
    };
  },
};

export const clientKind: Kind = {
  weight: 10,
  htmlProbability: 0.05,
  attachmentProbability: 0.05,
  personal: true,
  sender: (rng) => client(rng),
  compose(rng, { sender, recipient }, withAttachment) {
    const org = CLIENTS.find((c) => c.name === sender.name)?.org ?? 'our team';
    const variants: Draft[] = [
      {
        subject: `Proposal follow-up`,
        paragraphs: [
          `Thanks again for the call last week. We discussed the proposal internally and have two questions about the support terms.`,
          `Would ${pick(rng, WEEKDAYS)} afternoon work for a short follow-up?`,
        ],
      },
      {
        subject: `Contract renewal for ${org}`,
        paragraphs: [
          `Our contract is up for renewal next month. Before we sign, could you send the updated pricing and the SLA appendix?`,
        ],
      },
      {
        subject: `Issue with the export feature`,
        paragraphs: [
          `Since yesterday our CSV exports time out for anything over ${between(rng, 2, 9)},000 rows. Nothing changed on our side as far as I know.`,
          `It's blocking our monthly report, so any workaround would help.`,
        ],
      },
    ];
    const draft = pick(rng, variants);
    return {
      subject: draft.subject,
      paragraphs: [
        `Dear ${firstName(recipient)},`,
        ...draft.paragraphs,
        `Kind regards,\n${sender.name}\n${org}`,
      ],
      attachment: withAttachment
        ? pdfAttachment('requirements.pdf', `${org}: requirements`, [
            'Single sign-on for all staff',
            'Data retention of 7 years',
            'Monthly usage reports',
          ])
        : undefined,
    };
  },
};

/** Meetings that come as a series, and how often (the day is the first one's). */
const SERIES: Partial<Record<(typeof MEETINGS)[number], string>> = {
  '1:1': 'FREQ=WEEKLY;COUNT=12',
  'Sprint planning': 'FREQ=WEEKLY;INTERVAL=2;COUNT=6',
  Retro: 'FREQ=WEEKLY;INTERVAL=2;COUNT=6',
};
const ICS_WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

export const inviteKind: Kind = {
  weight: 6,
  htmlProbability: 0.05,
  attachmentProbability: 0.7,
  personal: false,
  sender: (rng, domain) => colleague(rng, domain),
  compose(rng, { sender, recipient, date }, withAttachment) {
    const meeting = pick(rng, MEETINGS);
    const start = dayAfter(date, rng);
    const when = `${WEEKDAYS[(start.getUTCDay() + 6) % 7] ?? 'Monday'} ${start.toISOString().slice(0, 10)} ${start.toISOString().slice(11, 16)} UTC`;
    const room = pick(rng, ['Room Ada', 'Room Turing', 'Video call', 'Room Hopper']);
    return {
      subject: `Invitation: ${meeting} @ ${when}`,
      paragraphs: [
        `${sender.name} has invited you to "${meeting}".`,
        `When: ${when}\nWhere: ${room}`,
        `Accept, tentatively accept or decline from your calendar.`,
      ],
      attachment: withAttachment
        ? icsAttachment({
            uid: `${hex(rng, 16)}@${recipient.email.split('@')[1] ?? 'example.test'}`,
            summary: meeting,
            start,
            minutes: pick(rng, [30, 45, 60]),
            organizer: sender.email,
            attendee: recipient.email,
            location: room,
            rrule: SERIES[meeting] && `${SERIES[meeting]};BYDAY=${ICS_WEEKDAYS[start.getUTCDay()]}`,
          })
        : undefined,
    };
  },
};
