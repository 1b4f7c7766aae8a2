import { useId } from 'react';
import type { AnalyticsSchema } from '../../../common/analytics/api.ts';
import { type FieldProblem, problemAt } from '../api/validation-errors.ts';
import { FieldError } from '../components/FieldError.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { BuilderField, BuilderSection } from './BuilderSection.tsx';
import { DurationInput } from './DurationInput.tsx';
import type { AttributionDraft } from './explore-queries.ts';
import { ListInput } from './ListInput.tsx';
import { MatcherEditor } from './MatcherEditor.tsx';

type VisitChannel = 'utm_source' | 'utm_medium' | 'utm_campaign' | 'source_medium' | 'referrer';
const VISIT_CHANNELS: { value: VisitChannel; label: MessageKey }[] = [
  { value: 'source_medium', label: 'explore.attribution.sourceMedium' },
  { value: 'utm_source', label: 'breakdown.utmSource' },
  { value: 'utm_medium', label: 'breakdown.utmMedium' },
  { value: 'utm_campaign', label: 'breakdown.utmCampaign' },
  { value: 'referrer', label: 'explore.attribution.referrer' },
];
const DAY = 86_400_000;
const JOURNEY = 'journey:';

/** The attribution query builder: what a conversion is, what its revenue is, what a channel is, and the windows. */
export function AttributionBuilder({ query, onChange, schema, problems }: { query: AttributionDraft; onChange: (q: AttributionDraft) => void; schema: AnalyticsSchema; problems: FieldProblem[] }) {
  const { t } = useI18n();
  const propertyList = useId();
  const channel = query.channel ?? 'source_medium';
  const channelValue = typeof channel === 'string' ? channel : `${JOURNEY}${channel.journeyId}`;
  const visits = typeof channel === 'string';

  return (
    <div className="builder" data-testid="attribution-builder">
      <BuilderSection title={t('explore.attribution.conversion')} hint={t('explore.attribution.conversionHint')}>
        <MatcherEditor matcher={query.conversion} onChange={(conversion) => onChange({ ...query, conversion })} schema={schema} problems={problems} problemPath="conversion" testId="attribution-conversion" label={t('explore.attribution.conversion')} />
        <BuilderField label={t('explore.attribution.revenue')} hint={t('explore.attribution.revenueHint')}>
          <input type="text" className="mono" list={propertyList} value={query.revenueProperty ?? 'properties.revenue'} onChange={(e) => onChange({ ...query, revenueProperty: e.target.value })} aria-label={t('explore.attribution.revenue')} spellCheck={false} maxLength={200} data-testid="attribution-revenue" />
          <datalist id={propertyList}>
            {schema.properties.map((p) => (
              <option key={p.key} value={p.key} />
            ))}
          </datalist>
        </BuilderField>
        <FieldError message={problemAt(problems, 'revenueProperty')} />
      </BuilderSection>

      <BuilderSection title={t('explore.attribution.channel')} hint={visits ? t('explore.attribution.visitHint') : t('explore.attribution.journeyHint')}>
        <select
          value={channelValue}
          onChange={(e) => {
            const v = e.target.value;
            onChange({ ...query, channel: v.startsWith(JOURNEY) ? { journeyId: v.slice(JOURNEY.length) } : (v as VisitChannel) });
          }}
          aria-label={t('explore.attribution.channel')}
          data-testid="attribution-channel"
        >
          <optgroup label={t('explore.attribution.visits')}>
            {VISIT_CHANNELS.map((c) => (
              <option key={c.value} value={c.value}>
                {t(c.label)}
              </option>
            ))}
          </optgroup>
          {schema.journeys.length > 0 && (
            <optgroup label={t('explore.attribution.touchpoints')}>
              {schema.journeys.map((j) => (
                <option key={j.id} value={`${JOURNEY}${j.id}`}>
                  {j.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
        <FieldError message={problemAt(problems, 'channel')} />
      </BuilderSection>

      <BuilderSection title={t('explore.attribution.windows')}>
        <BuilderField label={t('explore.attribution.lookback')} hint={t('explore.attribution.lookbackHint')}>
          <DurationInput value={query.lookbackMs ?? 30 * DAY} onChange={(ms) => onChange({ ...query, lookbackMs: ms })} label={t('explore.attribution.lookback')} testId="attribution-lookback" />
        </BuilderField>
        <BuilderField label={t('explore.attribution.halfLife')} hint={t('explore.attribution.halfLifeHint')}>
          <DurationInput value={query.halfLifeMs ?? 7 * DAY} onChange={(ms) => onChange({ ...query, halfLifeMs: ms })} minMs={60_000} label={t('explore.attribution.halfLife')} testId="attribution-half-life" />
        </BuilderField>
        {visits && (
          <>
            <BuilderField label={t('explore.sessions.inactivity')} hint={t('explore.sessions.inactivityHint')}>
              <DurationInput value={query.inactivityMs ?? 30 * 60_000} onChange={(ms) => onChange({ ...query, inactivityMs: ms })} minMs={60_000} maxMs={DAY} label={t('explore.sessions.inactivity')} testId="attribution-inactivity" />
            </BuilderField>
            <BuilderField label={t('explore.sessions.siteHosts')} hint={t('explore.sessions.siteHostsHint')}>
              <ListInput values={query.siteHosts ?? []} onChange={(hosts) => onChange({ ...query, siteHosts: hosts.length ? hosts : undefined })} placeholder="shop.example.com" label={t('explore.sessions.siteHosts')} testId="attribution-hosts" />
            </BuilderField>
          </>
        )}
        <FieldError message={problemAt(problems, 'lookbackMs') ?? problemAt(problems, 'halfLifeMs') ?? problemAt(problems, 'siteHosts')} />
      </BuilderSection>
    </div>
  );
}
