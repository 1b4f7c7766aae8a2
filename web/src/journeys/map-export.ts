import type { JourneyExport } from '../../../common/journeys/model.ts';
import type { Journey } from '../../../common/journeys/api.ts';
import { saveFile } from '../api/api-client.ts';

// html-to-image and jsPDF are loaded on first use: together they are larger than the rest of the dashboard.

/** Set on the map while it is captured: hides the editing controls, so the image and the layout measured for page breaks agree. */
const EXPORTING_CLASS = 'is-exporting';

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

interface MapImage {
  dataUrl: string;
  /** Size in CSS pixels; the image itself has twice as many. */
  width: number;
  height: number;
  /** Where lanes end (CSS pixels from the top): the places a PDF page may break. */
  laneEnds: number[];
}

/** The map as a PNG at twice the screen resolution, without the editing controls. */
async function renderMap(node: HTMLElement): Promise<MapImage> {
  const { toPng } = await import('html-to-image');
  node.classList.add(EXPORTING_CLASS);
  try {
    const box = node.getBoundingClientRect();
    // The grid's columns may end before the element does (stage columns have a maximum width).
    const width = Math.min(node.scrollWidth, Math.ceil(Math.max(...[...node.children].map((c) => c.getBoundingClientRect().right)) - box.left));
    const height = node.scrollHeight;
    const top = box.top;
    const laneEnds = [...node.querySelectorAll('.lane-label, .lane-group')].map((el) => el.getBoundingClientRect().bottom - top);
    const dataUrl = await toPng(node, { pixelRatio: 2, backgroundColor: '#ffffff', width, height, cacheBust: true });
    return { dataUrl, width, height, laneEnds: [...new Set(laneEnds.map(Math.round))].sort((a, b) => a - b) };
  } finally {
    node.classList.remove(EXPORTING_CLASS);
  }
}

export async function downloadMapPng(node: HTMLElement, journeyName: string): Promise<void> {
  const { dataUrl } = await renderMap(node);
  saveFile(await (await fetch(dataUrl)).blob(), exportFileName(journeyName, 'png'));
}

/**
 * A landscape A3 PDF (poster size) with a title line; the map fills the page width and continues on
 * further pages when it is taller than one, each page ending at a lane boundary.
 */
export async function downloadMapPdf(node: HTMLElement, opts: { title: string; subtitle: string; journeyName: string }): Promise<void> {
  const [map, { jsPDF }] = await Promise.all([renderMap(node), import('jspdf')]);
  const image = await loadImage(map.dataUrl);
  const ratio = image.naturalWidth / map.width;
  const pdf = new jsPDF({ orientation: 'landscape', unit: 'mm', format: 'a3' });
  const pageW = pdf.internal.pageSize.getWidth();
  const pageH = pdf.internal.pageSize.getHeight();
  const margin = 10;
  const titleSpace = 14;
  const scale = Math.min((pageW - 2 * margin) / map.width, 1); // mm per CSS pixel

  pdf.setFont('helvetica', 'bold');
  pdf.setFontSize(16);
  pdf.text(opts.title, margin, margin + 4);
  pdf.setFont('helvetica', 'normal');
  pdf.setFontSize(9);
  pdf.setTextColor(100);
  pdf.text(opts.subtitle, margin, margin + 10);

  let y = 0;
  let page = 0;
  while (y < map.height - 1) {
    const top = page === 0 ? margin + titleSpace : margin;
    const room = (pageH - top - margin) / scale;
    let end = Math.min(map.height, y + room);
    if (end < map.height) {
      // Break at the last lane end that fits, unless that would leave most of the page empty.
      const cut = map.laneEnds.filter((e) => e > y && e <= end).pop();
      if (cut !== undefined && cut - y > room * 0.4) end = cut;
    }
    if (page > 0) pdf.addPage();
    pdf.addImage(slice(image, { y: y * ratio, height: (end - y) * ratio }), 'PNG', margin, top, map.width * scale, (end - y) * scale, undefined, 'FAST');
    y = end;
    page++;
  }
  if (page > 1) {
    for (let i = 1; i <= page; i++) {
      pdf.setPage(i);
      pdf.setFontSize(8);
      pdf.text(`${i} / ${page}`, pageW - margin, pageH - 4, { align: 'right' });
    }
  }
  pdf.save(exportFileName(opts.journeyName, 'pdf'));
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('The map image could not be read back.'));
    img.src = src;
  });
}

/** A horizontal band of the image, as a PNG data URL. */
function slice(image: HTMLImageElement, band: { y: number; height: number }): string {
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = Math.max(1, Math.round(band.height));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas available.');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, Math.round(band.y), canvas.width, canvas.height, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}

/** The export document of a journey as the server defines it, built from the draft on screen. */
export function journeyExportDocument(journey: Journey): JourneyExport {
  return { format: 'kundresa.journey/v1', name: journey.name, description: journey.description, owner: journey.owner, definition: journey.definition };
}

export function downloadJson(value: unknown, journeyName: string): void {
  saveFile(new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' }), exportFileName(journeyName, 'json'));
}
