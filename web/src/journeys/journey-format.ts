import type { MatchRule, MatchRuleInput } from '../../../common/journeys/model.ts';

/** One line saying what a rule matches, for touchpoint cards: `Order Completed · 2nd`, `page /checkout/**`. */
export function ruleSummary(rule: MatchRuleInput | MatchRule, words: { anyActivity: string; nth: (n: number) => string; conditions: (n: number) => string }): string {
  const parts: string[] = [];
  const events = rule.events ?? [];
  const type = rule.type ?? 'any';
  if (events.length) parts.push(events.join(' / '));
  else if (type !== 'any') parts.push(type);
  if (rule.pagePath) parts.push(rule.pagePath);
  const utm = rule.utm ? Object.entries(rule.utm).filter(([, v]) => v) : [];
  if (utm.length) parts.push(utm.map(([k, v]) => `utm_${k}=${v ?? ''}`).join(' '));
  const where = rule.where ?? [];
  if (where.length) parts.push(words.conditions(where.length));
  if ((rule.nth ?? 1) > 1) parts.push(words.nth(rule.nth ?? 1));
  return parts.length ? parts.join(' · ') : words.anyActivity;
}

/** Relative change of a count against the previous period, or null when there is nothing to compare. */
export function relativeChange(now: number, before: number | undefined): number | null {
  if (before === undefined) return null;
  if (before === 0) return now === 0 ? 0 : null;
  return (now - before) / before;
}

/** A stage key from a name: lower case ASCII, Nordic letters spelt out, unique among `taken`. */
export function stageKeyFor(name: string, taken: readonly string[]): string {
  const base =
    name
      .toLowerCase()
      .replace(/[åä]/g, 'a')
      .replace(/æ/g, 'ae')
      .replace(/[öø]/g, 'o')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'stage';
  let key = base;
  for (let i = 2; taken.includes(key); i++) key = `${base}-${i}`;
  return key;
}

const DAY_MS = 86_400_000;

/** A date range of the map: the last N days up to the end of today, or a custom pair of days. */
export interface DateRange {
  preset: 7 | 30 | 90 | 'custom';
  from: number;
  to: number;
}

/** The last `days` days, ending at the coming midnight so the range (and its URL) holds all day. */
export function presetRange(days: 7 | 30 | 90, now = Date.now()): DateRange {
  const end = new Date(now);
  end.setHours(24, 0, 0, 0);
  return { preset: days, from: end.getTime() - days * DAY_MS, to: end.getTime() };
}

/** `yyyy-mm-dd` in local time, for <input type="date">. */
export function dayInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight of a `yyyy-mm-dd` value, or null when it is not a date. */
export function parseDayInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d.getTime();
}

export const ONE_DAY_MS = DAY_MS;
