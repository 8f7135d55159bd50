import { between, pick, type Rng } from '../rng.ts';
import type { Person } from './types.ts';

export const COLLEAGUES = [
  'Priya Raman',
  'Jonas Lindqvist',
  'Marta Kowalska',
  'Tomás Herrera',
  'Aiko Tanaka',
  'Ben Okafor',
  'Chloé Martin',
  'Daniel Weiss',
  'Fatima Haddad',
  'Grace Liu',
  'Henrik Sørensen',
  'Isabel Costa',
] as const;

export const CLIENTS = [
  { name: 'Laura Bennett', org: 'Acme Logistics', domain: 'acme-logistics.example' },
  { name: 'Rafael Souza', org: 'Brightside Studio', domain: 'brightside.example' },
  { name: 'Nadia Petrova', org: 'Kestrel Health', domain: 'kestrelhealth.example' },
  { name: 'Owen Gallagher', org: 'Harbor & Pine', domain: 'harborpine.example' },
  { name: 'Mei Chen', org: 'Lumen Analytics', domain: 'lumen-analytics.example' },
  { name: 'Samuel Adeyemi', org: 'Cobalt Energy', domain: 'cobalt-energy.example' },
] as const;

export const FRIENDS = [
  { name: 'Alex Rivera', email: 'alex.rivera@homemail.example' },
  { name: 'Sam Whitaker', email: 'samw@postbox.example' },
  { name: 'Nora Ellis', email: 'nora.ellis@homemail.example' },
  { name: 'Mum', email: 'mum.family@homemail.example' },
  { name: 'Leo Brandt', email: 'leo.brandt@postbox.example' },
] as const;

export const PROJECTS = ['Atlas', 'Bluebird', 'Cedar', 'Helios', 'Juniper', 'Orion'] as const;
export const TOPICS = [
  'the onboarding flow',
  'the Q3 roadmap',
  'search performance',
  'the customer survey',
  'the billing migration',
  'our on-call rota',
  'the accessibility audit',
  'the mobile release',
] as const;
export const CITIES = [
  'Lisbon',
  'Copenhagen',
  'Kyoto',
  'Montréal',
  'Edinburgh',
  'Valencia',
] as const;
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const;
export const MEETINGS = [
  'Sprint planning',
  'Design review',
  'Quarterly business review',
  '1:1',
  'Architecture sync',
  'Retro',
] as const;
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export function firstName(person: Person): string {
  return person.name.split(' ')[0] ?? person.name;
}

/** "priya.raman" from "Priya Raman"; diacritics folded so addresses stay ASCII. */
export function localPart(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('ø', 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]+/g, '.');
}

/** The account owner as the demo shows them: "demo@example.test" → "Demo". */
export function personFromAddress(email: string): Person {
  const local = email.split('@')[0] ?? email;
  const name = local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join(' ');
  return { name: name || email, email };
}

export function colleague(rng: Rng, domain: string): Person {
  const name = pick(rng, COLLEAGUES);
  return { name, email: `${localPart(name)}@${domain}` };
}

export function client(rng: Rng): Person & { org: string } {
  const chosen = pick(rng, CLIENTS);
  return {
    name: chosen.name,
    org: chosen.org,
    email: `${localPart(chosen.name)}@${chosen.domain}`,
  };
}

export function money(rng: Rng, min: number, max: number): string {
  return (between(rng, min * 100, max * 100) / 100).toFixed(2);
}

export function dayAfter(date: Date, rng: Rng): Date {
  const next = new Date(date.getTime() + between(rng, 1, 9) * 86_400_000);
  next.setUTCHours(between(rng, 8, 16), pick(rng, [0, 30]), 0, 0);
  return next;
}

export function signOff(rng: Rng, sender: Person): string {
  return `${pick(rng, ['Thanks,', 'Best,', 'Cheers,', 'Thanks!', 'Talk soon,', 'Regards,'])}\n${firstName(sender)}`;
}

export function greeting(rng: Rng, recipient: Person): string {
  return `${pick(rng, ['Hi', 'Hey', 'Hello', 'Morning'])} ${firstName(recipient)},`;
}
