import type { AnalyticsSchema } from '../../../common/analytics/api.ts';
import type { Interval } from '../../../common/analytics/query.ts';
import { type FieldProblem, problemAt } from '../api/validation-errors.ts';
import { FieldError } from '../components/FieldError.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { BuilderField, BuilderSection } from './BuilderSection.tsx';
import { DurationInput } from './DurationInput.tsx';
import { INTERVAL_LABELS } from './explore-labels.ts';
import type { SessionsDraft } from './explore-queries.ts';
import { ListInput } from './ListInput.tsx';

const LIMITS = [10, 20, 50, 100, 200];
const MINUTE = 60_000;

/** The sessions query builder: how sessions are cut, which hosts are the site itself, and table sizes. */
export function SessionsBuilder({ query, onChange, problems }: { query: SessionsDraft; onChange: (q: SessionsDraft) => void; schema: AnalyticsSchema; problems: FieldProblem[] }) {
  const { t } = useI18n();
  const interval = query.interval ?? 'day';
  return (
    <div className="builder" data-testid="sessions-builder">
      <BuilderSection title={t('explore.sessions.overTime')}>
        <div className="segmented segmented-wide" role="radiogroup" aria-label={t('explore.trends.interval')}>
          {(Object.keys(INTERVAL_LABELS) as Interval[]).map((i) => (
            <button key={i} type="button" role="radio" aria-checked={interval === i} className={interval === i ? 'is-active' : ''} onClick={() => onChange({ ...query, interval: i })} data-testid={`sessions-interval-${i}`}>
              {t(INTERVAL_LABELS[i])}
            </button>
          ))}
        </div>
        <FieldError message={problemAt(problems, 'interval')} />
      </BuilderSection>

      <BuilderSection title={t('explore.sessions.definition')}>
        <BuilderField label={t('explore.sessions.inactivity')} hint={t('explore.sessions.inactivityHint')}>
          <DurationInput value={query.inactivityMs ?? 30 * MINUTE} onChange={(ms) => onChange({ ...query, inactivityMs: ms })} minMs={MINUTE} maxMs={24 * 60 * MINUTE} label={t('explore.sessions.inactivity')} testId="sessions-inactivity" />
        </BuilderField>
        <FieldError message={problemAt(problems, 'inactivityMs')} />
        <BuilderField label={t('explore.sessions.siteHosts')} hint={t('explore.sessions.siteHostsHint')}>
          <ListInput values={query.siteHosts ?? []} onChange={(hosts) => onChange({ ...query, siteHosts: hosts.length ? hosts : undefined })} placeholder="shop.example.com" label={t('explore.sessions.siteHosts')} testId="sessions-hosts" />
        </BuilderField>
        <FieldError message={problemAt(problems, 'siteHosts')} />
      </BuilderSection>

      <BuilderSection title={t('explore.sessions.rows')}>
        <select value={query.limit ?? 20} onChange={(e) => onChange({ ...query, limit: Number(e.target.value) })} aria-label={t('explore.sessions.rows')} data-testid="sessions-limit">
          {LIMITS.map((n) => (
            <option key={n} value={n}>
              {t('explore.sessions.rowsN', { n })}
            </option>
          ))}
        </select>
      </BuilderSection>
    </div>
  );
}
