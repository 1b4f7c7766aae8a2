import { useState } from 'react';
import type { Channel, Message, Stage } from '../../../common/journeys/model.ts';
import { problemAt, problemsOutside } from '../api/validation-errors.ts';
import { ErrorState } from '../components/ErrorState.tsx';
import { FieldError } from '../components/FieldError.tsx';
import { EditDialogFooter } from './EditDialogFooter.tsx';
import { Modal } from '../components/Modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { CHANNEL_ORDER, CHANNELS } from './journey-channels.ts';
import { MESSAGE_KIND_LABELS } from './MessageCard.tsx';
import { ProblemList } from './ProblemList.tsx';
import type { JourneyActions } from './use-journey.ts';
import { useFormSubmit } from './use-form-submit.ts';

const KINDS = Object.keys(MESSAGE_KIND_LABELS) as Message['kind'][];
const FIELDS = ['stageId', 'name', 'kind', 'channel', 'timing', 'description'];
/** The channel a message kind usually goes out on, pre-selected when the kind changes. */
const KIND_CHANNEL: Partial<Record<Message['kind'], Channel>> = { ad: 'ads', site: 'web', email: 'email', sms: 'sms', push: 'app', letter: 'delivery' };

/** Adds or edits a message of the stage's message inventory: what is sent, on which channel, and when. */
export function MessageDialog({ stages, stageId, message, actions, onClose, onDelete }: { stages: Stage[]; stageId: string; message: Message | undefined; actions: JourneyActions; onClose: () => void; onDelete: (m: Message) => void }) {
  const { t } = useI18n();
  const [stage, setStage] = useState(message?.stageId ?? stageId);
  const [name, setName] = useState(message?.name ?? '');
  const [kind, setKind] = useState<Message['kind']>(message?.kind ?? 'email');
  const [channel, setChannel] = useState<Channel>(message?.channel ?? 'email');
  const [timing, setTiming] = useState(message?.timing ?? '');
  const [description, setDescription] = useState(message?.description ?? '');
  const form = useFormSubmit();

  const save = () =>
    form.submit(async () => {
      const fields = { stageId: stage, name: name.trim(), kind, channel, timing, description };
      if (message) await actions.updateMessage(message.id, fields);
      else await actions.addMessage(fields);
    }, onClose);

  return (
    <Modal
      title={message ? t('message.editTitle', { name: message.name }) : t('message.addTitle')}
      onClose={onClose}
      testId="message-dialog"
      footer={<EditDialogFooter what="message" onDelete={message ? () => onDelete(message) : undefined} onCancel={onClose} onSave={() => void save()} busy={form.busy} />}
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="field">
          <span className="field-label">{t('message.name')}</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus placeholder={t('message.namePlaceholder')} aria-invalid={problemAt(form.problems, 'name') ? true : undefined} data-testid="message-name" />
          <FieldError message={problemAt(form.problems, 'name')} />
        </label>
        <div className="form-row">
          <label className="field">
            <span className="field-label">{t('message.stage')}</span>
            <select value={stage} onChange={(e) => setStage(e.target.value)} data-testid="message-stage">
              {stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <FieldError message={problemAt(form.problems, 'stageId')} />
          </label>
          <label className="field">
            <span className="field-label">{t('message.kind')}</span>
            <select
              value={kind}
              onChange={(e) => {
                const next = e.target.value as Message['kind'];
                setKind(next);
                const usual = KIND_CHANNEL[next];
                if (usual) setChannel(usual);
              }}
              data-testid="message-kind"
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(MESSAGE_KIND_LABELS[k])}
                </option>
              ))}
            </select>
            <FieldError message={problemAt(form.problems, 'kind')} />
          </label>
          <label className="field">
            <span className="field-label">{t('message.channel')}</span>
            <select value={channel} onChange={(e) => setChannel(e.target.value as Channel)} data-testid="message-channel">
              {CHANNEL_ORDER.map((c) => (
                <option key={c} value={c}>
                  {t(CHANNELS[c].label)}
                </option>
              ))}
            </select>
            <FieldError message={problemAt(form.problems, 'channel')} />
          </label>
        </div>
        <label className="field">
          <span className="field-label">{t('message.timing')}</span>
          <input type="text" value={timing} onChange={(e) => setTiming(e.target.value)} maxLength={300} placeholder={t('message.timingPlaceholder')} data-testid="message-timing" />
          <FieldError message={problemAt(form.problems, 'timing')} />
        </label>
        <label className="field">
          <span className="field-label">{t('message.description')}</span>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} maxLength={2000} data-testid="message-description" />
          <FieldError message={problemAt(form.problems, 'description')} />
        </label>
        <ProblemList problems={problemsOutside(form.problems, FIELDS)} />
        {form.error !== undefined && <ErrorState error={form.error} inline />}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
