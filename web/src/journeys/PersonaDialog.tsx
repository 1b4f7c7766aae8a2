import { useState } from 'react';
import type { MatchRule, Persona, PersonaRule } from '../../../common/journeys/model.ts';
import { problemAt, problemsOutside } from '../api/validation-errors.ts';
import { ErrorState } from '../components/ErrorState.tsx';
import { FieldError } from '../components/FieldError.tsx';
import { Icon } from '../components/Icon.tsx';
import { EditDialogFooter } from './EditDialogFooter.tsx';
import { Modal } from '../components/Modal.tsx';
import { useResource } from '../hooks/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { ConditionList } from './ConditionList.tsx';
import { eventNamesPath } from './journey-paths.ts';
import { LinesField } from './LinesField.tsx';
import { ProblemList } from './ProblemList.tsx';
import { EMPTY_RULE, RuleEditor } from './RuleEditor.tsx';
import type { EventNames } from './TouchpointDialog.tsx';
import type { JourneyActions } from './use-journey.ts';
import { useFormSubmit } from './use-form-submit.ts';

const EMPTY_PERSONA_RULE: PersonaRule = { match: 'all', traits: [], events: [] };
const FIELDS = ['name', 'description', 'goals', 'frustrations', 'rule.match', 'rule.traits', 'rule.events'];

/**
 * Adds or edits a persona: who they are (description, goals, frustrations) and who belongs to it —
 * trait conditions and "did this at least N times" event conditions, all or any of them.
 */
export function PersonaDialog({ persona, actions, onClose, onDelete }: { persona: Persona | undefined; actions: JourneyActions; onClose: () => void; onDelete: (p: Persona) => void }) {
  const { t } = useI18n();
  const eventNames = useResource<EventNames>(eventNamesPath);
  const [name, setName] = useState(persona?.name ?? '');
  const [description, setDescription] = useState(persona?.description ?? '');
  const [goals, setGoals] = useState(persona?.goals ?? []);
  const [frustrations, setFrustrations] = useState(persona?.frustrations ?? []);
  const [rule, setRule] = useState<PersonaRule>(persona?.rule ?? EMPTY_PERSONA_RULE);
  const form = useFormSubmit();

  const setEventRule = (i: number, change: { rule?: MatchRule; minCount?: number }) => setRule({ ...rule, events: rule.events.map((e, j) => (j === i ? { ...e, ...change } : e)) });

  const save = () =>
    form.submit(async () => {
      const fields = { name: name.trim(), description, goals, frustrations, rule };
      if (persona) await actions.updatePersona(persona.id, fields);
      else await actions.addPersona(fields);
    }, onClose);

  return (
    <Modal
      title={persona ? t('persona.editTitle', { name: persona.name }) : t('persona.addTitle')}
      onClose={onClose}
      size="lg"
      testId="persona-dialog"
      footer={<EditDialogFooter what="persona" onDelete={persona ? () => onDelete(persona) : undefined} onCancel={onClose} onSave={() => void save()} busy={form.busy} />}
    >
      <div className="form">
        <label className="field">
          <span className="field-label">{t('persona.name')}</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus placeholder={t('persona.namePlaceholder')} aria-invalid={problemAt(form.problems, 'name') ? true : undefined} data-testid="persona-name" />
          <FieldError message={problemAt(form.problems, 'name')} />
        </label>
        <label className="field">
          <span className="field-label">{t('persona.description')}</span>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={2000} data-testid="persona-description" />
          <FieldError message={problemAt(form.problems, 'description')} />
        </label>
        <div className="form-row">
          <LinesField label={t('persona.goals')} hint={t('common.onePerLine')} lines={goals} onChange={setGoals} problem={problemAt(form.problems, 'goals')} testId="persona-goals" />
          <LinesField label={t('persona.frustrations')} hint={t('common.onePerLine')} lines={frustrations} onChange={setFrustrations} problem={problemAt(form.problems, 'frustrations')} testId="persona-frustrations" />
        </div>

        <fieldset className="rule-fieldset">
          <legend>{t('persona.membership')}</legend>
          <label className="field field-inline">
            <span className="field-label">{t('persona.matchLabel')}</span>
            <select value={rule.match} onChange={(e) => setRule({ ...rule, match: e.target.value as PersonaRule['match'] })} data-testid="persona-match">
              <option value="all">{t('persona.matchAll')}</option>
              <option value="any">{t('persona.matchAny')}</option>
            </select>
          </label>
          <div className="field">
            <span className="field-label">{t('persona.traitConditions')}</span>
            <ConditionList conditions={rule.traits} onChange={(traits) => setRule({ ...rule, traits })} problems={form.problems} problemPath="rule.traits" pathPrefix="traits." testId="persona-traits" />
          </div>
          <div className="field">
            <span className="field-label">{t('persona.eventConditions')}</span>
            {rule.events.map((e, i) => (
              <div key={i} className="persona-event" data-testid={`persona-event-${i}`}>
                <div className="persona-event-head">
                  <label className="field field-inline">
                    <span className="field-label">{t('persona.minCount')}</span>
                    <input type="number" min={1} max={1000} value={e.minCount} onChange={(ev) => setEventRule(i, { minCount: Math.max(1, Math.min(1000, Math.round(Number(ev.target.value) || 1))) })} data-testid={`persona-event-${i}-min`} />
                  </label>
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => setRule({ ...rule, events: rule.events.filter((_, j) => j !== i) })}>
                    <Icon name="trash" size={14} />
                    {t('common.remove')}
                  </button>
                </div>
                <RuleEditor rule={e.rule} onChange={(r) => setEventRule(i, { rule: r })} problems={form.problems} problemPath={`rule.events.${i}.rule`} eventNames={eventNames.data?.events ?? []} testId={`persona-event-${i}-rule`} />
              </div>
            ))}
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setRule({ ...rule, events: [...rule.events, { rule: { ...EMPTY_RULE, type: 'track' }, minCount: 1 }] })} data-testid="persona-add-event">
              <Icon name="plus" size={14} />
              {t('persona.addEventCondition')}
            </button>
          </div>
          {rule.traits.length === 0 && rule.events.length === 0 && <p className="muted small">{t('persona.noConditions')}</p>}
        </fieldset>
        <ProblemList problems={problemsOutside(form.problems, FIELDS)} />
        {form.error !== undefined && <ErrorState error={form.error} inline />}
      </div>
    </Modal>
  );
}
