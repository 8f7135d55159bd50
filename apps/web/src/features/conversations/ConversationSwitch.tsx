interface ConversationSwitchProps {
  on: boolean;
  onChange: (on: boolean) => void;
}

/** The list header's switch between the flat list and conversations. */
export function ConversationSwitch({ on, onChange }: ConversationSwitchProps) {
  return (
    <label className="conversation-switch">
      <input
        type="checkbox"
        role="switch"
        checked={on}
        onChange={(event) => onChange(event.target.checked)}
      />
      Conversations
    </label>
  );
}
