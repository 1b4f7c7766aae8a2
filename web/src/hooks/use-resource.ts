import { useCallback, useEffect, useState } from 'react';
import { isAbort } from '../api/api-client.ts';
import { useApi } from '../auth/auth-context.tsx';

/** One admin API resource: its data, the last error, and whether the first load is still running. */
export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

interface Loaded<T> {
  key: string;
  data: T | undefined;
  error: unknown;
}

/**
 * Loads `path` (nothing while it is null) and, with `pollMs`, reloads it on that interval. A failed
 * poll keeps the last good data on screen next to the error, so a blip does not blank the page.
 * A new `refreshKey` reloads too (e.g. when a recompute behind the data finishes). With `keepData`,
 * the previous path's data stays on screen while a new path loads (filters that change numbers in place).
 */
export function useResource<T>(path: string | null, opts: { pollMs?: number; refreshKey?: string | number; keepData?: boolean } = {}): Resource<T> {
  const api = useApi();
  const [nonce, setNonce] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);
  const key = `${nonce}:${opts.refreshKey ?? ''}:${path ?? ''}`;
  const pollMs = opts.pollMs;

  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let first = true;
    const load = async () => {
      // A background tab has nobody looking: skip its polls (the first load always runs).
      const skip = !first && document.hidden;
      first = false;
      if (skip) {
        if (pollMs !== undefined) timer = setTimeout(() => void load(), pollMs);
        return;
      }
      try {
        const data = await api.get<T>(path, { signal: ctl.signal });
        setLoaded({ key, data, error: undefined });
      } catch (err) {
        if (isAbort(err)) return;
        setLoaded((prev) => ({ key, data: prev?.key === key ? prev.data : undefined, error: err }));
      }
      if (pollMs !== undefined && !ctl.signal.aborted) timer = setTimeout(() => void load(), pollMs);
    };
    void load();
    return () => {
      ctl.abort();
      clearTimeout(timer);
    };
  }, [api, path, key, pollMs]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = loaded?.key === key ? loaded : null;
  const data = current ? current.data : opts.keepData && path !== null ? loaded?.data : undefined;
  return { data, error: current?.error, loading: path !== null && current === null, reload };
}
