import { type RefObject, useEffect, useRef, useState } from 'react';
import type { Journey } from '../../../common/journeys/api.ts';
import { ApiFailure } from '../api/api-client.ts';
import { errorDetail } from '../api/error-text.ts';
import { useApi } from '../auth/auth-context.tsx';
import { Icon } from '../components/Icon.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { exportPath } from './journey-paths.ts';
import { downloadJson, downloadMapPdf, downloadMapPng, journeyExportDocument } from './map-export.ts';

type Format = 'png' | 'pdf' | 'json';

/** Export as PNG (the map as on screen), PDF (A3 landscape, for the wall) or JSON (to import elsewhere). */
export function ExportMenu({ journey, mapRef, subtitle }: { journey: Journey; mapRef: RefObject<HTMLDivElement | null>; subtitle: string }) {
  const { t } = useI18n();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (menu.current && !menu.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const run = async (format: Format) => {
    setOpen(false);
    setBusy(format);
    setError(undefined);
    try {
      const node = mapRef.current;
      if (format === 'json') downloadJson(await serverExport(), journey.name);
      else if (!node) return;
      else if (format === 'png') await downloadMapPng(node, journey.name);
      else await downloadMapPdf(node, { title: journey.name, subtitle, journeyName: journey.name });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  /** The server's export when it has one; the draft on screen otherwise (same format). */
  const serverExport = async (): Promise<unknown> => {
    try {
      return await api.get<unknown>(exportPath(journey.id));
    } catch (err) {
      if (err instanceof ApiFailure && (err.status === 404 || err.status === 405)) return journeyExportDocument(journey);
      throw err;
    }
  };

  return (
    <div className="menu" ref={menu}>
      <button type="button" className="btn btn-secondary" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} disabled={busy !== null} data-testid="export-menu" title={error !== undefined ? errorDetail(error) : undefined}>
        <Icon name="download" size={16} />
        {busy ? t('export.working') : t('export.button')}
        <Icon name="down" size={14} />
      </button>
      {error !== undefined && (
        <span className="field-error small" role="alert">
          {t('export.failed')}
        </span>
      )}
      {open && (
        <div className="menu-list" role="menu">
          <button type="button" role="menuitem" onClick={() => void run('png')} data-testid="export-png">
            <Icon name="image" size={16} />
            <span>
              <strong>{t('export.png')}</strong>
              <span className="menu-hint">{t('export.pngHint')}</span>
            </span>
          </button>
          <button type="button" role="menuitem" onClick={() => void run('pdf')} data-testid="export-pdf">
            <Icon name="file" size={16} />
            <span>
              <strong>{t('export.pdf')}</strong>
              <span className="menu-hint">{t('export.pdfHint')}</span>
            </span>
          </button>
          <button type="button" role="menuitem" onClick={() => void run('json')} data-testid="export-json">
            <Icon name="layers" size={16} />
            <span>
              <strong>{t('export.json')}</strong>
              <span className="menu-hint">{t('export.jsonHint')}</span>
            </span>
          </button>
        </div>
      )}
    </div>
  );
}
