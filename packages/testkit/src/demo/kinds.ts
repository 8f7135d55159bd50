import { chance, type Rng } from '../rng.ts';
import {
  newsletterKind,
  notificationKind,
  personalKind,
  receiptKind,
  travelKind,
} from './everyday-mail.ts';
import type { Kind } from './types.ts';
import { clientKind, colleagueKind, inviteKind, projectKind } from './work-mail.ts';

export const KINDS = {
  colleague: colleagueKind,
  project: projectKind,
  client: clientKind,
  newsletter: newsletterKind,
  notification: notificationKind,
  receipt: receiptKind,
  invite: inviteKind,
  personal: personalKind,
  travel: travelKind,
} as const;

export type KindName = keyof typeof KINDS;

export function pickKind(
  rng: Rng,
  names: readonly KindName[] = Object.keys(KINDS) as KindName[],
): KindName {
  const total = names.reduce((sum, name) => sum + KINDS[name].weight, 0);
  let roll = rng() * total;
  for (const name of names) {
    roll -= KINDS[name].weight;
    if (roll < 0) return name;
  }
  return names[names.length - 1] as KindName;
}

export function shouldAttach(rng: Rng, kind: Kind): boolean {
  return chance(rng, kind.attachmentProbability);
}
