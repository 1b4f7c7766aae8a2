import type { I18n } from '../i18n/i18n-context.tsx';
import { ApiFailure } from './api-client.ts';

/**
 * A translated sentence for a failed call. Server messages are English and written for developers,
 * so the dashboard shows its own words by status and keeps the server's code for the tooltip.
 */
export function errorText(err: unknown, t: I18n['t']): string {
  if (err instanceof ApiFailure) {
    if (err.status === 0) return t('error.network');
    if (err.status === 404) return t('error.notFound');
    if (err.status >= 400 && err.status < 500) return t('error.badRequest');
  }
  return t('error.server');
}

/** The technical detail behind an error, for the title attribute and bug reports. */
export function errorDetail(err: unknown): string {
  if (err instanceof ApiFailure) return `${err.status || '—'} ${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
