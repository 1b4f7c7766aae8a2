import { type KeyboardEvent, useId, useState } from 'react';
import { Icon } from '../components/Icon.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * Event names as removable chips, with suggestions from the events the workspace has received
 * (most frequent first). Enter or a comma adds the typed name.
 */
export function EventNamesInput({ names, onChange, suggestions, invalid, testId }: { names: string[]; onChange: (names: string[]) => void; suggestions: { event: string; count: number }[]; invalid: boolean; testId: string }) {
  const { t, formatNumber } = useI18n();
  const listId = useId();
  const [text, setText] = useState('');

  const add = (raw: string) => {
    const name = raw.trim();
    setText('');
    if (name && !names.includes(name)) onChange([...names, name]);
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add(text);
    } else if (e.key === 'Backspace' && text === '' && names.length) {
      onChange(names.slice(0, -1));
    }
  };

  const onInput = (value: string) => {
    // Picking a suggestion from the list fills the whole name at once: take it as a chip.
    if (suggestions.some((s) => s.event === value) && value.length > text.length + 1) add(value);
    else setText(value);
  };

  return (
    <div className={`chip-input${invalid ? ' is-invalid' : ''}`} data-testid={testId}>
      {names.map((name) => (
        <span key={name} className="chip">
          {name}
          <button type="button" onClick={() => onChange(names.filter((n) => n !== name))} aria-label={t('rule.removeEvent', { name })}>
            <Icon name="close" size={11} />
          </button>
        </span>
      ))}
      <input
        type="text"
        list={listId}
        value={text}
        onChange={(e) => onInput(e.target.value)}
        onKeyDown={onKey}
        onBlur={() => add(text)}
        placeholder={names.length ? '' : t('rule.eventsPlaceholder')}
        aria-label={t('rule.events')}
        aria-invalid={invalid ? true : undefined}
        data-testid={`${testId}-input`}
      />
      <datalist id={listId}>
        {suggestions
          .filter((s) => !names.includes(s.event))
          .map((s) => (
            <option key={s.event} value={s.event} label={t('rule.eventSeen', { count: formatNumber(s.count) })} />
          ))}
      </datalist>
    </div>
  );
}
