import type { EventRecord, EventStore, ProfileMerge } from '../../storage/events/event-store.ts';
import { SEQ_STRIDE } from '../ingestion/inbox.repository.ts';
import type { CustomerEvents } from './customer-events.ts';
import { type AnalyticsColumns, analyticsColumnsOf, typeAndNameOf } from '../../storage/events/analytics-columns.ts';

/** An event stored after the build, waiting to be folded in. */
interface TailEvent {
  profileId: string;
  ts: number;
  seq: number;
  type: number;
  name: string | null;
  texts: AnalyticsColumns;
}

/** Per event, the columns of CustomerEvents that hold codes. */
const CODED = ['name', 'path', 'utmSource', 'utmMedium', 'utmCampaign', 'referrerHost', 'pageHost'] as const;

export interface BuildProgress {
  state: 'building' | 'ready' | 'failed';
  processed: number;
  total: number;
}

/**
 * One workspace's events as the analytics engine reads them (CustomerEvents), kept in memory: built
 * from the event store once (a snapshot scan, appends going on), then kept current from the
 * pipeline's stored batches. New events and identity merges wait in a tail; the next query folds
 * them in (`current`): customers they touch are rebuilt, everyone else is moved in large blocks.
 */
export class AnalyticsIndex {
  private base: CustomerEvents | null = null;
  private building: Promise<CustomerEvents> | null = null;
  /** Inbox position of the build's snapshot: stored batches up to it are in the base. */
  private snapshot = -1;
  private tail: TailEvent[] = [];
  private merges: ProfileMerge[] = [];
  /** Profile id → customer index in the base. */
  private customerOf = new Map<string, number>();
  private codes = new Map<string, number>();
  progress: BuildProgress = { state: 'building', processed: 0, total: 0 };

  constructor(private readonly deps: { events: EventStore; workspaceId: string }) {}

  /** Events and merges the pipeline stored (its `onStored`): kept for the next fold once a build began. */
  observe(records: readonly EventRecord[], merges: readonly ProfileMerge[]): void {
    if (!this.building && !this.base) return;
    for (const r of records) {
      if (r.workspaceId !== this.deps.workspaceId) continue;
      this.tail.push({ profileId: r.profileId, ts: r.event.timestamp, seq: r.seq, ...typeAndNameOf(r.event), texts: analyticsColumnsOf(r.event) });
    }
    for (const m of merges) if (m.workspaceId === this.deps.workspaceId) this.merges.push(m);
  }

  /** The events as of now: built on first use, with everything stored since folded in. */
  async current(): Promise<CustomerEvents> {
    if (!this.base) {
      this.building ??= this.build().finally(() => (this.building = null));
      this.base = await this.building;
    }
    if (this.tail.length > 0 || this.merges.length > 0) this.base = this.fold(this.base);
    return this.base;
  }

