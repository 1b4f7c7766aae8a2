import { callType, typeLabel } from '../events/event-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** The event type as a coloured label; the colour follows the type so a stream can be scanned. */
export function TypeBadge({ type }: { type: string }) {
  const { t } = useI18n();
  return <span className={`type-badge type-${callType(type) ?? 'other'}`}>{typeLabel(type, t)}</span>;
}
