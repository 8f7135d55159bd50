interface RecipientFieldProps {
  id: string;
  label: string;
  value: string;
  /** Why the addresses cannot be sent as they are; shown under the field. */
  error: string | undefined;
  errorId: string;
  onChange: (value: string) => void;
}

/** An address field of the composer (To, Cc, Bcc), with its error when there is one. */
export function RecipientField({
  id,
  label,
  value,
  error,
  errorId,
  onChange,
}: RecipientFieldProps) {
  return (
    <div className="composer__field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        autoComplete="email"
        spellCheck={false}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <p id={errorId} className="composer__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
