import { useState } from 'react';
import type { JourneyCustomer, JourneyCustomerList } from '../../../common/journeys/api.ts';
import type { Stage } from '../../../common/journeys/model.ts';
import { saveFile } from '../api/api-client.ts';
import { useApi } from '../auth/auth-context.tsx';
import { Avatar } from '../components/Avatar.tsx';
import { ErrorState } from '../components/ErrorState.tsx';
import { Icon } from '../components/Icon.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { SidePanel } from '../components/SidePanel.tsx';
import { useResource } from '../hooks/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';
import { type CustomerSelection, customersPath, type MapFilters } from './journey-paths.ts';
import { exportFileName } from './map-export.ts';

const PAGE = 50;
const MAX_LIMIT = 1000;

/** The customers behind a number on the map, linking to their profiles, with a CSV download of all of them. */
export function CustomersPanel({ journeyId, selection, title, filters, stages, onClose }: { journeyId: string; selection: CustomerSelection; title: string; filters: MapFilters; stages: Stage[]; onClose: () => void }) {
  const { t, tn, formatNumber } = useI18n();
  const api = useApi();
  const [limit, setLimit] = useState(PAGE);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(undefined);
  const list = useResource<JourneyCustomerList>(customersPath(journeyId, selection, { ...filters, limit }), { keepData: true });
  const stageNames = new Map(stages.map((s) => [s.key, s.name]));

  const downloadCsv = async () => {
    setDownloading(true);
    setDownloadError(undefined);
    try {
      const file = await api.download(customersPath(journeyId, selection, { ...filters, limit: MAX_LIMIT, format: 'csv' }));
      saveFile(file.blob, file.filename ?? exportFileName(`${title}-customers`, 'csv'));
    } catch (err) {
      setDownloadError(err);
    } finally {
      setDownloading(false);
    }
  };

  const customers = list.data?.customers;
  return (
    <SidePanel
      title={title}
      subtitle={list.data ? tn('customers.total', list.data.total) : undefined}
      onClose={onClose}
      testId="customers-panel"
      actions={
        <>
          <button type="button" className="btn btn-secondary btn-small" onClick={() => void downloadCsv()} disabled={downloading} data-testid="download-csv">
            <Icon name="download" size={14} />
            {downloading ? t('customers.downloading') : t('customers.downloadCsv')}
          </button>
          {downloadError !== undefined && <ErrorState error={downloadError} inline />}
        </>
      }
    >
      {customers === undefined ? (
        list.error !== undefined ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <LoadingState rows={6} />
        )
      ) : customers.length === 0 ? (
        <p className="muted">{t('customers.none')}</p>
      ) : (
        <>
          <ul className="customer-list" data-testid="customer-list">
            {customers.map((c) => (
              <CustomerRow key={c.profileId} customer={c} stageName={c.currentStage ? (stageNames.get(c.currentStage) ?? c.currentStage) : null} />
            ))}
          </ul>
          {list.data && list.data.total > customers.length && limit < MAX_LIMIT && (
            <div className="load-more">
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setLimit(Math.min(MAX_LIMIT, limit + PAGE))} disabled={list.loading}>
                {list.loading ? t('common.loadingMore') : t('customers.showMore', { shown: formatNumber(customers.length), total: formatNumber(list.data.total) })}
              </button>
            </div>
          )}
        </>
      )}
    </SidePanel>
  );
}

function CustomerRow({ customer: c, stageName }: { customer: JourneyCustomer; stageName: string | null }) {
  const { t, formatDateTime, formatRelative } = useI18n();
  const name = c.name ?? c.email ?? c.userId;
  return (
    <li>
      <Link to={`/profiles/${encodeURIComponent(c.profileId)}`} className="customer-row" data-testid="customer-row">
        <Avatar name={name} id={c.profileId} />
        <span className="customer-text">
          <span className="customer-name">{name ?? t('profile.anonymous')}</span>
          <span className="customer-sub">{[c.email && c.email !== name ? c.email : null, c.userId && c.userId !== name ? c.userId : null].filter(Boolean).join(' · ') || c.profileId}</span>
        </span>
        <span className="customer-meta">
          {stageName && <span className="stage-chip">{stageName}</span>}
          {c.enteredAt !== null && (
            <time dateTime={new Date(c.enteredAt).toISOString()} title={formatDateTime(c.enteredAt)}>
              {formatRelative(c.enteredAt)}
            </time>
          )}
        </span>
      </Link>
    </li>
  );
}
