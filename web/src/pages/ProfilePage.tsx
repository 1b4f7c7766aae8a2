import { Fragment, type ReactNode, useState } from 'react';
import type { EventItem, EventList, ProfileDetail } from '../../../common/api.ts';
import { ApiFailure } from '../api/api-client.ts';
import { Avatar } from '../components/Avatar.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorState } from '../components/ErrorState.tsx';
import { EventDetails } from '../components/EventDetails.tsx';
import { Icon } from '../components/Icon.tsx';
import { JsonView } from '../components/JsonView.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { StatTile } from '../components/StatTile.tsx';
import { TypeBadge } from '../components/TypeBadge.tsx';
import { eventChannel, eventDetail, eventTitle } from '../events/event-format.ts';
import { usePagedList } from '../hooks/use-paged-list.ts';
import { useResource } from '../hooks/use-resource.ts';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { ProfileJourneys } from '../journeys/ProfileJourneys.tsx';
import { profileEmail, profileName } from '../profiles/profile-format.ts';
import { Link } from '../router/router.tsx';

const TIMELINE_PAGE = 50;
const pickEvents = (body: EventList) => body.events;
const CHANNEL_LABELS: Record<ReturnType<typeof eventChannel>, MessageKey> = {
  web: 'event.channel.web',
  app: 'event.channel.app',
  server: 'event.channel.server',
};

/** One customer: who they are (traits, identities, accounts) and everything they did. */
export function ProfilePage({ id }: { id: string }) {
  const { t } = useI18n();
  const profile = useResource<ProfileDetail>(`/api/profiles/${encodeURIComponent(id)}`);

  const back = (
    <Link to="/profiles" className="back-link">
      <Icon name="back" size={16} />
      {t('profile.back')}
    </Link>
  );

  if (profile.loading) {
    return (
      <div className="page">
        {back}
        <LoadingState rows={8} />
      </div>
    );
  }
  if (!profile.data) {
    const notFound = profile.error instanceof ApiFailure && profile.error.status === 404;
    return (
      <div className="page">
        {back}
        {notFound ? (
          <div className="card">
            <EmptyState title={t('profile.notFoundTitle')} lead={t('profile.notFoundLead')} icon="users" />
          </div>
        ) : (
          <ErrorState error={profile.error} onRetry={profile.reload} />
        )}
      </div>
    );
  }
  return <ProfileView profile={profile.data} back={back} />;
}

