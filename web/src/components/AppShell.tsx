import type { ReactNode } from 'react';
import type { Workspace } from '../../../common/api.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { useResource } from '../hooks/use-resource.ts';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { Link, usePath } from '../router/router.tsx';
import { Icon, type IconName } from './Icon.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Logo } from './Logo.tsx';

const NAV: { to: string; label: MessageKey; icon: IconName; matches: (path: string) => boolean }[] = [
  { to: '/get-started', label: 'nav.getStarted', icon: 'rocket', matches: (p) => p.startsWith('/get-started') },
  { to: '/events', label: 'nav.liveEvents', icon: 'pulse', matches: (p) => p === '/' || p.startsWith('/events') },
  { to: '/journeys', label: 'nav.journeys', icon: 'map', matches: (p) => p.startsWith('/journeys') },
  { to: '/explore', label: 'nav.explore', icon: 'trend', matches: (p) => p.startsWith('/explore') },
  { to: '/profiles', label: 'nav.profiles', icon: 'users', matches: (p) => p.startsWith('/profiles') },
];

/** The signed-in frame: sidebar with navigation, workspace, language and sign-out; the page beside it. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { signOut } = useAuth();
  const path = usePath();
  const workspace = useResource<Workspace>('/api/workspace');

  return (
    <div className="app">
      <aside className="sidebar">
        <Link to="/events" className="brand">
          <Logo />
          <span className="brand-text">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </span>
        </Link>
        <nav aria-label={t('nav.main')} className="nav">
          {NAV.map((item) => {
            const active = item.matches(path);
            return (
              <Link key={item.to} to={item.to} className={`nav-link${active ? ' is-active' : ''}`} aria-current={active ? 'page' : undefined}>
                <Icon name={item.icon} />
                <span>{t(item.label)}</span>
              </Link>
            );
          })}
        </nav>
        <div className="sidebar-footer">
          {workspace.data && (
            <div className="workspace-chip" title={workspace.data.id}>
              <span className="workspace-label">{t('nav.workspace')}</span>
              <span className="workspace-name">{workspace.data.name}</span>
            </div>
          )}
          <LanguageSwitch />
          <button type="button" className="nav-link sign-out" onClick={() => signOut('signedOut')}>
            <Icon name="logout" />
            <span>{t('nav.signOut')}</span>
          </button>
        </div>
      </aside>
      <main className="main" id="main">
        {children}
      </main>
    </div>
  );
}
