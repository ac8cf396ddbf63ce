/** The PairPad mark: two overlapping carets, and the name. */
export function Logo() {
  return (
    <>
      <svg className="logo-mark" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="var(--accent)" />
        <path d="M11 8v16" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
        <path
          d="M20 8v16"
          stroke="#fff"
          strokeOpacity="0.6"
          strokeWidth="3"
          strokeLinecap="round"
        />
      </svg>
      <span className="logo-name">PairPad</span>
    </>
  );
}
