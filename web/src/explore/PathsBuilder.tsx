import type { AnalyticsSchema } from '../../../common/analytics/api.ts';
import type { PathEventTypes } from '../../../common/analytics/paths.ts';
import { type FieldProblem, problemAt } from '../api/validation-errors.ts';
import { FieldError } from '../components/FieldError.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { EventNamesInput } from '../journeys/EventNamesInput.tsx';
import { BuilderField, BuilderSection } from './BuilderSection.tsx';
import { DurationInput } from './DurationInput.tsx';
import type { PathsDraft } from './explore-queries.ts';
import { MatcherEditor } from './MatcherEditor.tsx';

const EVENT_TYPES: { value: PathEventTypes; label: MessageKey }[] = [
  { value: 'pages', label: 'explore.paths.typesPages' },
  { value: 'events', label: 'explore.paths.typesEvents' },
  { value: 'all', label: 'explore.paths.typesAll' },
];
const DEPTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const TOP_PATHS = [5, 10, 20, 50, 100];

/** The paths query builder: where paths start or end, how far they go, and what counts as a step. */
export function PathsBuilder({ query, onChange, schema, problems }: { query: PathsDraft; onChange: (q: PathsDraft) => void; schema: AnalyticsSchema; problems: FieldProblem[] }) {
  const { t } = useI18n();
  const backward = query.end !== undefined;
  const anchor = query.end ?? query.start ?? { type: 'page' as const };
  const labels = [...schema.pages.map((p) => ({ event: p.path, count: p.count })), ...schema.events.map((e) => ({ event: e.name, count: e.count }))].sort((a, b) => b.count - a.count);

  return (
    <div className="builder" data-testid="paths-builder">
      <BuilderSection title={t('explore.paths.anchor')} hint={backward ? t('explore.paths.backwardHint') : t('explore.paths.forwardHint')}>
        <div className="segmented segmented-wide" role="radiogroup" aria-label={t('explore.paths.direction')}>
          <button type="button" role="radio" aria-checked={!backward} className={backward ? '' : 'is-active'} onClick={() => onChange({ ...query, start: anchor, end: undefined })} data-testid="paths-forward">
            {t('explore.paths.startingAt')}
          </button>
          <button type="button" role="radio" aria-checked={backward} className={backward ? 'is-active' : ''} onClick={() => onChange({ ...query, end: anchor, start: undefined })} data-testid="paths-backward">
            {t('explore.paths.endingAt')}
          </button>
        </div>
        <MatcherEditor matcher={anchor} onChange={(m) => onChange(backward ? { ...query, end: m } : { ...query, start: m })} schema={schema} problems={problems} problemPath={backward ? 'end' : 'start'} testId="paths-anchor" label={t('explore.paths.anchor')} />
        <FieldError message={problemAt(problems, 'start') ?? problemAt(problems, 'end')} />
      </BuilderSection>

      <BuilderSection title={t('explore.paths.shape')}>
        <div className="builder-grid">
          <BuilderField label={t('explore.paths.depth')}>
            <select value={query.depth ?? 5} onChange={(e) => onChange({ ...query, depth: Number(e.target.value) })} aria-label={t('explore.paths.depth')} data-testid="paths-depth">
              {DEPTHS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </BuilderField>
          <BuilderField label={t('explore.paths.types')}>
            <select value={query.eventTypes ?? 'all'} onChange={(e) => onChange({ ...query, eventTypes: e.target.value as PathEventTypes })} aria-label={t('explore.paths.types')} data-testid="paths-types">
              {EVENT_TYPES.map((o) => (
                <option key={o.value} value={o.value}>
                  {t(o.label)}
                </option>
              ))}
            </select>
          </BuilderField>
        </div>
        <BuilderField label={t('explore.paths.window')} hint={t('explore.paths.windowHint')}>
          <DurationInput value={query.windowMs} optional onChange={(windowMs) => onChange({ ...query, windowMs })} label={t('explore.paths.window')} testId="paths-window" />
        </BuilderField>
      </BuilderSection>

      <BuilderSection title={t('explore.paths.exclude')} hint={t('explore.paths.excludeHint')}>
        <EventNamesInput names={query.exclude ?? []} onChange={(exclude) => onChange({ ...query, exclude: exclude.length ? exclude : undefined })} suggestions={labels} invalid={Boolean(problemAt(problems, 'exclude'))} testId="paths-exclude" />
      </BuilderSection>

      <BuilderSection title={t('explore.paths.topPaths')}>
        <select value={query.topPaths ?? 10} onChange={(e) => onChange({ ...query, topPaths: Number(e.target.value) })} aria-label={t('explore.paths.topPaths')} data-testid="paths-top">
          {TOP_PATHS.map((n) => (
            <option key={n} value={n}>
              {t('explore.paths.topN', { n })}
            </option>
          ))}
        </select>
      </BuilderSection>
    </div>
  );
}
