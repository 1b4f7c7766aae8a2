import { useState } from 'react';

/** A list of short values typed as one line, separated by commas or spaces (host names). */
export function ListInput({ values, onChange, placeholder, label, testId }: { values: string[]; onChange: (values: string[]) => void; placeholder: string; label: string; testId: string }) {
  const [text, setText] = useState(() => values.join(', '));
  return (
    <input
      type="text"
      className="mono"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.split(/[\s,]+/).filter(Boolean));
      }}
      placeholder={placeholder}
      aria-label={label}
      spellCheck={false}
      data-testid={testId}
    />
  );
}
