import { type ComponentType, lazy, type ReactNode, Suspense, useEffect } from 'react';
import type { ReportKind } from '../../common/analytics/api.ts';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { AppShell } from './components/AppShell.tsx';
import { I18nProvider, type MessageKey, useI18n } from './i18n/i18n-context.tsx';
import { GetStartedPage } from './pages/GetStartedPage.tsx';
import { LiveEventsPage } from './pages/LiveEventsPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';
import { ProfilesPage } from './pages/ProfilesPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { matchPath, usePath } from './router/router.tsx';
import { LoadingState } from './components/LoadingState.tsx';
import { isReportKind, kindInfo } from './explore/explore-kinds.ts';

// The journey pages (map editor, export libraries) are the largest part of the dashboard: loaded on first visit.
const JourneysPage = lazy(() => import('./pages/JourneysPage.tsx').then((m) => ({ default: m.JourneysPage })));
const JourneyMapPage = lazy(() => import('./pages/JourneyMapPage.tsx').then((m) => ({ default: m.JourneyMapPage })));
// The explore pages (query builders, charts) likewise.
const ExplorePage = lazy(() => import('./pages/ExplorePage.tsx').then((m) => ({ default: m.ExplorePage })));
const EXPLORE_PAGES: Record<ReportKind, ComponentType> = {
  funnel: lazy(() => import('./pages/ExploreFunnelPage.tsx').then((m) => ({ default: m.ExploreFunnelPage }))),
  paths: lazy(() => import('./pages/ExplorePathsPage.tsx').then((m) => ({ default: m.ExplorePathsPage }))),
  retention: lazy(() => import('./pages/ExploreRetentionPage.tsx').then((m) => ({ default: m.ExploreRetentionPage }))),
  trends: lazy(() => import('./pages/ExploreTrendsPage.tsx').then((m) => ({ default: m.ExploreTrendsPage }))),
  sessions: lazy(() => import('./pages/ExploreSessionsPage.tsx').then((m) => ({ default: m.ExploreSessionsPage }))),
  attribution: lazy(() => import('./pages/ExploreAttributionPage.tsx').then((m) => ({ default: m.ExploreAttributionPage }))),
};

/** The dashboard: language and auth around the routed pages. */
export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <Routes />
      </AuthProvider>
    </I18nProvider>
  );
}

function Routes() {
  const { token } = useAuth();
  const { t } = useI18n();
  const path = usePath();
  const page = token ? route(path) : null;
  const titleKey: MessageKey = page?.title ?? 'signIn.title';

  useEffect(() => {
    setDocumentTitle(`${t(titleKey)} · ${t('app.name')}`);
  }, [titleKey, t]);

  // Signed out, every address shows sign-in and stays in the address bar, so signing in lands there.
  if (!page) return <SignInPage />;
  return (
    <AppShell>
      <Suspense fallback={<LoadingState rows={6} />}>{page.render()}</Suspense>
    </AppShell>
  );
}

function route(path: string): { title: MessageKey; render: () => ReactNode } {
  if (path === '/' || path === '/events') return { title: 'live.title', render: () => <LiveEventsPage /> };
  if (path === '/get-started') return { title: 'getStarted.title', render: () => <GetStartedPage /> };
  if (path === '/journeys') return { title: 'journeys.title', render: () => <JourneysPage /> };
  const journey = matchPath('/journeys/:id', path);
  if (journey?.id) {
    const id = journey.id;
    return { title: 'journeys.title', render: () => <JourneyMapPage key={id} id={id} /> };
  }
  if (path === '/explore') return { title: 'explore.title', render: () => <ExplorePage /> };
  const explore = matchPath('/explore/:kind', path);
  if (explore?.kind && isReportKind(explore.kind)) {
    const kind = explore.kind;
    const Page = EXPLORE_PAGES[kind];
    return { title: kindInfo(kind).title, render: () => <Page key={kind} /> };
  }
  if (path === '/profiles') return { title: 'profiles.title', render: () => <ProfilesPage /> };
  const profile = matchPath('/profiles/:id', path);
  if (profile?.id) {
    const id = profile.id;
    return { title: 'profiles.title', render: () => <ProfilePage key={id} id={id} /> };
  }
  return { title: 'notFound.title', render: () => <NotFoundPage /> };
}

function setDocumentTitle(title: string): void {
  document.title = title;
}
