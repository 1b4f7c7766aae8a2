import { useId } from 'react';
import type { AnalyticsSchema } from '../../../common/analytics/api.ts';
import type { RetentionInterval, RetentionMode } from '../../../common/analytics/retention.ts';
import { type FieldProblem, problemAt } from '../api/validation-errors.ts';
import { FieldError } from '../components/FieldError.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { BuilderField, BuilderSection } from './BuilderSection.tsx';
import type { RetentionDraft } from './explore-queries.ts';
import { MatcherEditor } from './MatcherEditor.tsx';

export const RETENTION_INTERVALS: { value: RetentionInterval; label: MessageKey; period: MessageKey }[] = [
  { value: 'day', label: 'explore.interval.day', period: 'explore.retention.dayN' },
  { value: 'week', label: 'explore.interval.week', period: 'explore.retention.weekN' },
  { value: 'month', label: 'explore.interval.month', period: 'explore.retention.monthN' },
];

const MODES: { value: RetentionMode; label: MessageKey; hint: MessageKey }[] = [
  { value: 'first-time', label: 'explore.retention.firstTime', hint: 'explore.retention.firstTimeHint' },
  { value: 'recurring', label: 'explore.retention.recurring', hint: 'explore.retention.recurringHint' },
];

/** The retention query builder: who enters a cohort, what counts as coming back, and how time is cut. */
export function RetentionBuilder({ query, onChange, schema, problems }: { query: RetentionDraft; onChange: (q: RetentionDraft) => void; schema: AnalyticsSchema; problems: FieldProblem[] }) {
  const { t } = useI18n();
  const traitList = useId();
  const mode = query.mode ?? 'first-time';
  const interval = query.interval ?? 'week';
  const cohortBy = query.cohortBy ?? 'start';

  return (
    <div className="builder" data-testid="retention-builder">
      <BuilderSection title={t('explore.retention.start')} hint={t('explore.retention.startHint')}>
        <MatcherEditor matcher={query.start} onChange={(start) => onChange({ ...query, start })} schema={schema} problems={problems} problemPath="start" testId="retention-start" label={t('explore.retention.start')} />
      </BuilderSection>

      <BuilderSection title={t('explore.retention.return')}>
        <div className="segmented segmented-wide" role="radiogroup" aria-label={t('explore.retention.return')}>
          <button type="button" role="radio" aria-checked={query.return === undefined} className={query.return === undefined ? 'is-active' : ''} onClick={() => onChange({ ...query, return: undefined })} data-testid="retention-return-same">
            {t('explore.retention.sameEvent')}
          </button>
          <button type="button" role="radio" aria-checked={query.return !== undefined} className={query.return !== undefined ? 'is-active' : ''} onClick={() => onChange({ ...query, return: query.return ?? {} })} data-testid="retention-return-other">
            {t('explore.retention.otherEvent')}
          </button>
        </div>
        {query.return !== undefined && <MatcherEditor matcher={query.return} onChange={(m) => onChange({ ...query, return: m })} schema={schema} problems={problems} problemPath="return" testId="retention-return" label={t('explore.retention.return')} />}
      </BuilderSection>

      <BuilderSection title={t('explore.retention.counting')}>
        <div className="segmented segmented-wide" role="radiogroup" aria-label={t('explore.retention.counting')}>
          {MODES.map((m) => (
            <button key={m.value} type="button" role="radio" aria-checked={mode === m.value} className={mode === m.value ? 'is-active' : ''} onClick={() => onChange({ ...query, mode: m.value })} data-testid={`retention-mode-${m.value}`}>
              {t(m.label)}
            </button>
          ))}
        </div>
        <p className="field-hint">{t(MODES.find((m) => m.value === mode)?.hint ?? 'explore.retention.firstTimeHint')}</p>
        <div className="builder-grid">
          <BuilderField label={t('explore.retention.interval')}>
            <select value={interval} onChange={(e) => onChange({ ...query, interval: e.target.value as RetentionInterval })} aria-label={t('explore.retention.interval')} data-testid="retention-interval">
              {RETENTION_INTERVALS.map((i) => (
                <option key={i.value} value={i.value}>
                  {t(i.label)}
                </option>
              ))}
            </select>
          </BuilderField>
          <BuilderField label={t('explore.retention.periods')}>
            <input type="number" min={1} max={120} value={query.periods ?? 8} onChange={(e) => onChange({ ...query, periods: Math.max(1, Math.min(120, Math.round(Number(e.target.value) || 1))) })} aria-label={t('explore.retention.periods')} data-testid="retention-periods" />
          </BuilderField>
        </div>
        <FieldError message={problemAt(problems, 'interval')} />
      </BuilderSection>

      <BuilderSection title={t('explore.retention.cohorts')}>
        <select
          value={cohortBy === 'start' ? 'start' : 'trait'}
          onChange={(e) => onChange({ ...query, cohortBy: e.target.value === 'trait' ? { trait: typeof cohortBy === 'object' ? cohortBy.trait : '' } : 'start' })}
          aria-label={t('explore.retention.cohorts')}
          data-testid="retention-cohort-by"
        >
          <option value="start">{t('explore.retention.byEntry')}</option>
          <option value="trait">{t('explore.retention.byTrait')}</option>
        </select>
        {typeof cohortBy === 'object' && (
          <>
            <input type="text" className="mono" list={traitList} value={cohortBy.trait} onChange={(e) => onChange({ ...query, cohortBy: { ...cohortBy, trait: e.target.value } })} placeholder="plan" aria-label={t('toolbar.traitName')} maxLength={200} spellCheck={false} data-testid="retention-trait" />
            <datalist id={traitList}>
              {schema.traits.map((tr) => (
                <option key={tr.key} value={tr.key} />
              ))}
            </datalist>
            <FieldError message={problemAt(problems, 'cohortBy')} />
          </>
        )}
      </BuilderSection>
    </div>
  );
}
