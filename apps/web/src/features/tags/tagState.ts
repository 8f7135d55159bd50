import { hasFlag, TAGS, type MessageSummary, type Tag } from '@tidings/protocol';

/** How many of the messages acted on carry a tag: its menu item's `aria-checked`. */
export type TagCoverage = true | 'mixed' | false;

/**
 * `unloaded` messages are acted on without their rows (a whole folder selected): a tag the
 * loaded ones all carry is then only known to be on some.
 */
export function tagCoverage(
  targets: readonly MessageSummary[],
  keyword: string,
  unloaded = 0,
): TagCoverage {
  const tagged = targets.filter((message) => hasFlag(message.flags, keyword)).length;
  if (tagged === 0) return false;
  return tagged === targets.length && unloaded === 0 ? true : 'mixed';
}

/** Choosing a tag: takes it off when every message has it, else puts it on all of them. */
export function tagAfterChoosing(
  targets: readonly MessageSummary[],
  keyword: string,
  unloaded = 0,
): boolean {
  return tagCoverage(targets, keyword, unloaded) !== true;
}

const squeeze = (text: string) => text.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * The tag a search names (`tag:work`, `tag:"to do"`, `tag:todo`, `tag:$label4`), ignoring case,
 * spaces and dashes; null when none is called that.
 */
export function tagNamed(text: string): Tag | null {
  const wanted = squeeze(text);
  if (!wanted) return null;
  return TAGS.find((tag) => squeeze(tag.name) === wanted || tag.keyword === wanted) ?? null;
}

/** The class that colours a tag's chip and dot (styles/tags.css): `tag--label1`…`tag--label5`. */
export function tagClass(tag: Tag): string {
  return `tag--${tag.keyword.slice(1)}`;
}

/** What the search box shows for a tag's search: `tag:work`, `tag:"to do"` (parseSearch reads it). */
export function tagSearchText(tag: Tag): string {
  const name = tag.name.toLowerCase();
  return `tag:${name.includes(' ') ? `"${name}"` : name}`;
}
