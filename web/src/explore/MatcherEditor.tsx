import { useId } from 'react';
import type { AnalyticsSchema } from '../../../common/analytics/api.ts';
import type { EventMatcherInput } from '../../../common/analytics/query.ts';
import type { FieldProblem } from '../api/validation-errors.ts';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { ConditionList } from '../journeys/ConditionList.tsx';

/** What a matcher picks out, as the builder offers it. */
export type MatcherMode = 'event' | 'page' | 'stage' | 'anyPage' | 'any';

const MODE_LABELS: Record<MatcherMode, MessageKey> = {
  event: 'explore.matcher.event',
  page: 'explore.matcher.page',
  stage: 'explore.matcher.stage',
  anyPage: 'explore.matcher.anyPage',
  any: 'explore.matcher.any',
};

export const ALL_MODES: MatcherMode[] = ['event', 'page', 'stage', 'anyPage', 'any'];

/** The mode a matcher is in; a matcher from the API may combine parts, and the most specific one names it. */
export function matcherMode(m: EventMatcherInput): MatcherMode {
  if (m.stage !== undefined) return 'stage';
  if (m.event !== undefined) return 'event';
  if (m.pagePath !== undefined) return 'page';
  if (m.type === 'page') return 'anyPage';
  return 'any';
}

function withMode(m: EventMatcherInput, mode: MatcherMode): EventMatcherInput {
  const where = m.where?.length ? { where: m.where } : {};
  switch (mode) {
    case 'event':
      return { event: '', ...where };
    case 'page':
      return { type: 'page', pagePath: '', ...where };
    case 'stage':
      return { stage: { journeyId: '', stageKey: '' } };
    case 'anyPage':
      return { type: 'page', ...where };
    case 'any':
      return { ...where };
  }
}

const STAGE_SEP = '\t';

/**
 * Which events count: one event name, a page path glob, a journey stage entry, any page view or any
 * activity, plus property conditions. Names, paths and property keys come from what the workspace has
 * actually received (GET /api/analytics/schema), most frequent first; anything else can still be typed.
 */
export function MatcherEditor({ matcher, onChange, schema, testId, problems = [], problemPath = '', modes = ALL_MODES, label }: { matcher: EventMatcherInput; onChange: (m: EventMatcherInput) => void; schema: AnalyticsSchema; testId: string; problems?: FieldProblem[]; problemPath?: string; modes?: MatcherMode[]; label?: string }) {
  const { t, formatNumber } = useI18n();
  const listId = useId();
  const mode = matcherMode(matcher);
  const stageValue = matcher.stage ? `${matcher.stage.journeyId}${STAGE_SEP}${matcher.stage.stageKey}` : '';
  const offered = modes.includes(mode) ? modes : [mode, ...modes];

  return (
    <div className="matcher" data-testid={testId}>
      <div className="matcher-row">
        <select className="matcher-mode" value={mode} onChange={(e) => onChange(withMode(matcher, e.target.value as MatcherMode))} aria-label={label ? t('explore.matcher.modeOf', { what: label }) : t('explore.matcher.mode')} data-testid={`${testId}-mode`}>
          {offered.map((m) => (
            <option key={m} value={m}>
              {t(MODE_LABELS[m])}
            </option>
          ))}
        </select>
        {mode === 'event' && (
          <>
            <input type="text" className="matcher-value" list={listId} value={matcher.event ?? ''} onChange={(e) => onChange({ ...matcher, event: e.target.value })} placeholder={t('explore.matcher.eventPlaceholder')} aria-label={t('explore.matcher.eventName')} maxLength={256} spellCheck={false} data-testid={`${testId}-event`} />
            <datalist id={listId}>
              {schema.events.map((e) => (
                <option key={e.name} value={e.name} label={t('rule.eventSeen', { count: formatNumber(e.count) })} />
              ))}
            </datalist>
          </>
        )}
        {mode === 'page' && (
          <>
            <input type="text" className="matcher-value mono" list={listId} value={matcher.pagePath ?? ''} onChange={(e) => onChange({ ...matcher, pagePath: e.target.value })} placeholder="/products/**" aria-label={t('rule.pagePath')} title={t('rule.pagePathHint')} maxLength={300} spellCheck={false} data-testid={`${testId}-page`} />
            <datalist id={listId}>
              {schema.pages.map((p) => (
                <option key={p.path} value={p.path} label={t('explore.matcher.pageViews', { count: formatNumber(p.count) })} />
              ))}
            </datalist>
          </>
        )}
        {mode === 'stage' && (
          <select
            className="matcher-value"
            value={stageValue}
            onChange={(e) => {
              const [journeyId = '', stageKey = ''] = e.target.value.split(STAGE_SEP);
              onChange({ stage: { journeyId, stageKey } });
            }}
            aria-label={t('explore.matcher.stage')}
            data-testid={`${testId}-stage`}
          >
            <option value="">{schema.journeys.length ? t('explore.matcher.pickStage') : t('explore.matcher.noJourneys')}</option>
            {schema.journeys.map((j) => (
              <optgroup key={j.id} label={j.name}>
                {j.stages.map((s) => (
                  <option key={s.key} value={`${j.id}${STAGE_SEP}${s.key}`}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        )}
      </div>
      {mode !== 'stage' && (
        <ConditionList
          conditions={matcher.where ?? []}
          onChange={(where) => onChange({ ...matcher, where: where.length ? where : undefined })}
          problems={problems}
          problemPath={`${problemPath}.where`}
          pathPrefix="properties."
          pathSuggestions={schema.properties.map((p) => p.key)}
          testId={`${testId}-where`}
        />
      )}
    </div>
  );
}
