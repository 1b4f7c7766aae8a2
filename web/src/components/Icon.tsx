/** The few line icons the dashboard uses, drawn inline so there is no icon font to load. */
const PATHS = {
  rocket: 'M5 15c-1.5 1.5-2 5-2 5s3.5-.5 5-2m-1-4 4 4m-3-5c1.7-4.6 5.3-8.4 11-9-.6 5.7-4.4 9.3-9 11l-2-2zm6-3a1.5 1.5 0 1 0 3 0 1.5 1.5 0 1 0-3 0',
  pulse: 'M3 12h4l3-8 4 16 3-8h4',
  users: 'M16 19v-1a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v1m7-8a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zm13 8v-1a4 4 0 0 0-3-3.9M16 4.1a3.5 3.5 0 0 1 0 6.8',
  logout: 'M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4m7 14 5-5-5-5m5 5H9',
  copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
  check: 'm5 12 5 5L20 7',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zm10 3-5-5',
  pause: 'M8 5v14m8-14v14',
  play: 'M7 4v16l13-8z',
  back: 'M15 18l-6-6 6-6',
  globe: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3c2.5 2.7 3.5 5.7 3.5 9s-1 6.3-3.5 9c-2.5-2.7-3.5-5.7-3.5-9s1-6.3 3.5-9z',
  inbox: 'M22 12h-6l-2 3h-4l-2-3H2m3.5-7h13L22 12v7a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2v-7z',
  alert: 'M12 9v4m0 4h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z',
} as const;

export type IconName = keyof typeof PATHS;

/** A 24×24 stroked icon; decorative unless given a label. */
export function Icon({ name, size = 18, label }: { name: IconName; size?: number; label?: string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden={label ? undefined : true} aria-label={label} role={label ? 'img' : undefined} className="icon">
      <path d={PATHS[name]} />
    </svg>
  );
}
