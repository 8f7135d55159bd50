import type { SortOrder } from '@tidings/protocol';
import { SORT_OPTIONS, sortOptionFor, sortOrderOf } from './sortOptions.ts';

interface SortSelectProps {
  order: SortOrder;
  onChange: (order: SortOrder) => void;
}

/** The list header's Sort menu: the order the open folder's messages are listed in. */
export function SortSelect({ order, onChange }: SortSelectProps) {
  const shown = sortOptionFor(order) ?? SORT_OPTIONS[0]!;
  return (
    <select
      className="sort-select"
      aria-label="Sort"
      value={shown.value}
      onChange={(event) => onChange(sortOrderOf(event.target.value))}
    >
      {SORT_OPTIONS.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </select>
  );
}
