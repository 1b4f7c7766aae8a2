/** The best human name for a profile from its traits, or null for an anonymous visitor. */
export function profileName(p: { traits: Record<string, unknown>; userId: string | null }): string | null {
  const tr = p.traits;
  const full = str(tr.name) ?? joinNames(str(tr.firstName) ?? str(tr.first_name), str(tr.lastName) ?? str(tr.last_name));
  return full ?? str(tr.email) ?? p.userId;
}

/** The e-mail address, shown under the name when the name is not already the address. */
export function profileEmail(p: { traits: Record<string, unknown> }): string | null {
  return str(p.traits.email);
}

/** Initials for the avatar: two letters of the name, or "?" for anonymous visitors. */
export function initials(name: string | null): string {
  if (!name) return '?';
  const words = name.replace(/@.*/, '').split(/[\s._-]+/).filter(Boolean);
  const letters = words.length >= 2 ? `${words[0]?.[0] ?? ''}${words[words.length - 1]?.[0] ?? ''}` : name.slice(0, 2);
  return letters.toUpperCase();
}

function joinNames(first: string | null, last: string | null): string | null {
  const s = [first, last].filter(Boolean).join(' ');
  return s || null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim().length > 0 ? v.trim() : null;
}
