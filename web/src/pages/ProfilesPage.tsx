import { useEffect, useState } from 'react';
import type { ProfileList, ProfileSummary } from '../../../common/api.ts';
import { Avatar } from '../components/Avatar.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorState } from '../components/ErrorState.tsx';
import { Icon } from '../components/Icon.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { usePagedList } from '../hooks/use-paged-list.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { profileEmail, profileName } from '../profiles/profile-format.ts';
import { Link, navigate } from '../router/router.tsx';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 250;
const pickProfiles = (body: ProfileList) => body.profiles;

/** Customer search and list, most recently seen first. The search term lives in `?q=` so Back returns to it. */
export function ProfilesPage() {
  const { t } = useI18n();
  const [input, setInput] = useState(() => new URLSearchParams(window.location.search).get('q') ?? '');
  const [search, setSearch] = useState(input.trim());

  useEffect(() => {
    const timer = setTimeout(() => {
      const term = input.trim();
      setSearch(term);
      navigate(term ? `/profiles?q=${encodeURIComponent(term)}` : '/profiles', { replace: true });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [input]);

  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (search) query.set('search', search);
  const list = usePagedList<ProfileSummary, ProfileList>(`/api/profiles?${query.toString()}`, pickProfiles);

  return (
    <div className="page">
      <PageHeader title={t('profiles.title')} lead={t('profiles.lead')} />
      <div className="card">
        <div className="search-box">
          <Icon name="search" size={18} />
          <input
            type="search"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder={t('profiles.searchPlaceholder')}
            aria-label={t('profiles.searchLabel')}
            data-testid="profile-search"
            spellCheck={false}
          />
        </div>
        {list.items === null ? (
          list.error !== undefined ? (
            <ErrorState error={list.error} onRetry={list.reload} />
          ) : (
            <LoadingState rows={6} />
          )
        ) : list.items.length === 0 ? (
          search ? (
            <EmptyState title={t('profiles.noMatchTitle', { query: search })} lead={t('profiles.noMatchLead')} icon="search" />
          ) : (
            <EmptyState
              title={t('profiles.emptyTitle')}
              lead={t('profiles.emptyLead')}
              icon="users"
              action={
                <Link to="/get-started" className="btn btn-primary">
                  {t('profiles.emptyAction')}
                </Link>
              }
            />
          )
        ) : (
          <>
            <ProfileTable profiles={list.items} />
            {list.error !== undefined && <ErrorState error={list.error} onRetry={list.loadMore} inline />}
            {list.hasMore && (
              <div className="load-more">
                <button type="button" className="btn btn-secondary" onClick={list.loadMore} disabled={list.loadingMore}>
                  {list.loadingMore ? t('common.loadingMore') : t('common.loadMore')}
                </button>
              </div>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function ProfileTable({ profiles }: { profiles: ProfileSummary[] }) {
  const { t, formatRelative, formatDateTime, formatNumber } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table profile-table" data-testid="profile-table">
        <thead>
          <tr>
            <th scope="col">{t('profiles.colName')}</th>
            <th scope="col">{t('profiles.colUserId')}</th>
            <th scope="col">{t('profiles.colLastSeen')}</th>
            <th scope="col">{t('profiles.colFirstSeen')}</th>
            <th scope="col" className="num">
              {t('profiles.colEvents')}
            </th>
          </tr>
        </thead>
        <tbody>
          {profiles.map((p) => {
            const name = profileName(p);
            const email = profileEmail(p);
            const href = `/profiles/${encodeURIComponent(p.id)}`;
            return (
              <tr key={p.id} className="clickable-row" onClick={(e) => !(e.target as HTMLElement).closest('a') && navigate(href)}>
                <td>
                  <div className="person">
                    <Avatar name={name} id={p.id} />
                    <div className="person-text">
                      <Link to={href} className="person-name" data-testid="profile-row-link">
                        {name ?? t('profile.anonymous')}
                      </Link>
                      {email && email !== name && <span className="person-sub">{email}</span>}
                    </div>
                  </div>
                </td>
                <td className="mono muted-cell">{p.userId ?? t('common.none')}</td>
                <td title={formatDateTime(p.lastSeen)}>{formatRelative(p.lastSeen)}</td>
                <td title={formatDateTime(p.firstSeen)}>{formatRelative(p.firstSeen)}</td>
                <td className="num">{formatNumber(p.eventCount)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
