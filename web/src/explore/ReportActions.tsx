import { useState } from 'react';
import type { ReportKind, SavedReport } from '../../../common/analytics/api.ts';
import { saveFile } from '../api/api-client.ts';
import { useApi } from '../auth/auth-context.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorState } from '../components/ErrorState.tsx';
import { Icon } from '../components/Icon.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { csvFileName } from './explore-format.ts';
import { kindInfo } from './explore-kinds.ts';
import { analyticsPath, exploreKindPath, reportPath, reportsPath } from './explore-paths.ts';
import { SaveReportDialog } from './SaveReportDialog.tsx';

type Dialog = 'save' | 'saveAs' | 'rename' | 'delete' | null;

/**
 * A report's actions: copy a link to what is on screen, export the answer as CSV, and save, save a
 * copy, rename or delete the saved report.
 */
export function ReportActions<Q extends object>({ kind, query, report, dirty, ranQuery, onSaved, onDeleted }: { kind: ReportKind; query: Q; report: SavedReport | null; dirty: boolean; ranQuery: Q | undefined; onSaved: (report: SavedReport, sent?: Q) => void; onDeleted: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<'save' | 'csv' | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const link = window.location.origin + exploreKindPath(kind, { report: report?.id, query: report && !dirty ? undefined : query });

  const create = async (name: string) => {
    const sent = query;
    const saved = await api.post<SavedReport>(reportsPath, { name, kind, query: sent });
    onSaved(saved, sent);
  };
  const update = async (body: { name?: string; query?: Q }) => {
    if (!report) return;
    const saved = await api.patch<SavedReport>(reportPath(report.id), body);
    onSaved(saved, body.query);
  };

  const saveChanges = async () => {
    setBusy('save');
    setError(undefined);
    try {
      await update({ query });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const exportCsv = async () => {
    if (!ranQuery) return;
    setBusy('csv');
    setError(undefined);
    try {
      const file = await api.download(analyticsPath(kind, { csv: true }), { body: ranQuery });
      saveFile(file.blob, file.filename ?? csvFileName(report?.name ?? t(kindInfo(kind).title)));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="report-actions">
      <CopyButton text={link} label={t('explore.report.copyLink')} />
      <button type="button" className="btn btn-secondary btn-small" onClick={() => void exportCsv()} disabled={!ranQuery || busy === 'csv'} data-testid="export-csv">
        <Icon name="download" size={14} />
        {busy === 'csv' ? t('customers.downloading') : t('explore.report.csv')}
      </button>
      {report && (
        <>
          <button type="button" className="btn btn-ghost btn-icon" onClick={() => setDialog('rename')} aria-label={t('explore.report.rename')} title={t('explore.report.rename')} data-testid="rename-report">
            <Icon name="edit" size={16} />
          </button>
          <button type="button" className="btn btn-ghost btn-icon" onClick={() => setDialog('delete')} aria-label={t('explore.report.delete')} title={t('explore.report.delete')} data-testid="delete-report">
            <Icon name="trash" size={16} />
          </button>
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setDialog('saveAs')} data-testid="save-report-as">
            {t('explore.report.saveAs')}
          </button>
        </>
      )}
      {report ? (
        <button type="button" className="btn btn-primary btn-small" onClick={() => void saveChanges()} disabled={!dirty || busy === 'save'} data-testid="save-report">
          <Icon name={dirty ? 'save' : 'check'} size={14} />
          {busy === 'save' ? t('common.saving') : dirty ? t('explore.report.saveChanges') : t('explore.report.saved')}
        </button>
      ) : (
        <button type="button" className="btn btn-primary btn-small" onClick={() => setDialog('save')} data-testid="save-report">
          <Icon name="save" size={14} />
          {t('explore.report.save')}
        </button>
      )}
      {error !== undefined && <ErrorState error={error} inline />}

      {(dialog === 'save' || dialog === 'saveAs') && (
        <SaveReportDialog
          title={dialog === 'save' ? t('explore.report.saveTitle') : t('explore.report.saveAsTitle')}
          initialName={report ? t('explore.report.copyName', { name: report.name }) : ''}
          confirmLabel={t('common.save')}
          onSave={create}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'rename' && report && <SaveReportDialog title={t('explore.report.renameTitle')} initialName={report.name} confirmLabel={t('explore.report.rename')} onSave={(name) => update({ name })} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && report && (
        <ConfirmDialog
          title={t('explore.report.deleteTitle', { name: report.name })}
          message={t('explore.report.deleteLead')}
          confirmLabel={t('common.delete')}
          onConfirm={async () => {
            await api.delete(reportPath(report.id));
            onDeleted();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
