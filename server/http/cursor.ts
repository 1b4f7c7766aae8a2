import { AppError } from '../errors.ts';

/** Opaque keyset cursors: base64url JSON, validated on the way back in. */
export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<K extends string>(cursor: string | undefined, keys: Record<K, 'string' | 'number'>): Record<K, string | number> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const [k, t] of Object.entries(keys)) if (typeof v[k] !== t) throw new Error('bad cursor');
    return v as Record<K, string | number>;
  } catch {
    throw new AppError(400, 'invalid_cursor', 'The cursor is not valid; start again without it.');
  }
}

/** Parses an ISO 8601 date or epoch milliseconds from a query string. */
export function parseTime(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : new Date(value).getTime();
  if (Number.isNaN(n)) throw new AppError(400, 'invalid_field', `${field} must be an ISO 8601 date or epoch milliseconds.`, { field });
  return n;
}
