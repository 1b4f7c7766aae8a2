import { useState } from 'react';
import type { Journey } from '../../../common/journeys/api.ts';
import type { Locale, TemplateName } from '../../../common/journeys/model.ts';
import { useApi } from '../auth/auth-context.tsx';
import { ErrorState } from '../components/ErrorState.tsx';
import { Modal } from '../components/Modal.tsx';
import { LOCALE_NAMES, LOCALES, useI18n } from '../i18n/i18n-context.tsx';
import { navigate } from '../router/router.tsx';
import { journeysPath } from './journey-paths.ts';
import { TEMPLATES } from './journey-templates.ts';

type Choice = TemplateName | 'blank';

/** Starts a journey from one of the stage templates (texts written by the server in the chosen language) or blank. */
export function NewJourneyDialog({ onClose }: { onClose: () => void }) {
  const { t, locale: uiLocale } = useI18n();
  const api = useApi();
  const [choice, setChoice] = useState<Choice>('seven-phase');
  const [locale, setLocale] = useState<Locale>(uiLocale);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const create = async () => {
    setBusy(true);
    setError(undefined);
    const trimmed = name.trim();
    try {
      const body = choice === 'blank' ? { name: trimmed || t('journeys.untitled'), locale } : { template: choice, locale, ...(trimmed ? { name: trimmed } : {}) };
      const journey = await api.post<Journey>(journeysPath, body);
      onClose();
      navigate(`/journeys/${encodeURIComponent(journey.id)}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('journeys.newTitle')}
      onClose={onClose}
      size="lg"
      testId="new-journey-dialog"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void create()} disabled={busy} data-testid="create-journey">
            {busy ? t('journeys.creating') : t('journeys.create')}
          </button>
        </>
      }
    >
      <fieldset className="template-picker">
        <legend className="field-label">{t('journeys.templateLabel')}</legend>
        {TEMPLATES.map((tpl) => (
          <label key={tpl.name} className={`template-option${choice === tpl.name ? ' is-selected' : ''}`} data-testid={`template-${tpl.name}`}>
            <input type="radio" name="template" value={tpl.name} checked={choice === tpl.name} onChange={() => setChoice(tpl.name)} />
            <span className="template-title">{t(tpl.title)}</span>
            <span className="template-lead">{t(tpl.lead)}</span>
            <span className="template-stages">
              {tpl.stages.map((s, i) => (
                <span key={s} className="template-stage">
                  <span className="template-stage-number">{i + 1}</span>
                  {t(s)}
                </span>
              ))}
            </span>
          </label>
        ))}
        <label className={`template-option template-blank${choice === 'blank' ? ' is-selected' : ''}`} data-testid="template-blank">
          <input type="radio" name="template" value="blank" checked={choice === 'blank'} onChange={() => setChoice('blank')} />
          <span className="template-title">{t('template.blank')}</span>
          <span className="template-lead">{t('template.blankLead')}</span>
        </label>
      </fieldset>
      <div className="form-row">
        <label className="field">
          <span className="field-label">{t('journeys.nameLabel')}</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('journeys.namePlaceholder')} maxLength={200} data-testid="new-journey-name" />
        </label>
        <label className="field">
          <span className="field-label">{t('journeys.languageLabel')}</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)} data-testid="new-journey-locale">
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">{t('journeys.languageNote')}</p>
      {error !== undefined && <ErrorState error={error} inline />}
    </Modal>
  );
}
