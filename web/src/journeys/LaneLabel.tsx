import type { CSSProperties, ReactNode } from 'react';
import { Icon, type IconName } from '../components/Icon.tsx';

/** The sticky label at the left end of a lane: an icon in the lane's colour and its name. */
export function LaneLabel({ icon, title, hint, color, sub = false, children, testId }: { icon: IconName; title: string; hint?: string; color: string; sub?: boolean; children?: ReactNode; testId?: string }) {
  return (
    <div className={`map-cell lane-label${sub ? ' lane-label-sub' : ''}`} style={{ '--lane-color': color } as CSSProperties} data-testid={testId}>
      <span className="lane-icon">
        <Icon name={icon} size={sub ? 13 : 15} />
      </span>
      <span className="lane-text">
        <span className="lane-title">{title}</span>
        {hint && <span className="lane-hint">{hint}</span>}
        {children}
      </span>
    </div>
  );
}
