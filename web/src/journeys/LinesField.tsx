import { useState } from 'react';
import { FieldError } from '../components/FieldError.tsx';

/** A list of short texts edited as one line each (a persona's goals, frustrations). */
export function LinesField({ label, hint, lines, onChange, problem, testId }: { label: string; hint?: string; lines: string[]; onChange: (lines: string[]) => void; problem: string | undefined; testId: string }) {
  const [text, setText] = useState(() => lines.join('\n'));
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <textarea
        rows={3}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(
            e.target.value
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean),
          );
        }}
        aria-invalid={problem ? true : undefined}
        data-testid={testId}
      />
      {hint && <span className="field-hint">{hint}</span>}
      <FieldError message={problem} />
    </label>
  );
}
