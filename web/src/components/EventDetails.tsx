import type { EventItem } from '../../../common/api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { JsonView } from './JsonView.tsx';

/** The full payload of one event, for the expanded row in the stream and the timeline. */
export function EventDetails({ event }: { event: EventItem }) {
  const { t, formatDateTime } = useI18n();
  const hasTraits = Object.keys(event.traits).length > 0;
  const hasProps = Object.keys(event.properties).length > 0;
  return (
    <div className="event-details">
      <dl className="detail-grid">
        <div>
          <dt>{t('event.happenedAt')}</dt>
          <dd>{formatDateTime(event.timestamp)}</dd>
        </div>
        <div>
          <dt>{t('event.receivedAt')}</dt>
          <dd>{formatDateTime(event.receivedAt)}</dd>
        </div>
        {event.userId && (
          <div>
            <dt>{t('profile.identityUser')}</dt>
            <dd className="mono">{event.userId}</dd>
          </div>
        )}
        {event.anonymousId && (
          <div>
            <dt>{t('profile.identityAnonymous')}</dt>
            <dd className="mono">{event.anonymousId}</dd>
          </div>
        )}
        <div>
          <dt>{t('event.messageId')}</dt>
          <dd className="mono">{event.messageId}</dd>
        </div>
      </dl>
      <div className="detail-json">
        {hasProps && (
          <div>
            <h4>{t('event.properties')}</h4>
            <JsonView value={event.properties} />
          </div>
        )}
        {hasTraits && (
          <div>
            <h4>{t('event.traits')}</h4>
            <JsonView value={event.traits} />
          </div>
        )}
        <div>
          <h4>{t('event.context')}</h4>
          <JsonView value={event.context} />
        </div>
      </div>
    </div>
  );
}
