import { type ChangeEvent, useRef, useState } from 'react';
import type { Journey } from '../../../common/journeys/api.ts';
import { ApiFailure } from '../api/api-client.ts';
import { errorText } from '../api/error-text.ts';
import { type FieldProblem, fieldProblems } from '../api/validation-errors.ts';
import { useApi } from '../auth/auth-context.tsx';
import { Icon } from '../components/Icon.tsx';
import { Modal } from '../components/Modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { navigate } from '../router/router.tsx';
import { journeysPath } from './journey-paths.ts';

interface Failure {
  file: string;
  message: string;
  problems: FieldProblem[];
}

/** "Import JSON": reads a map exported from Kundresa (or a bare definition) and creates a draft journey from it. */
export function ImportJourneyButton() {
  const { t } = useI18n();
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again after fixing it must fire change again
    if (!file) return;
    setBusy(true);
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await file.text());
      } catch (err) {
        setFailure({ file: file.name, message: t('import.notJson', { reason: err instanceof Error ? err.message : String(err) }), problems: [] });
        return;
      }
      const body = importBody(parsed, file.name.replace(/\.json$/i, ''));
      if (!body) {
        setFailure({ file: file.name, message: t('import.notAJourney'), problems: [] });
        return;
      }
      const journey = await api.post<Journey>(journeysPath, body);
      navigate(`/journeys/${encodeURIComponent(journey.id)}`);
    } catch (err) {
      const problems = fieldProblems(err);
      const message = err instanceof ApiFailure && err.status === 400 ? t('import.invalid') : errorText(err, t);
      setFailure({ file: file.name, message: err instanceof ApiFailure && err.status === 400 && problems.length === 0 ? `${message} ${err.message}` : message, problems });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <input ref={input} type="file" accept="application/json,.json" hidden onChange={(e) => void onFile(e)} data-testid="import-journey-file" />
      <button type="button" className="btn btn-secondary" onClick={() => input.current?.click()} disabled={busy} data-testid="import-journey">
        <Icon name="upload" size={16} />
        {busy ? t('import.importing') : t('import.button')}
      </button>
      {failure && (
        <Modal title={t('import.failedTitle')} onClose={() => setFailure(null)} testId="import-errors">
          <p>
            <strong>{failure.file}</strong>: {failure.message}
          </p>
          {failure.problems.length > 0 && (
            <ul className="problem-list" data-testid="import-problems">
              {failure.problems.map((p, i) => (
                <li key={i}>
                  {p.path && <code>{p.path}</code>} {p.message}
                </li>
              ))}
            </ul>
          )}
        </Modal>
      )}
    </>
  );
}

/** The create body for a file: an export (`kundresa.journey/v1`), a journey as the API returns it, or a bare definition. */
function importBody(parsed: unknown, fallbackName: string): Record<string, unknown> | null {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const o = parsed as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  if ('definition' in o) {
    return { name: text(o.name) ?? fallbackName, description: text(o.description) ?? '', owner: text(o.owner) ?? '', ...(text(o.locale) ? { locale: o.locale } : {}), definition: o.definition };
  }
  if ('stages' in o) return { name: fallbackName, definition: o };
  return null;
}
