import { type ReactNode, useEffect, useState } from 'react';
import type { AnalyticsSchema, ReportKind, SavedReport } from '../../../common/analytics/api.ts';
import { ApiFailure } from '../api/api-client.ts';
import { type FieldProblem, fieldProblems } from '../api/validation-errors.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorState } from '../components/ErrorState.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useDebouncedValue } from '../hooks/use-debounced-value.ts';
import { useResource } from '../hooks/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link, navigate, useNavigationCount } from '../router/router.tsx';
import { ExploreError } from './ExploreError.tsx';
import { kindInfo } from './explore-kinds.ts';
import { exploreKindPath, explorePath, readExploreSearch, reportPath, schemaPath } from './explore-paths.ts';
import { defaultQuery, incompleteReason, type QueryOf, readQuery, type ResultOf } from './explore-queries.ts';
import { PeriodControl } from './PeriodControl.tsx';
import { ReportActions } from './ReportActions.tsx';
import { RunningIndicator } from './RunningIndicator.tsx';
import { useAnalyticsQuery } from './use-analytics-query.ts';

/** What a kind's page hands the workspace: its query builder and its result view. */
export interface KindView<K extends ReportKind> {
  kind: K;
  builder: (props: { query: QueryOf[K]; onChange: (q: QueryOf[K]) => void; schema: AnalyticsSchema; problems: FieldProblem[] }) => ReactNode;
  result: (props: { result: ResultOf[K]; query: QueryOf[K]; schema: AnalyticsSchema }) => ReactNode;
}

/**
 * One explore page: the query builder beside the answer, run as the query changes. The query lives
 * in the address (`?q=…`, `?report=…`), so a link shows the same report; following a link or going
 * back starts the page over from the address.
 */
export function ExploreWorkspace<K extends ReportKind>(view: KindView<K>) {
  const navigation = useNavigationCount();
  return <ReportLoader key={navigation} {...view} />;
}

/** Reads the address, loads the saved report it names and the query-builder schema, then shows the editor. */
function ReportLoader<K extends ReportKind>(view: KindView<K>) {
  const { t } = useI18n();
  const [address] = useState(() => readExploreSearch(window.location.search));
  const schema = useResource<AnalyticsSchema>(schemaPath);
  const report = useResource<SavedReport>(address.report ? reportPath(address.report) : null);
  const info = kindInfo(view.kind);
  const wrongKind = report.data !== undefined && report.data.kind !== view.kind ? report.data : null;

  useEffect(() => {
    // A report link with the wrong kind in its path (edited by hand): open it where it belongs.
    if (wrongKind) navigate(exploreKindPath(wrongKind.kind, { report: wrongKind.id }), { replace: true });
  }, [wrongKind]);

  const header = <PageHeader eyebrow={<Link to={explorePath}>{t('explore.title')}</Link>} title={t(info.title)} />;
  if (address.report && report.error !== undefined) {
    const missing = report.error instanceof ApiFailure && report.error.status === 404;
    return (
      <div className="page page-wide explore-page">
        {header}
        {missing ? (
          <div className="card">
            <EmptyState title={t('explore.report.notFoundTitle')} lead={t('explore.report.notFoundLead')} icon={info.icon} action={<Link to={exploreKindPath(view.kind)} className="btn btn-primary">{t(info.create)}</Link>} />
          </div>
        ) : (
          <ErrorState error={report.error} onRetry={report.reload} />
        )}
      </div>
    );
  }
  if (schema.data === undefined || (address.report && report.data === undefined) || wrongKind) {
    return (
      <div className="page page-wide explore-page">
        {header}
        {schema.error !== undefined ? <ErrorState error={schema.error} onRetry={schema.reload} /> : <LoadingState rows={8} />}
      </div>
    );
  }
  const saved = report.data ? readQuery(view.kind, report.data.query) : null;
  const initial = readQuery(view.kind, address.query) ?? saved ?? defaultQuery(view.kind, schema.data);
  return <ReportEditor view={view} schema={schema.data} initialQuery={initial} initialReport={report.data ?? null} initialBaseline={saved ? JSON.stringify(saved) : null} />;
}

