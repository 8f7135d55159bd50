import { useNow } from './useNow.ts';

/** How often "today" is looked at again: a new day can begin while a screen stays open. */
const TODAY_REFRESH_MS = 60_000;

/** A day as YYYY-MM-DD on this browser's calendar (what a date input holds). */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Today as `localDay` gives it, kept current while the component is shown. */
export function useToday(): string {
  return localDay(new Date(useNow(TODAY_REFRESH_MS)));
}
