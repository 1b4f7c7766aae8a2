import type { AnalyticsSchema } from '../../../common/analytics/api.ts';
import type { FunnelOrder, FunnelStepInput } from '../../../common/analytics/funnel.ts';
import type { EventMatcherInput, Interval } from '../../../common/analytics/query.ts';
import { type FieldProblem, problemAt } from '../api/validation-errors.ts';
import { FieldError } from '../components/FieldError.tsx';
import { Icon } from '../components/Icon.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { BreakdownPicker } from './BreakdownPicker.tsx';
import { BuilderField, BuilderSection } from './BuilderSection.tsx';
import { DurationInput } from './DurationInput.tsx';
import { INTERVAL_LABELS } from './explore-labels.ts';
import type { FunnelDraft } from './explore-queries.ts';
import { MatcherEditor } from './MatcherEditor.tsx';
import { moved, useRowKeys } from './use-row-keys.ts';

const MAX_STEPS = 30;
const MAX_EXCLUSIONS = 10;
const DAY_MS = 86_400_000;

const ORDERS: { order: FunnelOrder; label: MessageKey; hint: MessageKey }[] = [
  { order: 'ordered', label: 'explore.funnel.ordered', hint: 'explore.funnel.orderedHint' },
  { order: 'strict', label: 'explore.funnel.strict', hint: 'explore.funnel.strictHint' },
  { order: 'any', label: 'explore.funnel.any', hint: 'explore.funnel.anyHint' },
];

type ExclusionInput = { matcher: EventMatcherInput; fromStep: number; toStep: number };

/**
 * What the API refuses is never offered: the first step is neither optional nor timed, and "any order"
 * has no optional steps, per-step windows or exclusions. Exclusions follow the steps when some go.
 */
function consistent(q: FunnelDraft): FunnelDraft {
  const any = q.order === 'any';
  const steps = q.steps.map((s, i) => (i === 0 || any ? { ...s, optional: undefined, withinMs: undefined } : s));
  const exclusions = any
    ? undefined
    : (q.exclusions ?? []).map((x) => {
        const toStep = Math.min(Math.max(x.toStep, 2), steps.length);
        return { ...x, toStep, fromStep: Math.min(x.fromStep, toStep - 1) };
      });
  return { ...q, steps, exclusions: exclusions?.length ? exclusions : undefined };
}

