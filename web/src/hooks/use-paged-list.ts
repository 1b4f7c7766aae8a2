import { useCallback, useEffect, useState } from 'react';
import { isAbort } from '../api/api-client.ts';
import { useApi } from '../auth/auth-context.tsx';

/** A cursor-paginated list: the pages loaded so far and a way to load the next one. */
export interface PagedList<T> {
  /** Null until the first page arrives. */
  items: T[] | null;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
  reload(): void;
}

interface Pages<T> {
  key: string;
  items: T[] | null;
  nextCursor: string | null;
  error: unknown;
  loadingMore: boolean;
}

/**
 * Loads the first page of `path` and appends further pages on `loadMore()`, following the API's
 * `nextCursor`. `pick` takes the items out of a response body; pass a module-level function, since a
 * new one on every render would restart the load.
 */
export function usePagedList<T, Body extends { nextCursor: string | null }>(path: string, pick: (body: Body) => T[]): PagedList<T> {
  const api = useApi();
  const [nonce, setNonce] = useState(0);
  const [pages, setPages] = useState<Pages<T> | null>(null);
  const key = `${nonce}:${path}`;

  useEffect(() => {
    const ctl = new AbortController();
    api.get<Body>(path, { signal: ctl.signal }).then(
      (body) => setPages({ key, items: pick(body), nextCursor: body.nextCursor, error: undefined, loadingMore: false }),
      (err: unknown) => {
        if (!isAbort(err)) setPages({ key, items: null, nextCursor: null, error: err, loadingMore: false });
      },
    );
    return () => ctl.abort();
  }, [api, path, key, pick]);

  const current = pages?.key === key ? pages : null;

  const loadMore = useCallback(() => {
    if (!current?.nextCursor || current.loadingMore) return;
    const cursor = current.nextCursor;
    setPages((p) => (p && p.key === key ? { ...p, loadingMore: true, error: undefined } : p));
    const sep = path.includes('?') ? '&' : '?';
    api.get<Body>(`${path}${sep}cursor=${encodeURIComponent(cursor)}`).then(
      (body) =>
        setPages((p) => (p && p.key === key ? { ...p, items: [...(p.items ?? []), ...pick(body)], nextCursor: body.nextCursor, loadingMore: false } : p)),
      (err: unknown) => setPages((p) => (p && p.key === key ? { ...p, error: err, loadingMore: false } : p)),
    );
  }, [api, current, key, path, pick]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);

  return {
    items: current?.items ?? null,
    error: current?.error,
    hasMore: Boolean(current?.nextCursor),
    loadingMore: current?.loadingMore ?? false,
    loadMore,
    reload,
  };
}
