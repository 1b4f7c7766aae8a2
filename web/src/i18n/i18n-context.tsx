import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { da } from './da.ts';
import { en, type Messages } from './en.ts';
import { sv } from './sv.ts';

/** The languages the dashboard speaks. */
export type Locale = 'en' | 'sv' | 'da';
export const LOCALES: readonly Locale[] = ['en', 'sv', 'da'];

/**
 * Each language names itself ("Svenska", not "Swedish"), so a reader can find their own language
 * whatever the current one is; that is why these are not in the dictionaries.
 */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', sv: 'Svenska', da: 'Dansk' };

/** The BCP 47 tags Intl formats with; English uses the British conventions (24 h clock, day first). */
const INTL_TAGS: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE', da: 'da-DK' };
const DICTIONARIES: Record<Locale, Messages> = { en, sv, da };
const STORAGE_KEY = 'kundresa.locale';

export type MessageKey = keyof Messages;
/** Keys with `_one`/`_other` forms, named without the suffix. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];
type Vars = Record<string, string | number>;

/** Translation and locale-aware formatting for the current language. */
export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, vars?: Vars): string;
  /** The plural form for `count` (also available as `{count}` in the text). */
  tn(key: PluralKey, count: number, vars?: Vars): string;
  formatNumber(n: number): string;
  /** A share 0…1 as a percentage (`0.423` → "42%" / "42 %"). */
  formatPercent(share: number, opts?: { digits?: number }): string;
  /** A duration in its largest sensible units: "3 d 4 h", "12 min". */
  formatDuration(ms: number): string;
  formatDateTime(ms: number): string;
  /** Time of day, with the date only when it is not today. */
  formatTimeOrDate(ms: number): string;
  formatTime(ms: number, opts?: { seconds?: boolean }): string;
  formatDay(ms: number): string;
  /** A calendar date without weekday or time: "23 Nov 2026". */
  formatDate(ms: number): string;
  formatRelative(ms: number, now?: number): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const saved = readStorage(STORAGE_KEY);
  if (saved && isLocale(saved)) return saved;
  for (const lang of navigator.languages) {
    const base = lang.toLowerCase().split('-')[0] ?? '';
    if (isLocale(base)) return base;
    // Norwegian readers get Danish: written Bokmål is closer to Danish than to Swedish.
    if (base === 'nb' || base === 'no' || base === 'nn') return 'da';
  }
  return 'en';
}

function isLocale(v: string): v is Locale {
  return (LOCALES as readonly string[]).includes(v);
}

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage can be disabled (privacy modes); the dashboard still works without it
  }
}

/** Provides `useI18n()` and persists the chosen language in localStorage. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted, but the switch still applies for this visit.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo(() => createI18n(locale, setLocale), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language's translations and formatters. */
export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n() needs an <I18nProvider> above it');
  return ctx;
}

function createI18n(locale: Locale, setLocale: (l: Locale) => void): I18n {
  const dict = DICTIONARIES[locale];
  const tag = INTL_TAGS[locale];
  const numberFormat = new Intl.NumberFormat(tag);
  const plurals = new Intl.PluralRules(tag);
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit' });
  const timeSeconds = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const shortDateTime = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const day = new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const percent = [0, 1].map((digits) => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: digits }));
  const unit = (u: 'day' | 'hour' | 'minute' | 'second') => new Intl.NumberFormat(tag, { style: 'unit', unit: u, unitDisplay: 'narrow' });
  const units = { day: unit('day'), hour: unit('hour'), minute: unit('minute'), second: unit('second') };

  const interpolate = (text: string, vars: Vars | undefined) =>
    vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => {
      const v = vars[name];
      if (v === undefined) return m;
      return typeof v === 'number' ? numberFormat.format(v) : v;
    }) : text;

  const t = (key: MessageKey, vars?: Vars) => interpolate(dict[key], vars);

  return {
    locale,
    setLocale,
    t,
    tn(key, count, vars) {
      // Swedish, Danish and English all have exactly the categories "one" and "other".
      const form = plurals.select(count) === 'one' ? 'one' : 'other';
      return t(`${key}_${form}` as MessageKey, { count, ...vars });
    },
    formatNumber: (n) => numberFormat.format(n),
    formatPercent: (share, opts) => (percent[opts?.digits ?? 0] ?? numberFormat).format(share),
    formatDuration(ms) {
      const s = Math.round(ms / 1000);
      if (s < 60) return units.second.format(s);
      const m = Math.round(s / 60);
      if (m < 60) return units.minute.format(m);
      const h = Math.floor(m / 60);
      if (h < 24) return m % 60 && h < 10 ? `${units.hour.format(h)} ${units.minute.format(m % 60)}` : units.hour.format(Math.round(m / 60));
      const d = Math.floor(h / 24);
      return h % 24 && d < 10 ? `${units.day.format(d)} ${units.hour.format(h % 24)}` : units.day.format(Math.round(h / 24));
    },
    formatDateTime: (ms) => dateTime.format(ms),
    formatTimeOrDate(ms) {
      return isSameDay(ms, Date.now()) ? timeSeconds.format(ms) : shortDateTime.format(ms);
    },
    formatTime: (ms, opts) => (opts?.seconds ? timeSeconds : time).format(ms),
    formatDate: (ms) => date.format(ms),
    formatDay(ms) {
      const now = Date.now();
      if (isSameDay(ms, now)) return dict['profile.today'];
      if (isSameDay(ms, now - 86_400_000)) return dict['profile.yesterday'];
      return day.format(ms);
    },
    formatRelative(ms, now = Date.now()) {
      const seconds = Math.round((ms - now) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 60) return relative.format(seconds, 'second');
      if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
      if (abs < 30 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
      return dateTime.format(ms);
    },
  };
}

function isSameDay(a: number, b: number): boolean {
  const da = new Date(a);
  const db = new Date(b);
  return da.getFullYear() === db.getFullYear() && da.getMonth() === db.getMonth() && da.getDate() === db.getDate();
}