/** The funnel query builder: steps, order, window, exclusions, breakdown and conversion over time. */
export function FunnelBuilder({ query, onChange, schema, problems }: { query: FunnelDraft; onChange: (q: FunnelDraft) => void; schema: AnalyticsSchema; problems: FieldProblem[] }) {
  const { t } = useI18n();
  const steps = query.steps;
  const exclusions: ExclusionInput[] = query.exclusions ?? [];
  const order = query.order ?? 'ordered';
  const stepKeys = useRowKeys(steps.length);
  const exclusionKeys = useRowKeys(exclusions.length);
  const set = (patch: Partial<FunnelDraft>) => onChange(consistent({ ...query, ...patch }));

  const setStep = (i: number, step: FunnelStepInput) => set({ steps: steps.map((s, j) => (j === i ? step : s)) });
  const moveStep = (i: number, to: number) => {
    stepKeys.move(i, to);
    set({ steps: moved(steps, i, to) });
  };
  const removeStep = (i: number) => {
    stepKeys.remove(i);
    set({ steps: steps.filter((_, j) => j !== i) });
  };
  const addStep = () => {
    stepKeys.add();
    set({ steps: [...steps, { event: '' }] });
  };
  const setExclusion = (i: number, x: ExclusionInput) => set({ exclusions: exclusions.map((old, j) => (j === i ? x : old)) });

  return (
    <div className="builder" data-testid="funnel-builder">
      <BuilderSection title={t('explore.funnel.steps')} hint={t('explore.funnel.stepsHint')}>
        <ol className="step-list">
          {steps.map((step, i) => (
            <FunnelStepEditor
              key={stepKeys.keys[i] ?? i}
              step={step}
              index={i}
              count={steps.length}
              order={order}
              schema={schema}
              problems={problems}
              onChange={(s) => setStep(i, s)}
              onMove={(to) => moveStep(i, to)}
              onRemove={() => removeStep(i)}
            />
          ))}
        </ol>
        <button type="button" className="btn btn-secondary btn-small add-row" onClick={addStep} disabled={steps.length >= MAX_STEPS} data-testid="add-step">
          <Icon name="plus" size={14} />
          {t('explore.funnel.addStep')}
        </button>
      </BuilderSection>

      <BuilderSection title={t('explore.funnel.conversion')}>
        <div className="segmented segmented-wide" role="radiogroup" aria-label={t('explore.funnel.order')}>
          {ORDERS.map((o) => (
            <button key={o.order} type="button" role="radio" aria-checked={order === o.order} className={order === o.order ? 'is-active' : ''} onClick={() => set({ order: o.order })} data-testid={`funnel-order-${o.order}`}>
              {t(o.label)}
            </button>
          ))}
        </div>
        <p className="field-hint">{t(ORDERS.find((o) => o.order === order)?.hint ?? 'explore.funnel.orderedHint')}</p>
        <BuilderField label={t('explore.funnel.window')} hint={t('explore.funnel.windowHint')}>
          <DurationInput value={query.windowMs ?? 14 * DAY_MS} onChange={(ms) => set({ windowMs: ms })} label={t('explore.funnel.window')} testId="funnel-window" />
        </BuilderField>
        <FieldError message={problemAt(problems, 'windowMs')} />
      </BuilderSection>

      <BuilderSection title={t('explore.funnel.exclusions')} hint={order === 'any' ? t('explore.funnel.exclusionsAny') : t('explore.funnel.exclusionsHint')}>
        {exclusions.map((x, i) => (
          <div key={exclusionKeys.keys[i] ?? i} className="exclusion-editor" data-testid={`exclusion-${i + 1}`}>
            <div className="exclusion-head">
              <MatcherEditor matcher={x.matcher} onChange={(matcher) => setExclusion(i, { ...x, matcher })} schema={schema} problems={problems} problemPath={`exclusions.${i}.matcher`} testId={`exclusion-${i + 1}-matcher`} label={t('explore.funnel.exclusion')} />
              <button
                type="button"
                className="btn btn-ghost btn-icon"
                onClick={() => {
                  exclusionKeys.remove(i);
                  set({ exclusions: exclusions.filter((_, j) => j !== i) });
                }}
                aria-label={t('explore.funnel.removeExclusion')}
                title={t('explore.funnel.removeExclusion')}
              >
                <Icon name="trash" size={15} />
              </button>
            </div>
            <div className="exclusion-between">
              <span>{t('explore.funnel.between')}</span>
              <select value={x.fromStep} onChange={(e) => setExclusion(i, { ...x, fromStep: Number(e.target.value) })} aria-label={t('explore.funnel.fromStep')}>
                {steps.slice(0, -1).map((_, s) => (
                  <option key={s} value={s + 1}>
                    {t('explore.funnel.stepN', { n: s + 1 })}
                  </option>
                ))}
              </select>
              <span>{t('explore.funnel.and')}</span>
              <select value={x.toStep} onChange={(e) => setExclusion(i, { ...x, toStep: Number(e.target.value) })} aria-label={t('explore.funnel.toStep')}>
                {steps.map((_, s) =>
                  s + 1 > x.fromStep ? (
                    <option key={s} value={s + 1}>
                      {t('explore.funnel.stepN', { n: s + 1 })}
                    </option>
                  ) : null,
                )}
              </select>
            </div>
            <FieldError message={problemAt(problems, `exclusions.${i}.toStep`)} />
          </div>
        ))}
        <button
          type="button"
          className="btn btn-secondary btn-small add-row"
          onClick={() => {
            exclusionKeys.add();
            set({ exclusions: [...exclusions, { matcher: { event: '' }, fromStep: 1, toStep: steps.length }] });
          }}
          disabled={order === 'any' || exclusions.length >= MAX_EXCLUSIONS}
          data-testid="add-exclusion"
        >
          <Icon name="plus" size={14} />
          {t('explore.funnel.addExclusion')}
        </button>
      </BuilderSection>

      <BuilderSection title={t('toolbar.breakdown')} hint={t('explore.funnel.breakdownHint')}>
        <BreakdownPicker value={query.breakdown} onChange={(breakdown) => set({ breakdown })} schema={schema} testId="funnel-breakdown" />
        <FieldError message={problemAt(problems, 'breakdown')} />
      </BuilderSection>

      <BuilderSection title={t('explore.funnel.overTime')}>
        <select value={query.trend ?? ''} onChange={(e) => set({ trend: (e.target.value || undefined) as Interval | undefined })} aria-label={t('explore.funnel.overTime')} data-testid="funnel-trend">
          <option value="">{t('explore.funnel.noTrend')}</option>
          {(Object.keys(INTERVAL_LABELS) as Interval[]).map((i) => (
            <option key={i} value={i}>
              {t(INTERVAL_LABELS[i])}
            </option>
          ))}
        </select>
        <FieldError message={problemAt(problems, 'trend')} />
      </BuilderSection>
    </div>
  );
}

