/** An outline icon on a 24-unit grid, drawn in the text's colour; decoration only. */
export function OutlineIcon({
  path,
  size,
  className,
}: {
  /** The SVG path data. */
  path: string;
  size: number;
  className: string;
}) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={path} />
    </svg>
  );
}
