import { Fragment, lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { EventItem, EventList, EventNames, Stats } from '../../../common/api.ts';
import { isAbort } from '../api/api-client.ts';
import { useApi } from '../auth/auth-context.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorState } from '../components/ErrorState.tsx';
import { EventDetails } from '../components/EventDetails.tsx';
import { Icon } from '../components/Icon.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StatTile } from '../components/StatTile.tsx';
import { TypeBadge } from '../components/TypeBadge.tsx';
import { CALL_TYPES, eventDetail, eventTitle, typeLabel } from '../events/event-format.ts';
import { useResource } from '../hooks/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';

// echarts is most of the bundle; pages without a chart should not wait for it.
const EventsPerMinuteChart = lazy(() => import('../components/EventsPerMinuteChart.tsx'));

const POLL_MS = 1500;
const INITIAL_LIMIT = 100;
/** Rows kept on screen; older ones drop off the bottom so a busy workspace does not grow the page forever. */
const MAX_ROWS = 200;

interface Filters {
  type: string;
  event: string;
}

interface StreamState {
  /** Which filters this state belongs to; a filter change starts a new stream. */
  key: string;
  /** Null until the first load succeeds. */
  events: EventItem[] | null;
  /** Events with a larger seq arrived while watching, and get the "new" highlight. */
  baselineSeq: number;
  error: unknown;
}

/** The live event stream with per-minute chart, headline numbers and filters. */
export function LiveEventsPage() {
  const { t, formatNumber } = useI18n();
  const [filters, setFilters] = useState<Filters>({ type: '', event: '' });
  const [paused, setPaused] = useState(false);
  const stream = useEventStream(filters, paused);
  const stats = useResource<Stats>('/api/stats', { pollMs: 5000 });
  const names = useResource<EventNames>('/api/event-names', { pollMs: 15_000 });

  const filtered = filters.type !== '' || filters.event !== '';
  const status = paused ? 'paused' : stream.error !== undefined ? 'offline' : 'live';
  const nameOptions = eventNameOptions(names.data, stream.events, filters.event);

  return (
    <div className="page">
      <PageHeader
        title={t('live.title')}
        lead={t('live.lead')}
        actions={
          <>
            <span className={`live-status live-status-${status}`} data-testid="live-status">
              <span className="live-dot" aria-hidden="true" />
              {status === 'paused' ? t('live.statusPaused') : status === 'offline' ? t('live.statusOffline') : t('live.statusLive')}
            </span>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
              <Icon name={paused ? 'play' : 'pause'} size={14} />
              {paused ? t('live.resume') : t('live.pause')}
            </button>
          </>
        }
      />

      <section className="overview">
        <div className="stat-tiles">
          <StatTile label={t('live.totalEvents')} value={stats.data ? formatNumber(stats.data.totalEvents) : '–'} testId="stat-total-events" />
          <StatTile label={t('live.totalProfiles')} value={stats.data ? formatNumber(stats.data.totalProfiles) : '–'} testId="stat-total-profiles" />
          <StatTile
            label={t('live.pipelineLag')}
            value={stats.data ? formatNumber(stats.data.pipelineLag) : '–'}
            hint={stats.data && stats.data.pipelineLag === 0 ? t('live.pipelineLagOk') : undefined}
          />
        </div>
        <div className="card chart-card">
          <h2 className="card-title">{t('live.chartTitle')}</h2>
          {stats.data ? (
            <Suspense fallback={<div className="chart chart-placeholder" />}>
              <EventsPerMinuteChart perMinute={stats.data.eventsPerMinute} />
            </Suspense>
          ) : stats.error !== undefined ? (
            <ErrorState error={stats.error} onRetry={stats.reload} inline />
          ) : (
            <div className="chart chart-placeholder" />
          )}
        </div>
      </section>

      <section className="card stream-card">
        <div className="stream-toolbar">
          <h2 className="card-title">{t('live.streamTitle')}</h2>
          <div className="filters">
            <label className="filter">
              <span>{t('live.filterType')}</span>
              <select value={filters.type} onChange={(e) => setFilters((f) => ({ ...f, type: e.target.value }))} data-testid="filter-type">
                <option value="">{t('live.allTypes')}</option>
                {CALL_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {typeLabel(type, t)}
                  </option>
                ))}
              </select>
            </label>
            <label className="filter">
              <span>{t('live.filterEvent')}</span>
              <select value={filters.event} onChange={(e) => setFilters((f) => ({ ...f, event: e.target.value }))} data-testid="filter-event">
                <option value="">{t('live.allEvents')}</option>
                {nameOptions.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </div>
        {stream.error !== undefined && stream.events !== null && <ErrorState error={stream.error} inline />}
        {stream.events === null ? (
          stream.error !== undefined ? (
            <ErrorState error={stream.error} />
          ) : (
            <LoadingState rows={6} />
          )
        ) : stream.events.length === 0 ? (
          filtered ? (
            <EmptyState
              title={t('live.emptyFilteredTitle')}
              lead={t('live.emptyFilteredLead')}
              action={
                <button type="button" className="btn btn-secondary" onClick={() => setFilters({ type: '', event: '' })}>
                  {t('live.clearFilters')}
                </button>
              }
            />
          ) : (
            <EmptyState
              title={t('live.emptyTitle')}
              lead={t('live.emptyLead')}
              icon="rocket"
              action={
                <Link to="/get-started" className="btn btn-primary">
                  {t('live.emptyAction')}
                </Link>
              }
            />
          )
        ) : (
          <EventTable events={stream.events} baselineSeq={stream.baselineSeq} />
        )}
        {stream.events !== null && stream.events.length >= MAX_ROWS && <p className="table-footnote">{t('live.showingLatest', { count: MAX_ROWS })}</p>}
      </section>
    </div>
  );
}

