import { useId } from 'react';
import type { AnalyticsSchema } from '../../../common/analytics/api.ts';
import type { Interval } from '../../../common/analytics/query.ts';
import type { TrendMetric } from '../../../common/analytics/trends.ts';
import { type FieldProblem, problemAt } from '../api/validation-errors.ts';
import { FieldError } from '../components/FieldError.tsx';
import { Icon } from '../components/Icon.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { BreakdownPicker } from './BreakdownPicker.tsx';
import { BuilderSection } from './BuilderSection.tsx';
import type { TrendsDraft } from './explore-queries.ts';
import { INTERVAL_LABELS } from './explore-labels.ts';
import { MatcherEditor } from './MatcherEditor.tsx';
import { useRowKeys } from './use-row-keys.ts';

const MAX_SERIES = 10;
type SeriesInput = TrendsDraft['series'][number];

const METRICS: { value: TrendMetric; label: MessageKey }[] = [
  { value: 'count', label: 'explore.trends.count' },
  { value: 'customers', label: 'explore.trends.customers' },
  { value: 'sum', label: 'explore.trends.sum' },
  { value: 'average', label: 'explore.trends.average' },
];

/** A series' letter: A, B, C… as in the chart's legend. */
export function seriesLetter(i: number): string {
  return String.fromCharCode(65 + i);
}

/** The trends query builder: up to ten series (what and how to count), interval, breakdown and compare. */
export function TrendsBuilder({ query, onChange, schema, problems }: { query: TrendsDraft; onChange: (q: TrendsDraft) => void; schema: AnalyticsSchema; problems: FieldProblem[] }) {
  const { t } = useI18n();
  const propertyList = useId();
  const keys = useRowKeys(query.series.length);
  const setSeries = (i: number, s: SeriesInput) => onChange({ ...query, series: query.series.map((old, j) => (j === i ? s : old)) });

  return (
    <div className="builder" data-testid="trends-builder">
      <BuilderSection title={t('explore.trends.series')}>
        <datalist id={propertyList}>
          {schema.properties.map((p) => (
            <option key={p.key} value={p.key} />
          ))}
        </datalist>
        <ol className="step-list">
          {query.series.map((s, i) => {
            const metric = s.metric ?? 'count';
            const needsProperty = metric === 'sum' || metric === 'average';
            return (
              <li key={keys.keys[i] ?? i} className="step-editor" data-testid={`series-${i + 1}`}>
                <div className="step-editor-line">
                  <span className="step-badge series-badge" aria-hidden="true">
                    {seriesLetter(i)}
                  </span>
                  <MatcherEditor matcher={s.matcher} onChange={(matcher) => setSeries(i, { ...s, matcher })} schema={schema} problems={problems} problemPath={`series.${i}.matcher`} testId={`series-${i + 1}-matcher`} label={t('explore.trends.seriesN', { letter: seriesLetter(i) })} />
                  <div className="row-tools">
                    <button
                      type="button"
                      className="btn btn-ghost btn-icon"
                      onClick={() => {
                        keys.remove(i);
                        onChange({ ...query, series: query.series.filter((_, j) => j !== i) });
                      }}
                      disabled={query.series.length <= 1}
                      aria-label={t('explore.trends.removeSeries', { letter: seriesLetter(i) })}
                      title={t('explore.trends.removeSeries', { letter: seriesLetter(i) })}
                    >
                      <Icon name="trash" size={15} />
                    </button>
                  </div>
                </div>
                <div className="step-options">
                  <select value={metric} onChange={(e) => setSeries(i, { ...s, metric: e.target.value as TrendMetric, property: e.target.value === 'sum' || e.target.value === 'average' ? (s.property ?? 'properties.revenue') : undefined })} aria-label={t('explore.trends.metric')} data-testid={`series-${i + 1}-metric`}>
                    {METRICS.map((m) => (
                      <option key={m.value} value={m.value}>
                        {t(m.label)}
                      </option>
                    ))}
                  </select>
                  {needsProperty && <input type="text" className="mono" list={propertyList} value={s.property ?? ''} onChange={(e) => setSeries(i, { ...s, property: e.target.value })} placeholder="properties.revenue" aria-label={t('explore.trends.property')} spellCheck={false} maxLength={200} data-testid={`series-${i + 1}-property`} />}
                </div>
                <FieldError message={problemAt(problems, `series.${i}.property`)} />
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="btn btn-secondary btn-small add-row"
          onClick={() => {
            keys.add();
            onChange({ ...query, series: [...query.series, { matcher: { event: '' }, metric: 'count' }] });
          }}
          disabled={query.series.length >= MAX_SERIES}
          data-testid="add-series"
        >
          <Icon name="plus" size={14} />
          {t('explore.trends.addSeries')}
        </button>
      </BuilderSection>

      <BuilderSection title={t('explore.trends.interval')}>
        <div className="segmented segmented-wide" role="radiogroup" aria-label={t('explore.trends.interval')}>
          {(Object.keys(INTERVAL_LABELS) as Interval[]).map((i) => (
            <button key={i} type="button" role="radio" aria-checked={(query.interval ?? 'day') === i} className={(query.interval ?? 'day') === i ? 'is-active' : ''} onClick={() => onChange({ ...query, interval: i })} data-testid={`trends-interval-${i}`}>
              {t(INTERVAL_LABELS[i])}
            </button>
          ))}
        </div>
        <FieldError message={problemAt(problems, 'interval')} />
        <label className="toggle" data-testid="trends-compare">
          <input type="checkbox" checked={query.compare ?? false} onChange={(e) => onChange({ ...query, compare: e.target.checked })} />
          <span className="toggle-track" aria-hidden="true" />
          {t('toolbar.compare')}
        </label>
      </BuilderSection>

      <BuilderSection title={t('toolbar.breakdown')}>
        <BreakdownPicker value={query.breakdown} onChange={(breakdown) => onChange({ ...query, breakdown })} schema={schema} testId="trends-breakdown" />
        <FieldError message={problemAt(problems, 'breakdown')} />
      </BuilderSection>
    </div>
  );
}
