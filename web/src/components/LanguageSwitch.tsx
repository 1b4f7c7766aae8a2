import { type Locale, LOCALE_NAMES, LOCALES, useI18n } from '../i18n/i18n-context.tsx';
import { Icon } from './Icon.tsx';

/** The language picker; the choice is remembered in this browser. */
export function LanguageSwitch({ tone = 'dark' }: { tone?: 'dark' | 'light' }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <label className={`language-switch language-switch-${tone}`}>
      <Icon name="globe" size={16} />
      <span className="visually-hidden">{t('nav.language')}</span>
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)} data-testid="language-select" aria-label={t('nav.language')}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
