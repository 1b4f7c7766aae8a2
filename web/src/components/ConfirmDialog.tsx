import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { ErrorState } from './ErrorState.tsx';
import { Modal } from './Modal.tsx';

/** Asks before something that cannot be undone; shows the failure if the action fails. */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onClose }: { title: string; message: string; confirmLabel: string; onConfirm: () => Promise<void>; onClose: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
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
      testId="confirm-dialog"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-danger" onClick={() => void confirm()} disabled={busy} data-testid="confirm-button">
            {confirmLabel}
          </button>
        </>
      }
    >
      <p>{message}</p>
      {error !== undefined && <ErrorState error={error} inline />}
    </Modal>
  );
}
