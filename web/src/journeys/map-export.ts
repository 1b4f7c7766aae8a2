import type { JourneyExport } from '../../../common/journeys/model.ts';
import type { Journey } from '../../../common/journeys/api.ts';
import { saveFile } from '../api/api-client.ts';

// html-to-image and jsPDF are loaded on first use: together they are larger than the rest of the dashboard.

/** Class of the map's editing controls, left out of exported images. */
export const EDIT_CONTROL_CLASSES = ['map-edit', 'map-edit-row'];

/** A file-name-safe version of the journey name. */
export function exportFileName(name: string, ext: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return `${slug || 'journey'}.${ext}`;
}

/** The map as a PNG data URL at twice the screen resolution, without the editing controls. */
export async function renderMapPng(node: HTMLElement): Promise<{ dataUrl: string; width: number; height: number }> {
  const { toPng } = await import('html-to-image');
  const width = node.scrollWidth;
  const height = node.scrollHeight;
  const dataUrl = await toPng(node, {
    pixelRatio: 2,
    backgroundColor: '#ffffff',
    width,
    height,
    cacheBust: true,
    filter: (n) => !(n instanceof Element && EDIT_CONTROL_CLASSES.some((c) => n.classList.contains(c))),
  });
  return { dataUrl, width, height };
}

export async function downloadMapPng(node: HTMLElement, journeyName: string): Promise<void> {
  const { dataUrl } = await renderMapPng(node);
  saveFile(await (await fetch(dataUrl)).blob(), exportFileName(journeyName, 'png'));
}

/** A landscape A3 PDF (wall-poster size) with a title line and the map scaled to fit the page. */
export async function downloadMapPdf(node: HTMLElement, opts: { title: string; subtitle: string; journeyName: string }): Promise<void> {
  const [{ dataUrl, width, height }, { jsPDF }] = await Promise.all([renderMapPng(node), import('jspdf')]);
  const pdf = new jsPDF({ orientation: 'landscape', unit: 'mm', format: 'a3' });
  const pageW = pdf.internal.pageSize.getWidth();
  const pageH = pdf.internal.pageSize.getHeight();
  const margin = 10;
  const top = 22;
  pdf.setFont('helvetica', 'bold');
  pdf.setFontSize(16);
  pdf.text(opts.title, margin, margin + 4);
  pdf.setFont('helvetica', 'normal');
  pdf.setFontSize(9);
  pdf.setTextColor(100);
  pdf.text(opts.subtitle, margin, margin + 10);
  const scale = Math.min((pageW - 2 * margin) / width, (pageH - top - margin) / height);
  pdf.addImage(dataUrl, 'PNG', margin, top, width * scale, height * scale, undefined, 'FAST');
  pdf.save(exportFileName(opts.journeyName, 'pdf'));
}

/** The export document of a journey as the server defines it, built from the draft on screen. */
export function journeyExportDocument(journey: Journey): JourneyExport {
  return { format: 'kundresa.journey/v1', name: journey.name, description: journey.description, owner: journey.owner, definition: journey.definition };
}

export function downloadJson(value: unknown, journeyName: string): void {
  saveFile(new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' }), exportFileName(journeyName, 'json'));
}
