import { useState } from 'react';
import type { Channel, MatchRule, Stage, Touchpoint, TouchpointKind } from '../../../common/journeys/model.ts';
import { problemAt, problemsOutside } from '../api/validation-errors.ts';
import { ErrorState } from '../components/ErrorState.tsx';
import { FieldError } from '../components/FieldError.tsx';
import { EditDialogFooter } from './EditDialogFooter.tsx';
import { Modal } from '../components/Modal.tsx';
import { useResource } from '../hooks/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { CHANNEL_ORDER, CHANNELS } from './journey-channels.ts';
import { eventNamesPath } from './journey-paths.ts';
import { ProblemList } from './ProblemList.tsx';
import { EMPTY_RULE, RuleEditor } from './RuleEditor.tsx';
import { RulePreviewLine } from './RulePreviewLine.tsx';
import type { JourneyActions } from './use-journey.ts';
import { useFormSubmit } from './use-form-submit.ts';

export interface EventNames {
  events: { event: string; count: number }[];
}

const FIELDS = ['name', 'channel', 'kind', 'owner', 'description', 'stageId', 'rule.type', 'rule.events', 'rule.where', 'rule.pagePath', 'rule.nth', 'rule.utm'];

/** Adds or edits a touchpoint: name, channel, kind, owner, stage, and its matching rule with a live preview. */
export function TouchpointDialog({ stages, stageId, touchpoint, actions, onClose, onDelete }: { stages: Stage[]; stageId: string; touchpoint: Touchpoint | undefined; actions: JourneyActions; onClose: () => void; onDelete: (tp: Touchpoint) => void }) {
  const { t } = useI18n();
  const eventNames = useResource<EventNames>(eventNamesPath);
  const [name, setName] = useState(touchpoint?.name ?? '');
  const [channel, setChannel] = useState<Channel>(touchpoint?.channel ?? 'web');
  const [kind, setKind] = useState<TouchpointKind | null>(touchpoint?.kind ?? null);
  const [owner, setOwner] = useState(touchpoint?.owner ?? '');
  const [description, setDescription] = useState(touchpoint?.description ?? '');
  const [targetStage, setTargetStage] = useState(stageId);
  const [rule, setRule] = useState<MatchRule>(touchpoint?.rule ?? EMPTY_RULE);
  const form = useFormSubmit();
  const effectiveKind = kind ?? CHANNELS[channel].kind;

  const save = () =>
    form.submit(async () => {
      const fields = { name: name.trim(), channel, kind: effectiveKind, owner, description, rule };
      if (touchpoint) await actions.updateTouchpoint(touchpoint.id, { ...fields, ...(targetStage !== stageId ? { stageId: targetStage } : {}) });
      else await actions.addTouchpoint(targetStage, fields);
    }, onClose);

  return (
    <Modal
      title={touchpoint ? t('touchpoint.editTitle', { name: touchpoint.name }) : t('touchpoint.addTitle')}
      onClose={onClose}
      size="lg"
      testId="touchpoint-dialog"
      footer={<EditDialogFooter what="touchpoint" onDelete={touchpoint ? () => onDelete(touchpoint) : undefined} onCancel={onClose} onSave={() => void save()} busy={form.busy} />}
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="form-row">
          <label className="field field-grow">
            <span className="field-label">{t('touchpoint.name')}</span>
            <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus aria-invalid={problemAt(form.problems, 'name') ? true : undefined} data-testid="touchpoint-name" />
            <FieldError message={problemAt(form.problems, 'name')} />
          </label>
          <label className="field">
            <span className="field-label">{t('touchpoint.stage')}</span>
            <select value={targetStage} onChange={(e) => setTargetStage(e.target.value)} data-testid="touchpoint-stage">
              {stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <FieldError message={problemAt(form.problems, 'stageId')} />
          </label>
        </div>
        <div className="form-row">
          <label className="field">
            <span className="field-label">{t('touchpoint.channel')}</span>
            <select value={channel} onChange={(e) => setChannel(e.target.value as Channel)} data-testid="touchpoint-channel">
              {CHANNEL_ORDER.map((c) => (
                <option key={c} value={c}>
                  {t(CHANNELS[c].label)}
                </option>
              ))}
            </select>
            <FieldError message={problemAt(form.problems, 'channel')} />
          </label>
          <label className="field">
            <span className="field-label">{t('touchpoint.kind')}</span>
            <select value={effectiveKind} onChange={(e) => setKind(e.target.value as TouchpointKind)} data-testid="touchpoint-kind">
              <option value="digital">{t('touchpoint.digital')}</option>
              <option value="physical">{t('touchpoint.physical')}</option>
            </select>
          </label>
          <label className="field field-grow">
            <span className="field-label">{t('touchpoint.owner')}</span>
            <input type="text" value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={200} placeholder={t('touchpoint.ownerPlaceholder')} data-testid="touchpoint-owner" />
            <FieldError message={problemAt(form.problems, 'owner')} />
          </label>
        </div>
        <label className="field">
          <span className="field-label">{t('touchpoint.description')}</span>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={2000} data-testid="touchpoint-description" />
          <FieldError message={problemAt(form.problems, 'description')} />
        </label>

        <fieldset className="rule-fieldset">
          <legend>{t('rule.title')}</legend>
          <p className="muted small">{t('rule.lead')}</p>
          <RulePreviewLine rule={rule} />
          <RuleEditor rule={rule} onChange={setRule} problems={form.problems} problemPath="rule" eventNames={eventNames.data?.events ?? []} testId="rule" />
        </fieldset>
        <ProblemList problems={problemsOutside(form.problems, FIELDS)} />
        {form.error !== undefined && <ErrorState error={form.error} inline />}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
