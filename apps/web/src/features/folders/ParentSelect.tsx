import { useId } from 'react';
import type { ParentChoice } from './folderManagement.ts';

/** Subfolders are indented in the list as they are in the folder list. */
const INDENT = '\u00a0\u00a0\u00a0';

interface ParentSelectProps {
  choices: readonly ParentChoice[];
  /** The chosen folder's path; '' for the top level. */
  value: string;
  onChange: (path: string) => void;
}

/** "Inside": the folder a new or moved folder goes in, the top level first. */
export function ParentSelect({ choices, value, onChange }: ParentSelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Inside</label>
      <select
        id={id}
        className="folder-dialog__select"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        {choices.map((choice) => (
          <option key={choice.path} value={choice.path}>
            {INDENT.repeat(choice.depth) + choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}
