import type { ZodType } from 'zod';

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

/**
 * Validates `value`, or throws a 400 naming the first problem (`where.field: message`) and listing all
 * of them (up to 20) in details, so a form can mark every field.
 */
export function parseOr400<T>(schema: ZodType<T>, value: unknown, opts: { where: string; code: string }): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  const issues = r.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new AppError(400, opts.code, `${opts.where}${field ? `.${field}` : ''}: ${issue?.message ?? 'invalid'}`, { field, issues });
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
