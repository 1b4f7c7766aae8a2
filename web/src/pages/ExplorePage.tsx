import { useState } from 'react';
import type { SavedReport, SavedReportList } from '../../../common/analytics/api.ts';
import { useApi } from '../auth/auth-context.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorState } from '../components/ErrorState.tsx';
import { Icon } from '../components/Icon.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useResource } from '../hooks/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { EXPLORE_KINDS, kindInfo } from '../explore/explore-kinds.ts';
import { exploreKindPath, reportPath, reportsPath } from '../explore/explore-paths.ts';
import { SaveReportDialog } from '../explore/SaveReportDialog.tsx';
import { Link } from '../router/router.tsx';

type Editing = { kind: 'rename' | 'delete'; report: SavedReport } | null;

/** /explore: the six kinds of report to start from, and the saved reports. */
export function ExplorePage() {
  const { t } = useI18n();
  return (
    <div className="page page-wide explore-landing">
      <PageHeader title={t('explore.title')} lead={t('explore.lead')} />
      <div className="kind-grid">
        {EXPLORE_KINDS.map((k) => (
          <Link key={k.kind} to={exploreKindPath(k.kind)} className="kind-card" data-testid={`explore-kind-${k.kind}`}>
            <span className={`kind-icon kind-icon-${k.kind}`}>
              <Icon name={k.icon} size={22} />
            </span>
            <span className="kind-text">
              <span className="kind-title">{t(k.title)}</span>
              <span className="kind-lead">{t(k.lead)}</span>
            </span>
            <span className="kind-go" aria-hidden="true">
              <Icon name="right" size={16} />
            </span>
          </Link>
        ))}
      </div>
      <SavedReports />
    </div>
  );
}

function SavedReports() {
  const { t, formatRelative, formatDateTime } = useI18n();
  const api = useApi();
  const list = useResource<SavedReportList>(reportsPath);
  const [editing, setEditing] = useState<Editing>(null);
  const reports = list.data ? [...list.data.reports].sort((a, b) => b.updatedAt - a.updatedAt) : undefined;

  return (
    <section className="card saved-reports" data-testid="saved-reports">
      <h2 className="card-title">{t('explore.saved.title')}</h2>
      {reports === undefined ? (
        list.error !== undefined ? (
          <ErrorState error={list.error} onRetry={list.reload} inline />
        ) : (
          <LoadingState rows={3} />
        )
      ) : reports.length === 0 ? (
        <EmptyState title={t('explore.saved.emptyTitle')} lead={t('explore.saved.emptyLead')} icon="save" />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('explore.saved.name')}</th>
                <th>{t('explore.saved.kind')}</th>
                <th>{t('explore.saved.changed')}</th>
                <th aria-label={t('explore.saved.actions')} />
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => {
                const info = kindInfo(r.kind);
                return (
                  <tr key={r.id} data-testid={`saved-report-${r.id}`}>
                    <td>
                      <Link to={exploreKindPath(r.kind, { report: r.id })} className="report-link">
                        <Icon name={info.icon} size={16} />
                        {r.name}
                      </Link>
                    </td>
                    <td className="muted">{t(info.title)}</td>
                    <td className="muted" title={formatDateTime(r.updatedAt)}>
                      {formatRelative(r.updatedAt)}
                    </td>
                    <td className="row-actions">
                      <button type="button" className="btn btn-ghost btn-icon" onClick={() => setEditing({ kind: 'rename', report: r })} aria-label={t('explore.report.renameNamed', { name: r.name })} title={t('explore.report.rename')}>
                        <Icon name="edit" size={15} />
                      </button>
                      <button type="button" className="btn btn-ghost btn-icon" onClick={() => setEditing({ kind: 'delete', report: r })} aria-label={t('explore.report.deleteNamed', { name: r.name })} title={t('explore.report.delete')}>
                        <Icon name="trash" size={15} />
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {editing?.kind === 'rename' && (
        <SaveReportDialog
          title={t('explore.report.renameTitle')}
          initialName={editing.report.name}
          confirmLabel={t('explore.report.rename')}
          onSave={async (name) => {
            await api.patch(reportPath(editing.report.id), { name });
            list.reload();
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === 'delete' && (
        <ConfirmDialog
          title={t('explore.report.deleteTitle', { name: editing.report.name })}
          message={t('explore.report.deleteLead')}
          confirmLabel={t('common.delete')}
          onConfirm={async () => {
            await api.delete(reportPath(editing.report.id));
            list.reload();
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}
