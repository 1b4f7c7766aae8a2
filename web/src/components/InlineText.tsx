import { type KeyboardEvent, useState } from 'react';
import { errorDetail } from '../api/error-text.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * Text that turns into an input on click (stage and journey names): Enter or leaving the field saves,
 * Escape cancels. A failed save keeps the input open with the typed text and the reason in its title.
 */
export function InlineText({ value, onSave, className = '', label, testId, multiline = false, maxLength = 200 }: { value: string; onSave: (next: string) => Promise<void>; className?: string; label: string; testId?: string; multiline?: boolean; maxLength?: number }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    if (draft === null || busy) return;
    const next = draft.trim();
    if (!next || next === value) {
      setDraft(null);
      setError(undefined);
      return;
    }
    setBusy(true);
    try {
      await onSave(next);
      setDraft(null);
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !(multiline && e.shiftKey)) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      setDraft(null);
      setError(undefined);
    }
  };

  if (draft === null) {
    return (
      <button type="button" className={`inline-text ${className}`} onClick={() => setDraft(value)} title={t('common.clickToEdit')} data-testid={testId}>
        {value}
      </button>
    );
  }
  const common = {
    className: `inline-text-input ${className}`,
    value: draft,
    autoFocus: true,
    maxLength,
    'aria-label': label,
    'aria-invalid': error !== undefined ? true : undefined,
    title: error !== undefined ? errorDetail(error) : undefined,
    disabled: busy,
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onBlur: () => void save(),
    onKeyDown: onKey,
    'data-testid': testId ? `${testId}-input` : undefined,
  };
  return multiline ? <textarea rows={2} {...common} /> : <input type="text" {...common} />;
}
