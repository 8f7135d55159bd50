/** The flag drawn on a flagged row (message list and conversations alike). */
export function FlagIcon() {
  return (
    <svg
      className="row__flag"
      viewBox="0 0 24 24"
      width="14"
      height="14"
      role="img"
      aria-label="Flagged"
    >
      <path d="M5 21V4h11l-2 4 2 4H5" />
    </svg>
  );
}
