/** The Tidings mark: two waves, the tide of incoming mail. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg
      className="logo"
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
    >
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <path
        d="M6 12c3-4 6-4 10 0s7 4 10 0"
        fill="none"
        stroke="var(--accent-soft)"
        strokeWidth="3"
        strokeLinecap="round"
      />
      <path
        d="M6 19c3-4 6-4 10 0s7 4 10 0"
        fill="none"
        stroke="#fff"
        strokeWidth="3"
        strokeLinecap="round"
      />
    </svg>
  );
}
