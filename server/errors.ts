/** An expected failure with a stable code; its message is safe to show to API clients. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The one JSON error body shape of every Kundresa API: `{ error: { code, message, details? } }`. */
export function errorBody(code: string, message: string, details?: unknown): { error: { code: string; message: string; details?: unknown } } {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Turns any thrown value into a status and a client-safe body; internals go to the log only. */
export function toErrorResponse(err: unknown, log: (msg: string, err: unknown) => void): { status: number; body: ReturnType<typeof errorBody> } {
  if (err instanceof AppError) return { status: err.status, body: errorBody(err.code, err.message, err.details) };
  log('unexpected error', err);
  return { status: 500, body: errorBody('internal_error', 'Something went wrong on our side. The error has been logged.') };
}
