import { useEffect, useState } from 'react';
import type { AnalyticsCustomers } from '../../../common/analytics/api.ts';
import { isAbort, saveFile } from '../api/api-client.ts';
import { useApi } from '../auth/auth-context.tsx';
import { Avatar } from '../components/Avatar.tsx';
import { ErrorState } from '../components/ErrorState.tsx';
import { Icon } from '../components/Icon.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { SidePanel } from '../components/SidePanel.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';
import { csvFileName } from './explore-format.ts';
import { funnelCustomersPath } from './explore-paths.ts';
import type { FunnelDraft } from './explore-queries.ts';

/** Which customers a funnel number stands for: a step's converted or dropped, optionally of one breakdown group. */
export interface FunnelSelection {
  step: number;
  kind: 'converted' | 'dropped';
  group?: string;
  title: string;
}

interface Loaded {
  customers: AnalyticsCustomers['customers'];
  total: number;
  nextCursor: string | null;
}

/**
 * The customers behind a funnel number (POST /api/analytics/funnel/customers), page by page, each
 * linking to their profile; "Download CSV" fetches all of them.
 */
export function FunnelCustomersPanel({ funnel, selection, onClose }: { funnel: FunnelDraft; selection: FunnelSelection; onClose: () => void }) {
  const { t, tn, formatDateTime, formatRelative } = useI18n();
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const [nonce, setNonce] = useState(0);
  const body = { funnel, step: selection.step, kind: selection.kind, ...(selection.group === undefined ? {} : { group: selection.group }) };
  const bodyKey = JSON.stringify(body);

  useEffect(() => {
    const ctl = new AbortController();
    api.post<AnalyticsCustomers>(funnelCustomersPath(), JSON.parse(bodyKey), { signal: ctl.signal }).then(
      (page) => {
        setLoaded({ customers: page.customers, total: page.total, nextCursor: page.nextCursor });
        setError(undefined);
      },
      (err: unknown) => {
        if (!isAbort(err)) setError(err);
      },
    );
    return () => ctl.abort();
  }, [api, bodyKey, nonce]);

  const loadMore = async () => {
    if (!loaded?.nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await api.post<AnalyticsCustomers>(funnelCustomersPath({ cursor: loaded.nextCursor }), body);
      setLoaded({ customers: [...loaded.customers, ...page.customers], total: page.total, nextCursor: page.nextCursor });
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  };

  const downloadCsv = async () => {
    setDownloading(true);
    try {
      const file = await api.download(funnelCustomersPath({ csv: true }), { body });
      saveFile(file.blob, file.filename ?? csvFileName(selection.title));
    } catch (err) {
      setError(err);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <SidePanel
      title={selection.title}
      subtitle={loaded ? tn('customers.total', loaded.total) : undefined}
      onClose={onClose}
      testId="funnel-customers"
      actions={
        <button type="button" className="btn btn-secondary btn-small" onClick={() => void downloadCsv()} disabled={downloading || loaded?.total === 0} data-testid="download-csv">
          <Icon name="download" size={14} />
          {downloading ? t('customers.downloading') : t('customers.downloadCsv')}
        </button>
      }
    >
      {error !== undefined && <ErrorState error={error} onRetry={() => setNonce((n) => n + 1)} inline />}
      {loaded === null ? (
        error === undefined && <LoadingState rows={6} />
      ) : loaded.customers.length === 0 ? (
        <p className="muted">{t('explore.customers.none')}</p>
      ) : (
        <>
          <ul className="customer-list" data-testid="customer-list">
            {loaded.customers.map((c) => {
              const name = c.userId ?? c.profileId;
              return (
                <li key={c.profileId}>
                  <Link to={`/profiles/${encodeURIComponent(c.profileId)}`} className="customer-row" data-testid="customer-row">
                    <Avatar name={c.userId} id={c.profileId} />
                    <span className="customer-text">
                      <span className="customer-name">{name}</span>
                      <span className="customer-sub">{c.userId ? c.profileId : t('profile.anonymous')}</span>
                    </span>
                    <span className="customer-meta">
                      <time dateTime={new Date(c.time).toISOString()} title={formatDateTime(c.time)}>
                        {formatRelative(c.time)}
                      </time>
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
          {loaded.nextCursor && (
            <div className="load-more">
              <button type="button" className="btn btn-secondary btn-small" onClick={() => void loadMore()} disabled={loadingMore}>
                {loadingMore ? t('common.loadingMore') : t('customers.showMore', { shown: loaded.customers.length, total: loaded.total })}
              </button>
            </div>
          )}
        </>
      )}
    </SidePanel>
  );
}
