import type { EventView } from '../../../common/journeys/rule-matcher.ts';
import { type ScanBatch, SCAN_TYPES } from '../../storage/events/event-store.ts';

/** Event names no rule can name: stands for "an event with some other name" in a scan. */
const OTHER_LABEL = '\u0000other';

/** An EventView over one row of a scan batch; `at(i)` moves it. */
export class ScanView implements EventView {
  type = '';
  label: string | null = null;
  private i = 0;
  private readonly pathIndex: Map<string, number>;

  constructor(
    private readonly batch: ScanBatch,
    paths: string[],
    private readonly labels: string[],
  ) {
    this.pathIndex = new Map(paths.map((p, k) => [p, k]));
  }

  at(i: number): void {
    this.i = i;
    this.type = SCAN_TYPES[this.batch.type[i] ?? 0] ?? 'other';
    const code = this.batch.label[i] ?? -2;
    this.label = code >= 0 ? (this.labels[code] ?? null) : code === -1 ? OTHER_LABEL : null;
  }

  text(path: string): string | null {
    const k = this.pathIndex.get(path);
    return k === undefined ? null : (this.batch.texts[k]?.[this.i] ?? null);
  }
}