function EventTable({ events, baselineSeq }: { events: EventItem[]; baselineSeq: number }) {
  const { t, formatTimeOrDate, formatDateTime } = useI18n();
  const [open, setOpen] = useState<number | null>(null);
  return (
    <div className="table-wrap">
      <table className="table event-table" data-testid="event-stream">
        <thead>
          <tr>
            <th scope="col" className="col-type">
              {t('live.colType')}
            </th>
            <th scope="col">{t('live.colEvent')}</th>
            <th scope="col" className="col-profile">
              {t('live.colProfile')}
            </th>
            <th scope="col" className="col-time">
              {t('live.colTime')}
            </th>
            <th scope="col" className="col-toggle">
              <span className="visually-hidden">{t('live.details')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => {
            const isOpen = open === e.seq;
            const detail = eventDetail(e);
            return (
              <Fragment key={e.seq}>
                <tr className={`event-row${e.seq > baselineSeq ? ' is-new' : ''}${isOpen ? ' is-open' : ''}`} data-testid="event-row" data-type={e.type}>
                  <td className="col-type">
                    <TypeBadge type={e.type} />
                  </td>
                  <td className="col-event">
                    <div className="event-title" data-testid="event-title">
                      {eventTitle(e, t)}
                    </div>
                    {detail && <div className="event-detail">{detail}</div>}
                  </td>
                  <td className="col-profile">
                    <Link to={`/profiles/${encodeURIComponent(e.profileId)}`} className="profile-link" data-testid="profile-link" title={e.profileId}>
                      {e.userId ?? <span className="anonymous">{t('event.anonymous')}</span>}
                    </Link>
                  </td>
                  <td className="col-time">
                    <time dateTime={new Date(e.timestamp).toISOString()} title={formatDateTime(e.timestamp)}>
                      {formatTimeOrDate(e.timestamp)}
                    </time>
                  </td>
                  <td className="col-toggle">
                    <button
                      type="button"
                      className="btn btn-ghost btn-icon"
                      aria-expanded={isOpen}
                      aria-label={isOpen ? t('live.hideDetails') : t('live.details')}
                      title={isOpen ? t('live.hideDetails') : t('live.details')}
                      onClick={() => setOpen(isOpen ? null : e.seq)}
                    >
                      <span className={`chevron${isOpen ? ' is-open' : ''}`} aria-hidden="true" />
                    </button>
                  </td>
                </tr>
                {isOpen && (
                  <tr className="event-details-row">
                    <td colSpan={5}>
                      <EventDetails event={e} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Loads the newest events for the filters, then polls for events with a larger seq every 1.5 s and
 * puts them on top. Pausing (or a hidden tab) stops the polls but keeps the position, so the next poll
 * picks up everything that arrived meanwhile, up to MAX_ROWS.
 */
function useEventStream(filters: Filters, paused: boolean): Omit<StreamState, 'key'> {
  const api = useApi();
  const key = `${filters.type}\u0000${filters.event}`;
  const [state, setState] = useState<StreamState | null>(null);
  const pausedRef = useRef(paused);

  useEffect(() => {
    pausedRef.current = paused;
  }, [paused]);

  useEffect(() => {
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let after: number | null = null;
    const query = new URLSearchParams();
    if (filters.type) query.set('type', filters.type);
    if (filters.event) query.set('event', filters.event);

    const tick = async () => {
      try {
        if (after === null) {
          const res = await api.get<EventList>(`/api/events?${withParams(query, { limit: INITIAL_LIMIT })}`, { signal: ctl.signal });
          const baseline = maxSeq(res.events, 0);
          after = baseline;
          setState({ key, events: res.events, baselineSeq: baseline, error: undefined });
        } else if (!pausedRef.current && !document.hidden) {
          const since: number = after;
          const res = await api.get<EventList>(`/api/events?${withParams(query, { after: since, limit: MAX_ROWS })}`, { signal: ctl.signal });
          after = maxSeq(res.events, since);
          setState((prev) => {
            if (!prev || prev.key !== key || prev.events === null) return prev;
            if (res.events.length === 0) return prev.error === undefined ? prev : { ...prev, error: undefined };
            const fresh = [...res.events].sort((a, b) => b.seq - a.seq);
            const seen = new Set(fresh.map((e) => e.seq));
            const kept = prev.events.filter((e) => !seen.has(e.seq));
            return { ...prev, error: undefined, events: [...fresh, ...kept].slice(0, MAX_ROWS) };
          });
        }
      } catch (err) {
        if (isAbort(err)) return;
        setState((prev) => (prev && prev.key === key ? { ...prev, error: err } : { key, events: null, baselineSeq: 0, error: err }));
      }
      if (!ctl.signal.aborted) timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      ctl.abort();
      clearTimeout(timer);
    };
  }, [api, key, filters.type, filters.event]);

  if (!state || state.key !== key) return { events: null, baselineSeq: 0, error: undefined };
  return state;
}

function withParams(base: URLSearchParams, extra: Record<string, number>): string {
  const q = new URLSearchParams(base);
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q.toString();
}

function maxSeq(events: EventItem[], floor: number): number {
  return events.reduce((m, e) => Math.max(m, e.seq), floor);
}

/**
 * The event-name filter's choices: the workspace's names by frequency, then names that just arrived in
 * the stream (the list is polled slowly, and a brand-new event should be filterable at once), and the
 * current choice, so it never vanishes from its own select.
 */
function eventNameOptions(known: EventNames | undefined, streamed: EventItem[] | null, selected: string): string[] {
  const names = new Set(known?.events.map((e) => e.event) ?? []);
  for (const e of streamed ?? []) if (e.type === 'track' && e.event) names.add(e.event);
  if (selected) names.add(selected);
  return [...names];
}
