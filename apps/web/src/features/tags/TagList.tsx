import { useId } from 'react';
import { TAGS, type Tag } from '@tidings/protocol';
import { tagClass } from './tagState.ts';

interface TagListProps {
  /** The keyword of the tag whose messages are shown, if any. */
  active: string | null;
  /** Shows every message with this tag, in all folders. */
  onOpen: (tag: Tag) => void;
}

/** Under the folders: the five tags, each a way to every message that has it. */
export function TagList({ active, onOpen }: TagListProps) {
  const titleId = useId();
  return (
    <nav className="tag-list" aria-labelledby={titleId}>
      <p className="tag-list__title" id={titleId}>
        Tags
      </p>
      <ul className="folders__list">
        {TAGS.map((tag) => {
          const current = tag.keyword === active;
          return (
            <li key={tag.keyword}>
              <button
                type="button"
                className={`folder${current ? ' folder--active' : ''}`}
                aria-current={current ? 'true' : undefined}
                onClick={() => onOpen(tag)}
              >
                <span className={`tag__dot tag-list__dot ${tagClass(tag)}`} aria-hidden="true" />
                <span className="folder__name">{tag.name}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
