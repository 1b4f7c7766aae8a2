import { useState } from 'react';
import type { Stage } from '../../../common/journeys/model.ts';
import { problemAt, problemsOutside } from '../api/validation-errors.ts';
import { ErrorState } from '../components/ErrorState.tsx';
import { FieldError } from '../components/FieldError.tsx';
import { Modal } from '../components/Modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { stageKeyFor } from './journey-format.ts';
import { ProblemList } from './ProblemList.tsx';
import type { JourneyActions } from './use-journey.ts';
import { useFormSubmit } from './use-form-submit.ts';

/** Adds a stage at a position; its key (used in analytics and events) follows the name unless edited. */
export function AddStageDialog({ stages, index, actions, onClose }: { stages: Stage[]; index: number; actions: JourneyActions; onClose: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [customKey, setCustomKey] = useState<string | null>(null);
  const [position, setPosition] = useState(index);
  const form = useFormSubmit();
  const taken = stages.map((s) => s.key);
  const key = customKey ?? (name.trim() ? stageKeyFor(name, taken) : '');

  const save = () => form.submit(() => actions.addStage({ name: name.trim(), key, index: position }), onClose);

  return (
    <Modal
      title={t('stage.addTitle')}
      onClose={onClose}
      size="sm"
      testId="add-stage-dialog"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={form.busy || !name.trim()} data-testid="save-stage">
            {t('stage.add')}
          </button>
        </>
      }
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void save();
        }}
      >
        <label className="field">
          <span className="field-label">{t('stage.name')}</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus placeholder={t('stage.namePlaceholder')} aria-invalid={problemAt(form.problems, 'name') ? true : undefined} data-testid="stage-name-input" />
          <FieldError message={problemAt(form.problems, 'name')} />
        </label>
        <label className="field">
          <span className="field-label">{t('stage.key')}</span>
          <input type="text" className="mono" value={key} onChange={(e) => setCustomKey(e.target.value)} maxLength={64} aria-invalid={problemAt(form.problems, 'key') ? true : undefined} data-testid="stage-key-input" />
          <span className="field-hint">{t('stage.keyHint')}</span>
          <FieldError message={problemAt(form.problems, 'key')} />
        </label>
        <label className="field">
          <span className="field-label">{t('stage.position')}</span>
          <select value={position} onChange={(e) => setPosition(Number(e.target.value))} data-testid="stage-position">
            {Array.from({ length: stages.length + 1 }, (_, i) => (
              <option key={i} value={i}>
                {i === 0 ? t('stage.positionFirst') : t('stage.positionAfter', { name: stages[i - 1]?.name ?? '' })}
              </option>
            ))}
          </select>
        </label>
        <ProblemList problems={problemsOutside(form.problems, ['name', 'key', 'index'])} />
        {form.error !== undefined && <ErrorState error={form.error} inline />}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
