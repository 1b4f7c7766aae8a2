import { Icon } from '../components/Icon.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/** The footer of a part's edit dialog: delete (when editing an existing part), cancel, save. `what` names the test ids. */
export function EditDialogFooter({ what, onDelete, onCancel, onSave, busy }: { what: string; onDelete?: () => void; onCancel: () => void; onSave: () => void; busy: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {onDelete && (
        <button type="button" className="btn btn-ghost btn-danger-text footer-left" onClick={onDelete} data-testid={`delete-${what}`}>
          <Icon name="trash" size={15} />
          {t('common.delete')}
        </button>
      )}
      <button type="button" className="btn btn-secondary" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="button" className="btn btn-primary" onClick={onSave} disabled={busy} data-testid={`save-${what}`}>
        {busy ? t('common.saving') : t('common.save')}
      </button>
    </>
  );
}
