import { type ReactNode, useEffect, useId } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Icon } from './Icon.tsx';

/** A drawer on the right that keeps the page behind it usable; Escape or the close button shuts it. */
export function SidePanel({ title, subtitle, onClose, children, actions, testId }: { title: ReactNode; subtitle?: ReactNode; onClose: () => void; children: ReactNode; actions?: ReactNode; testId?: string }) {
  const { t } = useI18n();
  const titleId = useId();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('dialog[open]')) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside className="side-panel" role="dialog" aria-labelledby={titleId} data-testid={testId}>
      <header className="side-panel-header">
        <div>
          <h2 id={titleId}>{title}</h2>
          {subtitle && <p className="muted small">{subtitle}</p>}
        </div>
        <button type="button" className="btn btn-ghost btn-icon" onClick={onClose} aria-label={t('common.close')} data-testid="side-panel-close">
          <Icon name="close" />
        </button>
      </header>
      {actions && <div className="side-panel-actions">{actions}</div>}
      <div className="side-panel-body">{children}</div>
    </aside>
  );
}
