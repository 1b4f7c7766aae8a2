import type { ApiError } from '../../../common/api.ts';

/** A failed admin API call. `status` 0 means the server could not be reached at all. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** The admin API as the dashboard uses it: read-only JSON with the admin token. */
export interface ApiClient {
  get<T>(path: string, opts?: { signal?: AbortSignal }): Promise<T>;
}

/**
 * Makes a client that sends the admin token as a Bearer token. A 401 means the token is gone or
 * revoked, which no retry can fix, so it calls `onUnauthorized` (the app then shows sign-in).
 */
export function createApiClient(opts: { token: string; onUnauthorized: () => void }): ApiClient {
  return {
    async get<T>(path: string, init: { signal?: AbortSignal } = {}): Promise<T> {
      const res = await request(path, opts.token, init.signal);
      if (res.status === 401) opts.onUnauthorized();
      return readJson<T>(res);
    },
  };
}

/** Checks a token before it is stored: resolves true if the API accepts it, false on 401. */
export async function verifyToken(token: string): Promise<boolean> {
  const res = await request('/api/workspace', token, undefined);
  if (res.status === 401) return false;
  await readJson<unknown>(res);
  return true;
}

async function request(path: string, token: string, signal: AbortSignal | undefined): Promise<Response> {
  try {
    return await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiFailure(0, 'network_error', err instanceof Error ? err.message : String(err));
  }
}

async function readJson<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const err = (body as Partial<ApiError> | undefined)?.error;
    throw new ApiFailure(res.status, err?.code ?? 'http_error', err?.message ?? `HTTP ${res.status}`);
  }
  if (body === undefined) throw new ApiFailure(res.status, 'invalid_response', 'The server sent no JSON.');
  return body as T;
}

/** True for aborts caused by a component unmounting or a newer request replacing this one. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
