/** The Kundresa mark: a path through three stages, the journey the product maps. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="logo">
      <rect width="32" height="32" rx="8" fill="#3b5bdb" />
      <path d="M7 22c4 0 5-12 9-12s5 8 9 8" fill="none" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
      <circle cx="7" cy="22" r="2.6" fill="#a5d8ff" />
      <circle cx="16" cy="10" r="2.6" fill="#fff" />
      <circle cx="25" cy="18" r="2.6" fill="#ffd43b" />
    </svg>
  );
}
