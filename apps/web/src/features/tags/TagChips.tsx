import { tagsOf, type Tag } from '@tidings/protocol';
import { tagClass } from './tagState.ts';

interface TagChipsProps {
  flags: readonly string[];
  /** The reader's chips each have a button that takes the tag off; the list's are labels. */
  onRemove?: (tag: Tag) => void;
}

/** A message's tags, each a coloured chip with its name. Nothing when it has none. */
export function TagChips({ flags, onRemove }: TagChipsProps) {
  const tags = tagsOf(flags);
  if (tags.length === 0) return null;
  return (
    <span className="tags">
      {tags.map((tag) => (
        <span key={tag.keyword} className={`tag ${tagClass(tag)}`}>
          <span className="tag__dot" aria-hidden="true" />
          <span className="visually-hidden">Tag: </span>
          {tag.name}
          {onRemove && (
            <button
              type="button"
              className="tag__remove"
              aria-label={`Remove tag ${tag.name}`}
              title={`Remove tag ${tag.name}`}
              onClick={() => onRemove(tag)}
            >
              ×
            </button>
          )}
        </span>
      ))}
    </span>
  );
}
