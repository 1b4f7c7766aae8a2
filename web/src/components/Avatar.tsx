import { initials } from '../profiles/profile-format.ts';

/** Initials in a circle whose colour is derived from the id, so a customer keeps their colour. */
export function Avatar({ name, id, size = 'md' }: { name: string | null; id: string; size?: 'md' | 'lg' }) {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  const hue = Math.abs(hash) % 360;
  return (
    <span className={`avatar avatar-${size}${name ? '' : ' avatar-anonymous'}`} style={name ? { background: `hsl(${hue} 55% 92%)`, color: `hsl(${hue} 45% 32%)` } : undefined} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
