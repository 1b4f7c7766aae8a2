import type { EventView } from '../../../common/journeys/rule-matcher.ts';
import { type ScanBatch, SCAN_TYPES } from '../../storage/events/event-store.ts';

/** Event names no rule can name: stands for "an event with some other name" in a scan. */
const OTHER_LABEL = '\u0000other';

/** An EventView over one row of a scan batch; `at(i)` moves it. */
export class ScanView implements EventView {
  type = '';
  label: string | null = null;
  private i = 0;
  /** Whether the current row has any field: most rows have none (the store extracts fields only where they can matter). */
  private any = false;
  private readonly pathIndex: Map<string, number>;
  private readonly withText: Uint8Array;

  constructor(
    private readonly batch: ScanBatch,
    private readonly paths: readonly string[],
    private readonly labels: string[],
  ) {
    this.pathIndex = new Map(paths.map((p, k) => [p, k]));
    this.withText = new Uint8Array(batch.length);
    for (const column of batch.texts) {
      for (let i = 0; i < batch.length; i++) if (column[i] !== null && column[i] !== undefined) this.withText[i] = 1;
    }
  }

  at(i: number): void {
    this.i = i;
    this.any = this.withText[i] === 1;
    this.type = SCAN_TYPES[this.batch.type[i] ?? 0] ?? 'other';
    const code = this.batch.label[i] ?? -2;
    this.label = code >= 0 ? (this.labels[code] ?? null) : code === -1 ? OTHER_LABEL : null;
  }

  text(path: string): string | null {
    if (!this.any) return null;
    // Callers pass the same (interned) path strings: comparing a few references beats hashing.
    const paths = this.paths;
    let k = -1;
    if (paths.length <= 8) {
      for (let j = 0; j < paths.length; j++) {
        if (paths[j] === path) {
          k = j;
          break;
        }
      }
    } else k = this.pathIndex.get(path) ?? -1;
    return k < 0 ? null : (this.batch.texts[k]?.[this.i] ?? null);
  }
}
