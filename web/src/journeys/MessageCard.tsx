import type { CSSProperties } from 'react';
import type { Message } from '../../../common/journeys/model.ts';
import { Icon } from '../components/Icon.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { CHANNELS } from './journey-channels.ts';

export const MESSAGE_KIND_LABELS: Record<Message['kind'], MessageKey> = {
  ad: 'messageKind.ad',
  site: 'messageKind.site',
  email: 'messageKind.email',
  sms: 'messageKind.sms',
  push: 'messageKind.push',
  letter: 'messageKind.letter',
  other: 'messageKind.other',
};

/** A message the company sends or shows at a stage: kind, channel and when it goes out. */
export function MessageCard({ message, onEdit }: { message: Message; onEdit: () => void }) {
  const { t } = useI18n();
  const look = CHANNELS[message.channel];
  return (
    <button type="button" className="message-card" onClick={onEdit} style={{ '--channel-color': look.color } as CSSProperties} data-testid={`message-${message.id}`}>
      <span className="message-head">
        <span className="message-kind">{t(MESSAGE_KIND_LABELS[message.kind])}</span>
        <span className="message-channel">
          <Icon name={look.icon} size={12} />
          {t(look.label)}
        </span>
      </span>
      <span className="message-name">{message.name}</span>
      {message.timing && (
        <span className="message-timing">
          <Icon name="clock" size={12} />
          {message.timing}
        </span>
      )}
    </button>
  );
}
