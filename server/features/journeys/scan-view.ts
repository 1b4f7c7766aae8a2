import type { EventView } from '../../../common/journeys/rule-matcher.ts';
import { type ScanBatch, SCAN_TYPES } from '../../storage/events/event-store.ts';
import type { CompiledJourney } from './compiled-journey.ts';

/** Event names no rule can name: stands for "an event with some other name" in a scan. */
const OTHER_LABEL = '\u0000other';

/** An EventView over one row of a scan batch; `at(i)` moves it. */
export class ScanView implements EventView {
  type = '';
  label: string | null = null;
  private i = 0;
  /** Whether the current row has any field: most rows have none (the store extracts fields only where they can matter). */
  hasFields = false;
  /** The current row's kind of event, an index into `scanSlots`' answer. */
  slot = 0;
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
    this.hasFields = this.withText[i] === 1;
    const type = this.batch.type[i] as number;
    const code = this.batch.label[i] as number;
    this.type = typeName(type);
    this.label = labelOf(code, this.labels);
    this.slot = slotOf(type, code, this.labels.length);
  }

  text(path: string): string | null {
    if (!this.hasFields) return null;
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

function typeName(code: number): string {
  return SCAN_TYPES[code] ?? 'other';
}

function labelOf(code: number, labels: readonly string[]): string | null {
  return code >= 0 ? (labels[code] ?? null) : code === -1 ? OTHER_LABEL : null;
}

/** Slots per type code (SCAN_TYPES and "other") × label code (-2 none, -1 another name, then the labels). */
function slotOf(type: number, label: number, labelCount: number): number {
  return type * (labelCount + 2) + label + 2;
}

/**
 * What the journey's rules make of one kind of scanned event (type and label): the touchpoints and
 * persona events that match any such event (their rules read no field), and those whose rules must be
 * tested on the event's fields.
 */
export interface ScanSlot {
  touchpoints: Int32Array;
  testTouchpoints: Int32Array;
  personaEvents: Int32Array;
  testPersonaEvents: Int32Array;
}

/** Every slot of a scan with these labels, indexed as `ScanView.slot`. */
export function scanSlots(journey: CompiledJourney, labels: readonly string[]): ScanSlot[] {
  const slots: ScanSlot[] = [];
  for (let type = 0; type <= SCAN_TYPES.length; type++) {
    for (let code = -2; code < labels.length; code++) {
      const view: EventView = { type: typeName(type), label: labelOf(code, labels), text: () => null };
      // The same candidates `JourneyState.apply` tests.
      const rules = (view.label !== null ? journey.rulesByLabel.get(view.label) : undefined) ?? journey.labelFreeRules;
      const split = (candidates: Int32Array, ruleOf: (k: number) => { paths: string[]; test(e: EventView): boolean } | undefined) => {
        const sure: number[] = [];
        const test: number[] = [];
        for (const k of candidates) {
          const rule = ruleOf(k);
          if (!rule) continue;
          if (rule.paths.length > 0) test.push(k);
          else if (rule.test(view)) sure.push(k);
        }
        return [Int32Array.from(sure), Int32Array.from(test)] as const;
      };
      const [touchpoints, testTouchpoints] = split(rules.touchpoints, (t) => journey.touchpoints[t]?.rule);
      const [personaEvents, testPersonaEvents] = split(rules.personaEvents, (i) => journey.personaEvents[i]?.rule);
      slots[slotOf(type, code, labels.length)] = { touchpoints, testTouchpoints, personaEvents, testPersonaEvents };
    }
  }
  return slots;
}
