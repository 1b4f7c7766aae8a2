import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

// A history-API router small enough to read in one go: the dashboard has a handful of routes and the
// server answers every unknown path with index.html, so deep links and reloads just work.

const NAVIGATE_EVENT = 'kundresa:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const currentPath = () => window.location.pathname;

/** The current path, re-rendering on navigation. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

// Navigations so far (links, back, forward). A page that mirrors its state into the query string with
// history.replaceState (a link to share) is not navigating, so it does not count.
let navigations = 0;
window.addEventListener('popstate', () => navigations++);

/**
 * A number that changes on every navigation: keyed on it, a page that keeps its state in the query
 * string starts over from the address when someone follows a link to it or goes back.
 */
export function useNavigationCount(): number {
  return useSyncExternalStore(subscribe, () => navigations);
}

/** Goes to `to` without reloading the page. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  navigations++;
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/**
 * Matches `/profiles/:id`-style patterns; returns the decoded parameters, or null if the path does
 * not match.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) return null;
  }
  return params;
}

/** An anchor that navigates in-app on a plain click, and behaves natively with modifier keys. */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