function ReportEditor<K extends ReportKind>({ view, schema, initialQuery, initialReport, initialBaseline }: { view: KindView<K>; schema: AnalyticsSchema; initialQuery: QueryOf[K]; initialReport: SavedReport | null; initialBaseline: string | null }) {
  const { t } = useI18n();
  const info = kindInfo(view.kind);
  const [query, setQuery] = useState(initialQuery);
  const [report, setReport] = useState(initialReport);
  // The query as last saved (as this page sent it), to tell whether there are unsaved changes.
  const [baseline, setBaseline] = useState(initialBaseline);
  const reason = incompleteReason(view.kind, query);
  const run = useAnalyticsQuery<QueryOf[K], ResultOf[K]>(view.kind, reason ? null : query);
  const dirty = report !== null && JSON.stringify(query) !== baseline;
  const problems = fieldProblems(run.error);
  // An answer to an earlier query stays on screen while a newer one runs or fails to reach the server,
  // but not next to a refusal: it would read as the answer to the query the server refused.
  const refused = run.error instanceof ApiFailure && run.error.status >= 400 && run.error.status < 500;

  // Mirror the settled query into the address, for the link to share and for reloads; a saved report
  // without changes is just its id.
  const settled = useDebouncedValue(query, 400);
  const settledDirty = report !== null && JSON.stringify(settled) !== baseline;
  useEffect(() => {
    const url = exploreKindPath(view.kind, { report: report?.id, query: report && !settledDirty ? undefined : settled });
    if (url !== window.location.pathname + window.location.search) window.history.replaceState(window.history.state, '', url);
  }, [view.kind, report, settled, settledDirty]);

  // `sent` is the query saved with it; a rename saves none and leaves the baseline as it was.
  const onSaved = (saved: SavedReport, sent?: QueryOf[K]) => {
    setReport(saved);
    if (sent !== undefined) setBaseline(JSON.stringify(sent));
  };

  return (
    <div className="page page-wide explore-page" data-testid={`explore-${view.kind}`}>
      <PageHeader
        eyebrow={<Link to={explorePath}>{t('explore.title')}</Link>}
        title={
          <span className="explore-title" data-testid="report-title">
            {report ? report.name : t(info.title)}
            {dirty && <span className="pill pill-quiet">{t('explore.report.unsaved')}</span>}
          </span>
        }
        lead={report ? t(info.title) : t(info.lead)}
        actions={<ReportActions kind={view.kind} query={query} report={report} dirty={dirty} ranQuery={reason ? undefined : run.dataQuery} onSaved={onSaved} onDeleted={() => setReport(null)} />}
      />
      <div className="explore-layout">
        <aside className="card explore-builder" aria-label={t('explore.builder')} data-testid="query-builder">
          {view.builder({ query, onChange: setQuery, schema, problems })}
        </aside>
        <section className="explore-results" aria-label={t('explore.results')}>
          <div className="explore-toolbar">
            <PeriodControl from={query.from} to={query.to} onChange={(p) => setQuery({ ...query, ...p })} />
            <span className="toolbar-spacer" />
            {run.running && !reason && <RunningIndicator startedAt={run.startedAt} />}
          </div>
          {reason ? (
            <div className="card">
              <EmptyState title={t('explore.incomplete.title')} lead={t(reason)} icon={info.icon} />
            </div>
          ) : (
            <>
              {run.error !== undefined && <ExploreError error={run.error} onRetry={run.retry} />}
              {run.data !== undefined && run.dataQuery !== undefined && !refused ? (
                <div className={`explore-answer${run.running || run.error !== undefined ? ' is-stale' : ''}`} aria-busy={run.running} data-testid="explore-answer">
                  {view.result({ result: run.data, query: run.dataQuery, schema })}
                </div>
              ) : (
                run.error === undefined && (
                  <div className="card">
                    <LoadingState rows={6} />
                  </div>
                )
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
