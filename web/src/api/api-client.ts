import type { ApiError } from '../../../common/api.ts';

/** A failed admin API call. `status` 0 means the server could not be reached at all. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's `error.details`, e.g. the validation issues of a 400. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

interface CallOptions {
  signal?: AbortSignal;
}

/** A file the API sent for download: its bytes and the name the server suggested. */
export interface DownloadedFile {
  blob: Blob;
  filename: string | null;
}

/** The admin API as the dashboard uses it: JSON with the admin token, and file downloads. */
export interface ApiClient {
  get<T>(path: string, opts?: CallOptions): Promise<T>;
  post<T>(path: string, body?: unknown, opts?: CallOptions): Promise<T>;
  patch<T>(path: string, body: unknown, opts?: CallOptions): Promise<T>;
  delete<T = unknown>(path: string, opts?: CallOptions): Promise<T | undefined>;
  /** Fetches a non-JSON response (a CSV export) with the token, which a plain link cannot send; POSTs `body` when given. */
  download(path: string, opts?: CallOptions & { body?: unknown }): Promise<DownloadedFile>;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Makes a client that sends the admin token as a Bearer token. A 401 means the token is gone or
 * revoked, which no retry can fix, so it calls `onUnauthorized` (the app then shows sign-in).
 */
export function createApiClient(opts: { token: string; onUnauthorized: () => void }): ApiClient {
  const call = async (method: Method, path: string, body: unknown, signal: AbortSignal | undefined): Promise<Response> => {
    const res = await request({ method, path, token: opts.token, body, signal });
    if (res.status === 401) opts.onUnauthorized();
    return res;
  };
  return {
    async get<T>(path: string, init: CallOptions = {}): Promise<T> {
      return readJson<T>(await call('GET', path, undefined, init.signal));
    },
    async post<T>(path: string, body: unknown = {}, init: CallOptions = {}): Promise<T> {
      return readJson<T>(await call('POST', path, body, init.signal));
    },
    async patch<T>(path: string, body: unknown, init: CallOptions = {}): Promise<T> {
      return readJson<T>(await call('PATCH', path, body, init.signal));
    },
    async delete<T>(path: string, init: CallOptions = {}): Promise<T | undefined> {
      // A delete may answer 204 with no body; that is success, not an invalid response.
      return readJson<T>(await call('DELETE', path, undefined, init.signal), { optional: true });
    },
    async download(path: string, init: CallOptions & { body?: unknown } = {}): Promise<DownloadedFile> {
      const res = await call(init.body === undefined ? 'GET' : 'POST', path, init.body, init.signal);
      if (!res.ok) return readJson<never>(res);
      return { blob: await res.blob(), filename: filenameFrom(res.headers.get('Content-Disposition')) };
    },
  };
}

/** Checks a token before it is stored: resolves true if the API accepts it, false on 401. */
export async function verifyToken(token: string): Promise<boolean> {
  const res = await request({ method: 'GET', path: '/api/workspace', token, body: undefined, signal: undefined });
  if (res.status === 401) return false;
  await readJson<unknown>(res);
  return true;
}

async function request(req: { method: Method; path: string; token: string; body: unknown; signal: AbortSignal | undefined }): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Bearer ${req.token}`, Accept: 'application/json' };
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(req.path, { method: req.method, headers, body: req.body === undefined ? undefined : JSON.stringify(req.body), signal: req.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiFailure(0, 'network_error', err instanceof Error ? err.message : String(err));
  }
}

async function readJson<T>(res: Response): Promise<T>;
async function readJson<T>(res: Response, opts: { optional: true }): Promise<T | undefined>;
async function readJson<T>(res: Response, opts: { optional?: boolean } = {}): Promise<T | undefined> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const err = (body as Partial<ApiError> | undefined)?.error;
    throw new ApiFailure(res.status, err?.code ?? 'http_error', err?.message ?? `HTTP ${res.status}`, err?.details);
  }
  if (body === undefined) {
    if (opts.optional) return undefined;
    throw new ApiFailure(res.status, 'invalid_response', 'The server sent no JSON.');
  }
  return body as T;
}

/** The file name of `Content-Disposition: attachment; filename="x.csv"` (or its RFC 5987 form). */
function filenameFrom(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() ?? null;
}

/** Hands a blob to the browser as a download named `filename`. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the URL only after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** True for aborts caused by a component unmounting or a newer request replacing this one. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
