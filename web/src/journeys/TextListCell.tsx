import { type KeyboardEvent, useState } from 'react';
import { errorDetail } from '../api/error-text.ts';
import { Icon } from '../components/Icon.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

export type NoteTone = 'goal' | 'need' | 'thought' | 'pain' | 'opportunity';

/**
 * A stage's list of short texts on one lane (goals, thoughts, pain points…), as sticky notes: click a
 * note to edit it, × removes it, "+" adds one. Each change saves the whole list of the stage.
 */
export function TextListCell({ items, onChange, tone, addLabel, testId }: { items: string[]; onChange: (items: string[]) => Promise<void>; tone: NoteTone; addLabel: string; testId: string }) {
  const { t } = useI18n();
  // The note being edited: its index, or `items.length` for a new one.
  const [editing, setEditing] = useState<{ index: number; text: string } | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const commit = async (next: string[]) => {
    setBusy(true);
    try {
      await onChange(next);
      setEditing(null);
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const saveEditing = () => {
    if (!editing || busy) return;
    const text = editing.text.trim();
    const isNew = editing.index >= items.length;
    if (isNew && !text) return setEditing(null);
    if (!isNew && text === items[editing.index]) return setEditing(null);
    const next = isNew ? [...items, text] : text ? items.map((v, i) => (i === editing.index ? text : v)) : items.filter((_, i) => i !== editing.index);
    void commit(next);
  };

  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      saveEditing();
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      setEditing(null);
      setError(undefined);
    }
  };

  const editor = (
    <textarea
      className={`note note-${tone} note-editor`}
      value={editing?.text ?? ''}
      autoFocus
      rows={2}
      maxLength={500}
      disabled={busy}
      aria-label={addLabel}
      aria-invalid={error !== undefined ? true : undefined}
      title={error !== undefined ? errorDetail(error) : undefined}
      onChange={(e) => setEditing((cur) => (cur ? { ...cur, text: e.target.value } : cur))}
      onBlur={saveEditing}
      onKeyDown={onKey}
      data-testid={`${testId}-editor`}
    />
  );

  return (
    <div className="note-list" data-testid={testId}>
      {items.map((item, i) =>
        editing?.index === i ? (
          <div key={i}>{editor}</div>
        ) : (
          <div key={i} className={`note note-${tone}`}>
            <button type="button" className="note-text" onClick={() => setEditing({ index: i, text: item })} title={t('common.clickToEdit')}>
              {item}
            </button>
            <button type="button" className="note-remove map-edit" onClick={() => void commit(items.filter((_, j) => j !== i))} aria-label={t('lane.removeItem', { item })} title={t('common.remove')}>
              <Icon name="close" size={12} />
            </button>
          </div>
        ),
      )}
      {editing !== null && editing.index >= items.length ? (
        editor
      ) : (
        <button type="button" className="note-add map-edit" onClick={() => setEditing({ index: items.length, text: '' })} data-testid={`${testId}-add`}>
          <Icon name="plus" size={12} />
          {addLabel}
        </button>
      )}
      {error !== undefined && editing === null && (
        <p className="field-error small" title={errorDetail(error)}>
          {t('lane.saveFailed')}
        </p>
      )}
    </div>
  );
}
