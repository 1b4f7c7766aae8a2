import { useCallback, useEffect, useState } from 'react';
import type { ReportKind } from '../../../common/analytics/api.ts';
import { isAbort } from '../api/api-client.ts';
import { useApi } from '../auth/auth-context.tsx';
import { useDebouncedValue } from '../hooks/use-debounced-value.ts';
import { analyticsPath } from './explore-paths.ts';

/** How long a query must stay unchanged before it runs, so typing does not fire a query per key. */
const SETTLE_MS = 450;

export interface AnalyticsRun<Q, R> {
  /** The latest answer, kept on screen while a newer query runs. */
  data: R | undefined;
  /** The query behind `data` (the customers behind a number must come from the same query). */
  dataQuery: Q | undefined;
  error: unknown;
  /** A query is waiting to run or running. */
  running: boolean;
  /** When the running request was sent (for the elapsed time of long queries). */
  startedAt: number | null;
  retry(): void;
}

interface Answer<Q, R> {
  key: string;
  data: R | undefined;
  dataQuery: Q | undefined;
  error: unknown;
}

/**
 * Runs `query` against POST /api/analytics/{kind} once it has settled, and again whenever it changes;
 * a newer query aborts the one still running. Null runs nothing (an unfinished query).
 */
export function useAnalyticsQuery<Q, R>(kind: ReportKind, query: Q | null): AnalyticsRun<Q, R> {
  const api = useApi();
  const [nonce, setNonce] = useState(0);
  const wanted = query === null ? null : JSON.stringify(query);
  const settled = useDebouncedValue(wanted, SETTLE_MS);
  const [answer, setAnswer] = useState<Answer<Q, R> | null>(null);
  const [started, setStarted] = useState<{ key: string; at: number } | null>(null);
  const key = settled === null ? null : `${nonce}:${settled}`;

  useEffect(() => {
    if (key === null || settled === null) return;
    const ctl = new AbortController();
    const body = JSON.parse(settled) as Q;
    const at = Date.now();
    // Stamped through a resolved promise so the effect itself does not set state synchronously.
    void Promise.resolve().then(() => {
      if (!ctl.signal.aborted) setStarted({ key, at });
    });
    api.post<R>(analyticsPath(kind), body, { signal: ctl.signal }).then(
      (data) => setAnswer({ key, data, dataQuery: body, error: undefined }),
      (err: unknown) => {
        if (!isAbort(err)) setAnswer((prev) => ({ key, data: prev?.data, dataQuery: prev?.dataQuery, error: err }));
      },
    );
    return () => ctl.abort();
  }, [api, kind, key, settled]);

  const retry = useCallback(() => setNonce((n) => n + 1), []);
  const current = answer !== null && answer.key === key;
  return {
    data: answer?.data,
    dataQuery: answer?.dataQuery,
    error: current ? answer.error : undefined,
    running: wanted !== null && (wanted !== settled || !current),
    startedAt: started !== null && started.key === key && !current ? started.at : null,
    retry,
  };
}
