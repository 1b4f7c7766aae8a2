import type { Interval } from '../../../common/analytics/query.ts';
import type { Locale } from '../i18n/i18n-context.tsx';

/** Formatting the explorer needs beyond useI18n(): bucket labels in the query's time zone, money-like sums. */

const TAGS: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE', da: 'da-DK' };

const bucketFormats: Record<Interval, Intl.DateTimeFormatOptions> = {
  hour: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  day: { day: 'numeric', month: 'short' },
  week: { day: 'numeric', month: 'short' },
  month: { month: 'short', year: 'numeric' },
};

/**
 * A bucket's label: its start (a UTC instant) as the wall clock of the query's zone shows it — "12 Mar",
 * "Mar 2026", "12 Mar 14:00". A week is named by its Monday.
 */
export function bucketLabel(iso: string, interval: Interval, timeZone: string, locale: Locale): string {
  const ms = Date.parse(iso);
  try {
    return new Intl.DateTimeFormat(TAGS[locale], { ...bucketFormats[interval], timeZone }).format(ms);
  } catch {
    return new Intl.DateTimeFormat(TAGS[locale], bucketFormats[interval]).format(ms);
  }
}

/** A sum or average as people read it: whole numbers when large, two decimals when small. */
export function formatAmount(n: number, locale: Locale): string {
  const digits = Math.abs(n) >= 100 ? 0 : 2;
  return new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: digits }).format(n);
}

/** A fractional count (attribution credits): one decimal unless it is whole. */
export function formatCredit(n: number, locale: Locale): string {
  return new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: Number.isInteger(n) ? 0 : 1 }).format(n);
}

/** The browser's IANA time zone, which new queries are bucketed in. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** A file name for a download: the report's name, lower case, with the date. */
export function csvFileName(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'report'}-${new Date().toISOString().slice(0, 10)}.csv`;
}

/** Chart colours: the dashboard's blue first, then distinct hues that stay apart for colour-blind readers. */
export const SERIES_COLORS = ['#3b5bdb', '#f08c00', '#0ca678', '#e64980', '#7048e8', '#1098ad', '#d9480f', '#5c940d', '#ae3ec9', '#495057', '#fab005'];

export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length] ?? '#3b5bdb';
}

/** A plain decimal number with at most `digits` fraction digits ("2.4", "2,4"). */
export function formatDecimal(n: number, locale: Locale, digits: number): string {
  return new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: digits }).format(n);
}

/**
 * Whether `to` is where a bucket starts (local midnight; for weeks a Monday, for months the 1st) in
 * the zone. When it is not, the period's last bucket is cut short: its numbers are still growing.
 */
export function isBucketBoundary(to: number, interval: Interval, timeZone: string): boolean {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(to);
  } catch {
    return true;
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const midnight = Number(part('hour')) === 0 && Number(part('minute')) === 0 && Number(part('second')) === 0;
  if (interval === 'hour') return Number(part('minute')) === 0 && Number(part('second')) === 0;
  if (!midnight) return false;
  if (interval === 'week') return part('weekday') === 'Mon';
  if (interval === 'month') return Number(part('day')) === 1;
  return true;
}

/** A large amount in few characters for tight tables: "221.1K", "221,1 tn"; small ones as formatAmount. */
export function formatCompact(n: number, locale: Locale): string {
  if (Math.abs(n) < 100_000) return formatAmount(n, locale);
  return new Intl.NumberFormat(TAGS[locale], { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}