  private async build(): Promise<CustomerEvents> {
    this.progress = { state: 'building', processed: 0, total: 0 };
    let profileIds: readonly string[] = [];
    let offsets = new Int32Array(1);
    let cursor = new Int32Array(0);
    let cols = allocate(0);
    let strings: readonly string[] = [];
    try {
      const { position } = await this.deps.events.columns({
        workspaceId: this.deps.workspaceId,
        onCustomers: (profiles, counts) => {
          profileIds = profiles;
          offsets = new Int32Array(profiles.length + 1);
          for (let c = 0; c < profiles.length; c++) offsets[c + 1] = (offsets[c] as number) + (counts[c] as number);
          const total = offsets[profiles.length] as number;
          cols = allocate(total);
          cursor = offsets.slice(0, profiles.length);
          this.progress = { state: 'building', processed: 0, total };
        },
        onBatch: (b, dictionary) => {
          strings = dictionary;
          // Counting sort: each event straight to its customer's next free slot.
          for (let i = 0; i < b.length; i++) {
            const c = b.customer[i] as number;
            const at = cursor[c] as number;
            cursor[c] = at + 1;
            cols.ts[at] = b.ts[i] as number;
            cols.seq[at] = b.seq[i] as number;
            cols.type[at] = b.type[i] as number;
            cols.name[at] = b.name[i] as number;
            cols.path[at] = b.path[i] as number;
            cols.utmSource[at] = b.utmSource[i] as number;
            cols.utmMedium[at] = b.utmMedium[i] as number;
            cols.utmCampaign[at] = b.utmCampaign[i] as number;
            cols.referrerHost[at] = b.referrerHost[i] as number;
            cols.pageHost[at] = b.pageHost[i] as number;
          }
          this.progress.processed += b.length;
        },
      });
      this.snapshot = position;
      const dictionary = [...strings];
      this.codes = new Map(dictionary.map((s, i) => [s, i]));
      for (let c = 0; c < profileIds.length; c++) sortCustomer(cols, offsets[c] as number, offsets[c + 1] as number);
      this.customerOf = new Map(profileIds.map((id, c) => [id, c]));
      // What the pipeline stored while the build read its snapshot is in the base already.
      const inSnapshot = (seq: number) => seq < (position + 1) * SEQ_STRIDE;
      this.tail = this.tail.filter((e) => !inSnapshot(e.seq));
      this.merges = this.merges.filter((m) => !inSnapshot(m.seq));
      this.progress = { state: 'ready', processed: this.progress.total, total: this.progress.total };
      return { profileIds: [...profileIds], offsets, ...cols, strings: dictionary };
    } catch (err) {
      this.progress = { ...this.progress, state: 'failed' };
      throw err;
    }
  }

  /** The dictionary code of a string, added when new. */
  private code(s: string | null, dictionary: string[]): number {
    if (s === null) return -1;
    let c = this.codes.get(s);
    if (c === undefined) {
      c = dictionary.push(s) - 1;
      this.codes.set(s, c);
    }
    return c;
  }

