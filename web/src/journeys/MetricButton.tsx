import type { ReactNode } from 'react';

/** A number on the map that opens the customers behind it. */
export function MetricButton({ value, label, onOpen, testId, className = '', children, title }: { value: ReactNode; label?: ReactNode; onOpen: () => void; testId?: string; className?: string; children?: ReactNode; title?: string }) {
  return (
    <button type="button" className={`metric ${className}`} onClick={onOpen} data-testid={testId} title={title}>
      <span className="metric-value">{value}</span>
      {label && <span className="metric-label">{label}</span>}
      {children}
    </button>
  );
}
