import { useState } from 'react';
import { ErrorState } from '../components/ErrorState.tsx';
import { Modal } from '../components/Modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Asks for a report's name (to save it, save a copy, or rename it) and runs `onSave` with it. */
export function SaveReportDialog({ title, initialName, confirmLabel, onSave, onClose }: { title: string; initialName: string; confirmLabel: string; onSave: (name: string) => Promise<void>; onClose: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(initialName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const save = async () => {
    const trimmed = name.trim();
    if (!trimmed || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await onSave(trimmed);
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal
      title={title}
      onClose={onClose}
      size="sm"
      testId="save-report-dialog"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={busy || !name.trim()} data-testid="report-name-save">
            {busy ? t('common.saving') : confirmLabel}
          </button>
        </>
      }
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="field">
          <span className="field-label">{t('explore.report.name')}</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('explore.report.namePlaceholder')} maxLength={200} autoFocus data-testid="report-name-input" />
        </label>
        {error !== undefined && <ErrorState error={error} inline />}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