  /**
   * The base with the tail and merges folded in. Customers keep their places (a merged-away customer
   * stays, empty; new customers come last), so untouched runs of customers move as blocks.
   */
  private fold(base: CustomerEvents): CustomerEvents {
    const dictionary = base.strings as string[];
    // Where every profile goes: merges point an id (and everything already merged into it) at the survivor.
    const survivor = new Map<string, string>();
    for (const m of this.merges) {
      for (const [from, to] of survivor) if (to === m.fromProfile) survivor.set(from, m.toProfile);
      survivor.set(m.fromProfile, m.toProfile);
    }
    const canonical = (id: string) => survivor.get(id) ?? id;
    const profileIds = [...base.profileIds];
    const customerOf = this.customerOf;
    const customerFor = (id: string) => {
      let c = customerOf.get(id);
      if (c === undefined) {
        c = profileIds.push(id) - 1;
        customerOf.set(id, c);
      }
      return c;
    };
    // Sources of each touched customer: base ranges of the customers merged into it, and tail events.
    const touched = new Map<number, { from: number[]; tail: TailEvent[] }>();
    const touch = (c: number) => {
      let t = touched.get(c);
      if (!t) touched.set(c, (t = { from: [], tail: [] }));
      return t;
    };
    for (const [from] of survivor) {
      const old = customerOf.get(from);
      if (old === undefined) continue;
      touch(old); // left empty
      touch(customerFor(canonical(from))).from.push(old);
    }
    for (const e of this.tail) touch(customerFor(canonical(e.profileId))).tail.push(e);
    for (const [c, t] of touched) if (c < base.profileIds.length && !survivor.has(base.profileIds[c] as string)) t.from.push(c);

    const C = profileIds.length;
    const counts = new Int32Array(C);
    for (let c = 0; c < C; c++) {
      const t = touched.get(c);
      if (!t) counts[c] = c < base.profileIds.length ? (base.offsets[c + 1] as number) - (base.offsets[c] as number) : 0;
      else counts[c] = t.tail.length + t.from.reduce((n, f) => n + (base.offsets[f + 1] as number) - (base.offsets[f] as number), 0);
    }
    const offsets = new Int32Array(C + 1);
    for (let c = 0; c < C; c++) offsets[c + 1] = (offsets[c] as number) + (counts[c] as number);
    const cols = allocate(offsets[C] as number);
    const copyRange = (srcFrom: number, srcTo: number, dst: number) => {
      cols.ts.set(base.ts.subarray(srcFrom, srcTo), dst);
      cols.seq.set(base.seq.subarray(srcFrom, srcTo), dst);
      cols.type.set(base.type.subarray(srcFrom, srcTo), dst);
      for (const k of CODED) cols[k].set(base[k].subarray(srcFrom, srcTo), dst);
    };
    // Untouched customers in runs: one copy per run.
    let c = 0;
    const B = base.profileIds.length;
    while (c < B) {
      if (touched.has(c)) {
        c++;
        continue;
      }
      let end = c;
      while (end < B && !touched.has(end)) end++;
      copyRange(base.offsets[c] as number, base.offsets[end] as number, offsets[c] as number);
      c = end;
    }
    for (const [t, src] of touched) {
      let at = offsets[t] as number;
      for (const f of src.from) {
        const a = base.offsets[f] as number;
        const b = base.offsets[f + 1] as number;
        copyRange(a, b, at);
        at += b - a;
      }
      for (const e of src.tail) {
        cols.ts[at] = e.ts;
        cols.seq[at] = e.seq;
        cols.type[at] = e.type;
        cols.name[at] = this.code(e.name, dictionary);
        cols.path[at] = this.code(e.texts.pagePath, dictionary);
        cols.utmSource[at] = this.code(e.texts.utmSource, dictionary);
        cols.utmMedium[at] = this.code(e.texts.utmMedium, dictionary);
        cols.utmCampaign[at] = this.code(e.texts.utmCampaign, dictionary);
        cols.referrerHost[at] = this.code(e.texts.referrerHost, dictionary);
        cols.pageHost[at] = this.code(e.texts.pageHost, dictionary);
        at++;
      }
      sortCustomer(cols, offsets[t] as number, offsets[t + 1] as number);
    }
    this.tail = [];
    this.merges = [];
    return { profileIds, offsets, ...cols, strings: dictionary };
  }
}

type Columns = ReturnType<typeof allocate>;

function allocate(n: number) {
  return {
    ts: new Float64Array(n),
    seq: new Float64Array(n),
    type: new Uint8Array(n),
    name: new Int32Array(n),
    path: new Int32Array(n),
    utmSource: new Int32Array(n),
    utmMedium: new Int32Array(n),
    utmCampaign: new Int32Array(n),
    referrerHost: new Int32Array(n),
    pageHost: new Int32Array(n),
  };
}

/**
 * Puts one customer's events [a, b) in (ts, seq) order. Usually they already are (a store scans in
 * about the order it appended), so this is a check; otherwise a sort of the customer's few events.
 */
function sortCustomer(cols: Columns, a: number, b: number): void {
  const { ts, seq } = cols;
  let sorted = true;
  for (let i = a + 1; i < b; i++) {
    const dt = (ts[i] as number) - (ts[i - 1] as number);
    if (dt < 0 || (dt === 0 && (seq[i] as number) < (seq[i - 1] as number))) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  const order = Array.from({ length: b - a }, (_, k) => a + k).sort((x, y) => (ts[x] as number) - (ts[y] as number) || (seq[x] as number) - (seq[y] as number));
  const all = [cols.ts, cols.seq, cols.type, ...CODED.map((k) => cols[k])];
  for (const column of all) {
    const values = order.map((i) => column[i] as number);
    values.forEach((v, k) => (column[a + k] = v));
  }
}