function FunnelStepEditor({ step, index, count, order, schema, problems, onChange, onMove, onRemove }: { step: FunnelStepInput; index: number; count: number; order: FunnelOrder; schema: AnalyticsSchema; problems: FieldProblem[]; onChange: (s: FunnelStepInput) => void; onMove: (to: number) => void; onRemove: () => void }) {
  const { t } = useI18n();
  const n = index + 1;
  const timed = index > 0 && order !== 'any';
  return (
    <li className="step-editor" data-testid={`step-${n}`}>
      <div className="step-editor-line">
        <span className={`step-badge${step.optional ? ' is-optional' : ''}`} aria-hidden="true">
          {n}
        </span>
        <MatcherEditor
          matcher={step}
          onChange={(m) => onChange({ ...m, name: step.name, optional: step.optional, withinMs: step.withinMs })}
          schema={schema}
          problems={problems}
          problemPath={`steps.${index}`}
          testId={`step-${n}-matcher`}
          label={t('explore.funnel.stepN', { n })}
        />
        <div className="row-tools">
          <button type="button" className="btn btn-ghost btn-icon" onClick={() => onMove(index - 1)} disabled={index === 0} aria-label={t('explore.funnel.moveUp', { n })} title={t('explore.moveUp')} data-testid={`step-${n}-up`}>
            <Icon name="up" size={15} />
          </button>
          <button type="button" className="btn btn-ghost btn-icon" onClick={() => onMove(index + 1)} disabled={index === count - 1} aria-label={t('explore.funnel.moveDown', { n })} title={t('explore.moveDown')} data-testid={`step-${n}-down`}>
            <Icon name="down" size={15} />
          </button>
          <button type="button" className="btn btn-ghost btn-icon" onClick={onRemove} disabled={count <= 2} aria-label={t('explore.funnel.removeStep', { n })} title={t('explore.funnel.removeStep', { n })} data-testid={`step-${n}-remove`}>
            <Icon name="trash" size={15} />
          </button>
        </div>
      </div>
      <FieldError message={problemAt(problems, `steps.${index}.event`) ?? problemAt(problems, `steps.${index}.pagePath`) ?? problemAt(problems, `steps.${index}.stage`)} />
      {timed && (
        <div className="step-options">
          <label className="checkbox">
            <input type="checkbox" checked={step.optional ?? false} onChange={(e) => onChange({ ...step, optional: e.target.checked || undefined })} data-testid={`step-${n}-optional`} />
            {t('explore.funnel.optional')}
          </label>
          <span className="step-within">
            {t('explore.funnel.within')}
            <DurationInput value={step.withinMs} optional onChange={(withinMs) => onChange({ ...step, withinMs })} label={t('explore.funnel.withinLabel', { n })} testId={`step-${n}-within`} />
          </span>
        </div>
      )}
    </li>
  );
}
