import type { ReactNode } from 'react';

/** One titled part of a query builder ("Steps", "Breakdown"), with an optional hint under the title. */
export function BuilderSection({ title, hint, children, action, testId }: { title: string; hint?: string; children: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <section className="builder-section" data-testid={testId}>
      <header className="builder-section-head">
        <h3>{title}</h3>
        {action}
      </header>
      {hint && <p className="field-hint">{hint}</p>}
      {children}
    </section>
  );
}

/**
 * A captioned control inside a builder section. A div, not a label, because some controls are several
 * inputs (a number and a unit); each control carries its own accessible name.
 */
export function BuilderField({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <div className="builder-field">
      <span className="field-label" aria-hidden="true">
        {label}
      </span>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
    </div>
  );
}
