import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon.tsx';

/** What a list shows when it has nothing yet, with the next step to take. */
export function EmptyState({ title, lead, action, icon = 'inbox' }: { title: string; lead?: string; action?: ReactNode; icon?: IconName }) {
  return (
    <div className="empty-state" role="status">
      <div className="empty-icon">
        <Icon name={icon} size={26} />
      </div>
      <h2>{title}</h2>
      {lead && <p>{lead}</p>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}
