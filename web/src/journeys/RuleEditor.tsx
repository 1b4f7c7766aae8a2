import type { MatchRule, RuleEventType, UtmMatch } from '../../../common/journeys/model.ts';
import { type FieldProblem, problemAt } from '../api/validation-errors.ts';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { ConditionList } from './ConditionList.tsx';
import { EventNamesInput } from './EventNamesInput.tsx';
import { FieldError } from '../components/FieldError.tsx';

const EVENT_TYPES: { type: RuleEventType; label: MessageKey }[] = [
  { type: 'any', label: 'ruleType.any' },
  { type: 'track', label: 'ruleType.track' },
  { type: 'page', label: 'ruleType.page' },
  { type: 'screen', label: 'ruleType.screen' },
  { type: 'identify', label: 'ruleType.identify' },
  { type: 'group', label: 'ruleType.group' },
];
const UTM_FIELDS = ['source', 'medium', 'campaign', 'term', 'content'] as const;

/** An empty rule: any customer activity. */
export const EMPTY_RULE: MatchRule = { type: 'any', events: [], where: [], nth: 1 };

/**
 * Which events a touchpoint matches: event type, names, property conditions, page path glob, UTM
 * fields and the nth occurrence. Every part given must hold. `problemPath` locates the server's
 * validation messages (`rule`, `rule.events.0.rule`…).
 */
export function RuleEditor({ rule, onChange, problems, problemPath, eventNames, testId }: { rule: MatchRule; onChange: (rule: MatchRule) => void; problems: FieldProblem[]; problemPath: string; eventNames: { event: string; count: number }[]; testId: string }) {
  const { t } = useI18n();
  const at = (field: string) => problemAt(problems, `${problemPath}.${field}`);
  const setUtm = (field: keyof UtmMatch, value: string) => {
    const utm = { ...rule.utm, [field]: value || undefined };
    const empty = Object.values(utm).every((v) => !v);
    onChange({ ...rule, utm: empty ? undefined : utm });
  };
  const showPath = rule.type === 'any' || rule.type === 'page';

  return (
    <div className="rule-editor" data-testid={testId}>
      <div className="form-row">
        <label className="field field-narrow">
          <span className="field-label">{t('rule.type')}</span>
          <select value={rule.type} onChange={(e) => onChange({ ...rule, type: e.target.value as RuleEventType })} data-testid={`${testId}-type`}>
            {EVENT_TYPES.map((o) => (
              <option key={o.type} value={o.type}>
                {t(o.label)}
              </option>
            ))}
          </select>
          <FieldError message={at('type')} />
        </label>
        <div className="field field-grow">
          <span className="field-label">{rule.type === 'page' || rule.type === 'screen' ? t('rule.pageNames') : t('rule.events')}</span>
          <EventNamesInput names={rule.events} onChange={(events) => onChange({ ...rule, events })} suggestions={eventNames} invalid={Boolean(at('events'))} testId={`${testId}-events`} />
          <span className="field-hint">{t('rule.eventsHint')}</span>
          <FieldError message={at('events')} />
        </div>
      </div>

      <div className="field">
        <span className="field-label">{t('rule.conditions')}</span>
        <ConditionList conditions={rule.where} onChange={(where) => onChange({ ...rule, where })} problems={problems} problemPath={`${problemPath}.where`} pathPrefix="properties." testId={`${testId}-where`} />
      </div>

      <div className="form-row">
        {showPath && (
          <label className="field field-grow">
            <span className="field-label">{t('rule.pagePath')}</span>
            <input type="text" className="mono" value={rule.pagePath ?? ''} onChange={(e) => onChange({ ...rule, pagePath: e.target.value || undefined })} placeholder="/checkout/**" maxLength={300} aria-invalid={at('pagePath') ? true : undefined} data-testid={`${testId}-page-path`} />
            <span className="field-hint">{t('rule.pagePathHint')}</span>
            <FieldError message={at('pagePath')} />
          </label>
        )}
        <label className="field field-narrow">
          <span className="field-label">{t('rule.nth')}</span>
          <input type="number" min={1} max={100} value={rule.nth} onChange={(e) => onChange({ ...rule, nth: Math.max(1, Math.min(100, Math.round(Number(e.target.value) || 1))) })} aria-invalid={at('nth') ? true : undefined} data-testid={`${testId}-nth`} />
          <span className="field-hint">{t('rule.nthHint')}</span>
          <FieldError message={at('nth')} />
        </label>
      </div>

      <details className="utm-fields" open={rule.utm !== undefined}>
        <summary>{t('rule.utm')}</summary>
        <div className="utm-grid">
          {UTM_FIELDS.map((f) => (
            <label key={f} className="field">
              <span className="field-label mono">utm_{f}</span>
              <input type="text" value={rule.utm?.[f] ?? ''} onChange={(e) => setUtm(f, e.target.value)} maxLength={200} data-testid={`${testId}-utm-${f}`} />
              <FieldError message={at(`utm.${f}`)} />
            </label>
          ))}
        </div>
      </details>
    </div>
  );
}