function ProfileView({ profile, back }: { profile: ProfileDetail; back: ReactNode }) {
  const { t, tn, formatDateTime, formatRelative, formatNumber } = useI18n();
  const name = profileName(profile);
  const email = profileEmail(profile);
  const traits = Object.entries(profile.traits);

  return (
    <div className="page">
      {back}
      <header className="profile-header">
        <Avatar name={name} id={profile.id} size="lg" />
        <div>
          <h1 data-testid="profile-name">{name ?? t('profile.anonymous')}</h1>
          <div className="profile-sub">
            {email && email !== name && <span>{email}</span>}
            {profile.userId && <code className="pill mono">{profile.userId}</code>}
            <code className="pill pill-quiet mono" title={profile.id}>
              {profile.id}
            </code>
          </div>
          {profile.mergedFrom.length > 0 && <p className="muted small">{tn('profile.mergedFrom', profile.mergedFrom.length)}</p>}
        </div>
      </header>

      <div className="stat-tiles">
        <StatTile label={t('profile.firstSeen')} value={formatRelative(profile.firstSeen)} hint={formatDateTime(profile.firstSeen)} />
        <StatTile label={t('profile.lastSeen')} value={formatRelative(profile.lastSeen)} hint={formatDateTime(profile.lastSeen)} />
        <StatTile label={t('profile.eventCount')} value={formatNumber(profile.eventCount)} testId="profile-event-count" />
      </div>

      <ProfileJourneys profileId={profile.id} />

      <div className="profile-columns">
        <section className="card timeline-card">
          <h2 className="card-title">{t('profile.timeline')}</h2>
          <p className="muted small">{t('profile.timelineLead')}</p>
          <Timeline profileId={profile.id} />
        </section>

        <aside className="profile-side">
          <section className="card">
            <h2 className="card-title">{t('profile.traits')}</h2>
            {traits.length === 0 ? (
              <p className="muted small">{t('profile.noTraits')}</p>
            ) : (
              <dl className="trait-list" data-testid="profile-traits">
                {traits.map(([k, v]) => (
                  <div key={k} className="trait">
                    <dt>{k}</dt>
                    <dd>{typeof v === 'object' && v !== null ? <JsonView value={v} /> : String(v)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>
          <section className="card">
            <h2 className="card-title">{t('profile.identities')}</h2>
            <ul className="identity-list">
              {profile.identities.map((i) => (
                <li key={`${i.kind}:${i.value}`}>
                  <span className="identity-kind">{i.kind === 'user' ? t('profile.identityUser') : t('profile.identityAnonymous')}</span>
                  <code className="mono">{i.value}</code>
                </li>
              ))}
            </ul>
          </section>
          <section className="card">
            <h2 className="card-title">{t('profile.accounts')}</h2>
            {profile.accounts.length === 0 ? (
              <p className="muted small">{t('profile.noAccounts')}</p>
            ) : (
              <ul className="account-list">
                {profile.accounts.map((a) => (
                  <li key={a.groupId}>
                    <strong>{typeof a.traits.name === 'string' ? a.traits.name : a.groupId}</strong>
                    {typeof a.traits.name === 'string' && <code className="mono small">{a.groupId}</code>}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

/** The customer's events, newest first, grouped by day, with "load more" further back in time. */
function Timeline({ profileId }: { profileId: string }) {
  const { t, formatDay, formatTime, formatDateTime } = useI18n();
  const list = usePagedList<EventItem, EventList>(`/api/profiles/${encodeURIComponent(profileId)}/events?limit=${TIMELINE_PAGE}`, pickEvents);
  const [open, setOpen] = useState<number | null>(null);

  if (list.items === null) return list.error !== undefined ? <ErrorState error={list.error} onRetry={list.reload} /> : <LoadingState rows={5} />;
  if (list.items.length === 0) return <p className="muted">{t('profile.timelineEmpty')}</p>;

  const days = groupByDay(list.items, formatDay);
  return (
    <>
      <ol className="timeline" data-testid="profile-timeline">
        {days.map(({ day, events }) => (
          <Fragment key={`${day}:${events[0]?.seq ?? 0}`}>
            <li className="timeline-day">{day}</li>
            {events.map((e) => {
              const detail = eventDetail(e);
              const isOpen = open === e.seq;
              return (
                <li key={e.seq} className={`timeline-item${isOpen ? ' is-open' : ''}`} data-testid="timeline-item">
                  <span className={`timeline-dot type-dot-${e.type}`} aria-hidden="true" />
                  <button type="button" className="timeline-main" aria-expanded={isOpen} onClick={() => setOpen(isOpen ? null : e.seq)}>
                    <span className="timeline-time">
                      <time dateTime={new Date(e.timestamp).toISOString()} title={formatDateTime(e.timestamp)}>
                        {formatTime(e.timestamp)}
                      </time>
                    </span>
                    <span className="timeline-body">
                      <span className="timeline-title">
                        <TypeBadge type={e.type} />
                        <span data-testid="timeline-title">{eventTitle(e, t)}</span>
                      </span>
                      {detail && <span className="event-detail">{detail}</span>}
                    </span>
                    <span className="channel-chip">{t(CHANNEL_LABELS[eventChannel(e)])}</span>
                  </button>
                  {isOpen && <EventDetails event={e} />}
                </li>
              );
            })}
          </Fragment>
        ))}
      </ol>
      {list.error !== undefined && <ErrorState error={list.error} onRetry={list.loadMore} inline />}
      {list.hasMore && (
        <div className="load-more">
          <button type="button" className="btn btn-secondary" onClick={list.loadMore} disabled={list.loadingMore} data-testid="timeline-load-more">
            {list.loadingMore ? t('common.loadingMore') : t('common.loadMore')}
          </button>
        </div>
      )}
    </>
  );
}

/** Consecutive events under one day heading; the list is newest first, so days come out newest first. */
function groupByDay(events: EventItem[], formatDay: (ms: number) => string): { day: string; events: EventItem[] }[] {
  const groups: { day: string; events: EventItem[] }[] = [];
  for (const e of events) {
    const day = formatDay(e.timestamp);
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.events.push(e);
    else groups.push({ day, events: [e] });
  }
  return groups;
}
