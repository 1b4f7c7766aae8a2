import { ACQUISITION_PATHS, type CompiledJourney } from './compiled-journey.ts';
import type { EventView } from '../../../common/journeys/rule-matcher.ts';
import type { ScanSlot } from './scan-view.ts';

/**
 * The live journey state of every customer for one published version, in columns (typed arrays) so
 * that the map's analytics scan a million customers in milliseconds.
 *
 * The state of a customer is a pure function of the *set* of their events (docs/journeys.md): every
 * column is a minimum, a sum or a "latest by timestamp" with a deterministic tie-break. So events may
 * arrive in any order, a recompute may scan the store in any order, and merging two customers is
 * combining their columns: all give the same state.
 */
export class JourneyState {
  readonly profileIds: string[] = [];
  private readonly byId = new Map<string, number>();
  /** Interned strings (UTM values, trait values). */
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private capacity = 0;
  readonly T: number;
  readonly S: number;
  private readonly P: number;
  private readonly K: number;
  /** Per customer × touchpoint: when the touchpoint matched (the nth matching event for nth rules); NaN never. */
  tpTime = new Float64Array(0);
  /** Per customer × touchpoint: matching events (ignoring nth). */
  tpCount = new Uint32Array(0);
  /** Per customer × nth-touchpoint: the earliest `nth` matching timestamps, ascending. */
  private readonly nthTimes = new Map<number, number[]>();
  /** Per customer: earliest event of any kind; NaN for customers merged away. */
  firstSeen = new Float64Array(0);
  /** Per customer: where the merged-away customer went (-1: not merged). */
  private alias = new Int32Array(0);
  acqTime = new Float64Array(0);
  /** Per customer × (source, medium, campaign): interned first-touch UTM value, -1 none. */
  acq = new Int32Array(0);
  pevCount = new Uint32Array(0);
  traitTime = new Float64Array(0);
  traitVal = new Int32Array(0);
  /** The touchpoint hit log (nth = 1 touchpoints): every matching event as (touchpoint, customer, time). */
  hitTp = new Uint16Array(0);
  hitProfile = new Int32Array(0);
  hitTs = new Float64Array(0);
  hitCount = 0;
  /** The event-store position (inbox row) this state has applied. */
  position = 0;
  private readonly nthOf: Int32Array;

  // Derived structures for analytics (recomputed from the columns above; never a source of truth).
  /** Per customer × stage: cached `stageTimes` (reached, via); valid for rows not marked dirty. */
  stReached = new Float64Array(0);
  stVia = new Int32Array(0);
  /** Per customer: bit s set when stage s was reached without being entered first (skipped; at most 30 stages). */
  stSkipped = new Uint32Array(0);
  /** Per customer × persona: cached `inPersona` (1 in, 0 out), kept only once a persona was asked for. */
  personaIn = new Uint8Array(0);
  private personaCached = false;
  /** Rows whose cached stage times / personas are stale: a list while short, else everything. */
  private dirtyFlag = new Uint8Array(0);
  private dirtyRows: number[] = [];
  private allDirty = true;
  /** Bumped by every change of any customer: a cache of derived numbers is valid while it stays the same. */
  changes = 0;
  /** Per customer: the value of `changes` at their last change (what an index built earlier can trust). */
  changedAt = new Float64Array(0);
  /**
   * Rows first changed after the mark (`setMark`), in that order, each with what it was at the mark:
   * the live map answers a repeated query from its numbers at the mark plus the difference these rows
   * make (journey-analytics-live.ts), instead of a pass over every customer.
   */
  markedRows: number[] = [];
  readonly preimages = new Map<number, RowAtMark>();
  /** `changes` at the mark; -1: no mark. */
  markAt = -1;
  /** Further derived data of the analytics (the touchpoint hit index), cached with the state. */
  analyticsCache: { bytes(): number } | undefined;

  constructor(readonly journey: CompiledJourney) {
    this.T = journey.touchpoints.length;
    this.S = journey.stages.length;
    this.P = journey.personaEvents.length;
    this.K = journey.traitKeys.length;
    this.nthOf = Int32Array.from(journey.touchpoints, (t) => t.rule.nth);
    this.grow(1024);
    this.growHits(4096);
  }

  get size(): number {
    return this.profileIds.length;
  }

  /** Room for `n` customers at once (a recompute knows how many it will see), instead of doubling step by step. */
  reserve(n: number): void {
    if (n > this.capacity) this.grow(Math.max(n, this.capacity * 2));
  }

  string(id: number): string | null {
    return id < 0 ? null : (this.strings[id] ?? null);
  }

  /** The row of a customer, created on first sight. */
  profile(id: string): number {
    let p = this.byId.get(id);
    if (p === undefined) {
      p = this.profileIds.length;
      if (p >= this.capacity) this.grow(this.capacity * 2);
      this.profileIds.push(id);
      this.byId.set(id, p);
    }
    return p;
  }

  /** The row of a customer if known, following merges to the survivor. */
  find(id: string): number | undefined {
    const p = this.byId.get(id);
    return p === undefined ? undefined : this.resolve(p);
  }

  resolve(p: number): number {
    let q = p;
    while ((this.alias[q] ?? -1) >= 0) q = this.alias[q] ?? q;
    return q;
  }

  /** Applies one event of customer row `p`. */
  apply(p: number, ts: number, e: EventView): void {
    this.seen(p, ts);
    const { touchpoints, personaEvents } = this.journey;
    // Only the rules that name the event's label, and the label-free ones, can match it.
    const rules = (e.label !== null ? this.journey.rulesByLabel.get(e.label) : undefined) ?? this.journey.labelFreeRules;
    const tps = rules.touchpoints;
    for (let j = 0; j < tps.length; j++) {
      const t = tps[j] ?? 0;
      if (touchpoints[t]?.rule.test(e)) this.touch(p, t, ts);
    }
    const pevs = rules.personaEvents;
    for (let j = 0; j < pevs.length; j++) {
      const i = pevs[j] ?? 0;
      if (personaEvents[i]?.rule.test(e)) this.pevCount[p * this.P + i] = (this.pevCount[p * this.P + i] ?? 0) + 1;
    }
    this.readFields(p, ts, e);
  }

  /**
   * `apply` for a recompute's scan, with the rule work sorted out per kind of event beforehand
   * (`ScanSlot`): the same result, without testing rules that only look at type and name per event, and
   * without reading fields of an event that has none.
   */
  applyScanned(p: number, ts: number, slot: ScanSlot, e: EventView, hasFields: boolean): void {
    this.seen(p, ts);
    const { touchpoints, personaEvents } = this.journey;
    const sure = slot.touchpoints;
    for (let j = 0; j < sure.length; j++) this.touch(p, sure[j] as number, ts);
    const maybe = slot.testTouchpoints;
    for (let j = 0; j < maybe.length; j++) {
      const t = maybe[j] as number;
      if (touchpoints[t]?.rule.test(e)) this.touch(p, t, ts);
    }
    const P = this.P;
    for (let j = 0; j < slot.personaEvents.length; j++) {
      const cell = p * P + (slot.personaEvents[j] as number);
      this.pevCount[cell] = (this.pevCount[cell] as number) + 1;
    }
    const maybePersona = slot.testPersonaEvents;
    for (let j = 0; j < maybePersona.length; j++) {
      const i = maybePersona[j] as number;
      if (personaEvents[i]?.rule.test(e)) this.pevCount[p * P + i] = (this.pevCount[p * P + i] as number) + 1;
    }
    if (hasFields) this.readFields(p, ts, e);
  }

  /** Any event of customer `p` at `ts`: their first-seen time, and the change mark. */
  private seen(p: number, ts: number): void {
    this.markDirty(p);
    if (!(this.firstSeen[p] !== undefined && this.firstSeen[p] <= ts)) this.firstSeen[p] = ts;
  }

  /** Touchpoint `t` matched an event of customer `p` at `ts`. */
  private touch(p: number, t: number, ts: number): void {
    const cell = p * this.T + t;
    this.tpCount[cell] = (this.tpCount[cell] as number) + 1;
    const nth = this.nthOf[t] as number;
    if (nth === 1) {
      if (!((this.tpTime[cell] as number) <= ts)) this.tpTime[cell] = ts;
      this.addHit(t, p, ts);
    } else {
      const list = this.nthTimes.get(cell) ?? [];
      insertBounded(list, ts, nth);
      this.nthTimes.set(cell, list);
      this.tpTime[cell] = list.length >= nth ? (list[nth - 1] ?? NaN) : NaN;
    }
  }

  /** What an event's fields change: the traits persona rules read, and the first-touch campaign. */
  private readFields(p: number, ts: number, e: EventView): void {
    const { traitPaths } = this.journey;
    for (let k = 0; k < this.K; k++) {
      const paths = traitPaths[k];
      if (!paths) continue;
      // A customer's traits come from identify calls and any call's context.traits; a group call's traits describe the account.
      const v = (e.type === 'identify' ? e.text(paths.traits) : null) ?? e.text(paths.context);
      if (v !== null) this.setLatest(p * this.K + k, ts, this.intern(v));
    }
    // An empty UTM value is no value (as in the analytics columns, which a recompute's scan reads).
    const source = e.text(ACQUISITION_PATHS[0]) || null;
    const medium = e.text(ACQUISITION_PATHS[1]) || null;
    const campaign = e.text(ACQUISITION_PATHS[2]) || null;
    // Only a campaign at least as early as the current first touch can change it.
    if ((source !== null || medium !== null || campaign !== null) && !(ts > (this.acqTime[p] ?? NaN))) this.setAcquisition(p, ts, [this.intern(source), this.intern(medium), this.intern(campaign)]);
  }

  /** Folds customer `fromId` into `toId` (an identity merge): the survivor's state is that of both event sets. */
  merge(fromId: string, toId: string): void {
    const fromRow = this.find(fromId);
    if (fromRow === undefined) return;
    const to = this.resolve(this.profile(toId));
    const from = fromRow;
    if (from === to) return;
    // Before any change: the rows' derived data as it was is kept for the live answers (see `setMark`).
    this.markDirty(from, to);
    for (let t = 0; t < this.T; t++) {
      const a = from * this.T + t;
      const b = to * this.T + t;
      this.tpCount[b] = (this.tpCount[b] ?? 0) + (this.tpCount[a] ?? 0);
      this.tpCount[a] = 0;
      const nth = this.nthOf[t] ?? 1;
      if (nth === 1) {
        if ((this.tpTime[a] ?? NaN) < (this.tpTime[b] ?? NaN) || Number.isNaN(this.tpTime[b] ?? NaN)) this.tpTime[b] = this.tpTime[a] ?? NaN;
      } else {
        const list = this.nthTimes.get(b) ?? [];
        for (const x of this.nthTimes.get(a) ?? []) insertBounded(list, x, nth);
        if (list.length > 0) this.nthTimes.set(b, list);
        this.nthTimes.delete(a);
        this.tpTime[b] = list.length >= nth ? (list[nth - 1] ?? NaN) : NaN;
      }
      this.tpTime[a] = NaN;
    }
    for (let i = 0; i < this.P; i++) {
      this.pevCount[to * this.P + i] = (this.pevCount[to * this.P + i] ?? 0) + (this.pevCount[from * this.P + i] ?? 0);
      this.pevCount[from * this.P + i] = 0;
    }
    for (let k = 0; k < this.K; k++) {
      const a = from * this.K + k;
      if (!Number.isNaN(this.traitTime[a] ?? NaN)) this.setLatest(to * this.K + k, this.traitTime[a] ?? NaN, this.traitVal[a] ?? -1);
      this.traitTime[a] = NaN;
      this.traitVal[a] = -1;
    }
    if (!Number.isNaN(this.acqTime[from] ?? NaN)) this.setAcquisition(to, this.acqTime[from] ?? NaN, [this.acq[from * 3] ?? -1, this.acq[from * 3 + 1] ?? -1, this.acq[from * 3 + 2] ?? -1]);
    this.acqTime[from] = NaN;
    const fs = this.firstSeen[from] ?? NaN;
    if (!((this.firstSeen[to] ?? NaN) <= fs)) this.firstSeen[to] = fs;
    this.firstSeen[from] = NaN;
    this.alias[from] = to;
  }

  /** The furthest stage a customer has reached (-1: none), from their touchpoint times. */
  furthestStage(p: number): number {
    const { touchpoints } = this.journey;
    let best = -1;
    for (let t = 0; t < this.T; t++) {
      if (!Number.isNaN(this.tpTime[p * this.T + t] ?? NaN)) best = Math.max(best, touchpoints[t]?.stageIndex ?? -1);
    }
    return best;
  }

  /** A buffer for `stageTimes`: times NaN (never), via -1 (none). */
  emptyStageTimes(): StageTimes {
    return { entered: new Float64Array(this.S).fill(NaN), reached: new Float64Array(this.S).fill(NaN), via: new Int32Array(this.S).fill(-1) };
  }

  /**
   * Stage times of one customer into `out` (length ≥ S each): `entered` is when a touchpoint of the
   * stage first matched (NaN: never), `reached` the earliest time the customer was at this stage or any
   * later one, `via` the touchpoint that brought them there.
   */
  stageTimes(p: number, out: StageTimes): void {
    const { stages } = this.journey;
    for (let s = 0; s < this.S; s++) {
      let best = NaN;
      let via = -1;
      for (const t of stages[s]?.touchpoints ?? []) {
        const x = this.tpTime[p * this.T + t] ?? NaN;
        if (x < best || (Number.isNaN(best) && !Number.isNaN(x))) {
          best = x;
          via = t;
        }
      }
      out.entered[s] = best;
      out.via[s] = via;
    }
    let runTime = NaN;
    let runVia = -1;
    for (let s = this.S - 1; s >= 0; s--) {
      const x = out.entered[s] ?? NaN;
      if (x < runTime || (Number.isNaN(runTime) && !Number.isNaN(x))) {
        runTime = x;
        runVia = out.via[s] ?? -1;
      }
      out.reached[s] = runTime;
      out.via[s] = runVia;
    }
  }

  /** Whether customer row `p` belongs to persona `i`. */
  inPersona(p: number, i: number): boolean {
    const persona = this.journey.personas[i];
    if (!persona) return false;
    const all = persona.match === 'all';
    // `all`: every condition holds (true without any); `any`: at least one does.
    for (const c of persona.traits) if (c.test(this.string(this.traitVal[p * this.K + c.traitSlot] ?? -1)) !== all) return !all;
    for (const ev of persona.events) if (((this.pevCount[p * this.P + ev.slot] ?? 0) >= ev.minCount) !== all) return !all;
    return all;
  }

  /**
   * From now on, keeps each row's data as it is now when the row first changes. Only for a state whose
   * derived data is fresh (`refreshDerived`): the kept stage times are then the row's.
   */
  setMark(): void {
    this.markAt = this.changes;
    this.markedRows = [];
    this.preimages.clear();
  }

  /** Marks customer rows whose derived (cached) analytics data must be recomputed: every change goes through here, before the change. */
  markDirty(p: number, q = -1): void {
    if (this.markAt >= 0) {
      if ((this.changedAt[p] as number) <= this.markAt) this.keepPreimage(p);
      if (q >= 0 && (this.changedAt[q] as number) <= this.markAt) this.keepPreimage(q);
    }
    this.changes++;
    this.changedAt[p] = this.changes;
    if (q >= 0) this.changedAt[q] = this.changes;
    if (this.allDirty) return;
    if (this.dirtyFlag[p] !== 1) {
      this.dirtyFlag[p] = 1;
      this.dirtyRows.push(p);
    }
    if (q >= 0 && this.dirtyFlag[q] !== 1) {
      this.dirtyFlag[q] = 1;
      this.dirtyRows.push(q);
    }
    // Past a quarter of the customers, one full pass is cheaper than tracking them.
    if (this.dirtyRows.length > 4096 && this.dirtyRows.length * 4 > this.profileIds.length) {
      this.allDirty = true;
      this.dirtyRows = [];
    }
  }

  /** Row `p` as it is (unchanged since the mark): what the analytics read of it. */
  private keepPreimage(p: number): void {
    // Past an eighth of the customers, the mark (and the hit index it belongs to) goes: the next map
    // request builds both again. So a state nobody looks at keeps no more than that.
    if (this.markedRows.length >= Math.max(100_000, this.profileIds.length / 8)) {
      this.markAt = -1;
      this.markedRows = [];
      this.preimages.clear();
      this.analyticsCache = undefined;
      return;
    }
    const { S, T } = this;
    const NP = this.journey.personas.length;
    const persona = new Uint8Array(NP);
    for (let i = 0; i < NP; i++) persona[i] = this.inPersona(p, i) ? 1 : 0;
    this.preimages.set(p, {
      firstSeen: this.firstSeen[p] as number,
      reached: this.stReached.slice(p * S, p * S + S),
      skipped: this.stSkipped[p] as number,
      tpTime: this.tpTime.slice(p * T, p * T + T),
      persona,
    });
    this.markedRows.push(p);
  }

  /**
   * Brings the cached stage times (`stReached`, `stVia` per customer × stage, `stSkipped`) up to date,
   * and the persona membership cache when `personas` (or when it is kept already).
   */
  refreshDerived(personas = false): void {
    const NP = this.journey.personas.length;
    const fullPersonas = personas && !this.personaCached && NP > 0;
    if (this.allDirty) {
      for (let p = 0; p < this.profileIds.length; p++) this.computeStages(p);
      this.dirtyFlag.fill(0);
      this.allDirty = false;
      if (!fullPersonas && this.personaCached) for (let p = 0; p < this.profileIds.length; p++) this.computePersonas(p, NP);
    } else {
      for (const p of this.dirtyRows) {
        this.dirtyFlag[p] = 0;
        this.computeStages(p);
        if (this.personaCached && !fullPersonas) this.computePersonas(p, NP);
      }
    }
    this.dirtyRows = [];
    if (fullPersonas) {
      for (let p = 0; p < this.profileIds.length; p++) this.computePersonas(p, NP);
      this.personaCached = true;
    }
  }

  /** Cached persona membership (after `refreshDerived(true)`). */
  inPersonaCached(p: number, i: number): boolean {
    return this.personaIn[p * this.journey.personas.length + i] === 1;
  }

  private computePersonas(p: number, NP: number): void {
    for (let i = 0; i < NP; i++) this.personaIn[p * NP + i] = this.inPersona(p, i) ? 1 : 0;
  }

  /** `stageTimes` of row `p` into the cache. */
  private computeStages(p: number): void {
    const { stages } = this.journey;
    const S = this.S;
    const T = this.T;
    const base = p * S;
    let runTime = NaN;
    let runVia = -1;
    let skipped = 0;
    for (let s = S - 1; s >= 0; s--) {
      let best = NaN;
      let via = -1;
      for (const t of stages[s]?.touchpoints ?? []) {
        const x = this.tpTime[p * T + t] ?? NaN;
        if (x < best || (Number.isNaN(best) && !Number.isNaN(x))) {
          best = x;
          via = t;
        }
      }
      if (best < runTime || (Number.isNaN(runTime) && !Number.isNaN(best))) {
        runTime = best;
        runVia = via;
      }
      this.stReached[base + s] = runTime;
      this.stVia[base + s] = runVia;
      if (!Number.isNaN(runTime) && !(best <= runTime)) skipped |= 1 << s;
    }
    this.stSkipped[p] = skipped;
  }

  /** Whether a row is a live customer (seen, and not merged into another). */
  isLive(p: number): boolean {
    return !Number.isNaN(this.firstSeen[p] ?? NaN);
  }

  nthHitTime(p: number, t: number): number {
    return this.tpTime[p * this.T + t] ?? NaN;
  }

  /** Approximate memory held, for logs and the benchmark. */
  bytes(): number {
    const kept = this.preimages.size * ((this.S + this.T) * 8 + this.journey.personas.length + 160);
    const derived = this.capacity * (this.S * 12 + 4 + this.journey.personas.length + 1) + (this.analyticsCache?.bytes() ?? 0) + kept;
    return this.capacity * (this.T * 12 + 8 * 4 + 12 + this.P * 4 + this.K * 12) + this.hitTs.length * 14 + derived;
  }

  private intern(v: string | null): number {
    if (v === null) return -1;
    let id = this.stringIds.get(v);
    if (id === undefined) {
      id = this.strings.push(v) - 1;
      this.stringIds.set(v, id);
    }
    return id;
  }

  /** Latest value wins; at equal times the larger value, so the order events arrive in never matters. */
  private setLatest(cell: number, ts: number, value: number): void {
    const cur = this.traitTime[cell] ?? NaN;
    if (Number.isNaN(cur) || ts > cur || (ts === cur && compareStrings(this.string(value), this.string(this.traitVal[cell] ?? -1)) > 0)) {
      this.traitTime[cell] = ts;
      this.traitVal[cell] = value;
    }
  }

  /** Earliest campaign wins; at equal times the smaller (source, medium, campaign). */
  private setAcquisition(p: number, ts: number, values: number[]): void {
    const cur = this.acqTime[p] ?? NaN;
    if (ts > cur) return;
    // Comparison keys only on a tie.
    if (Number.isNaN(cur) || ts < cur || this.acqKey(values) < this.acqKey([this.acq[p * 3] ?? -1, this.acq[p * 3 + 1] ?? -1, this.acq[p * 3 + 2] ?? -1])) {
      this.acqTime[p] = ts;
      values.forEach((v, i) => (this.acq[p * 3 + i] = v));
    }
  }

  private acqKey(values: number[]): string {
    return values.map((v) => this.string(v) ?? '').join('\u0000');
  }

  private addHit(t: number, p: number, ts: number): void {
    if (this.hitCount >= this.hitTs.length) this.growHits(this.hitTs.length * 2);
    this.hitTp[this.hitCount] = t;
    this.hitProfile[this.hitCount] = p;
    this.hitTs[this.hitCount] = ts;
    this.hitCount++;
  }

  private grow(capacity: number): void {
    const n = capacity;
    this.tpTime = extend(this.tpTime, n * this.T, NaN);
    this.tpCount = extend(this.tpCount, n * this.T, 0);
    this.firstSeen = extend(this.firstSeen, n, NaN);
    this.alias = extend(this.alias, n, -1);
    this.acqTime = extend(this.acqTime, n, NaN);
    this.acq = extend(this.acq, n * 3, -1);
    this.pevCount = extend(this.pevCount, n * this.P, 0);
    this.traitTime = extend(this.traitTime, n * this.K, NaN);
    this.traitVal = extend(this.traitVal, n * this.K, -1);
    this.stSkipped = extend(this.stSkipped, n, 0);
    this.stReached = extend(this.stReached, n * this.S, NaN);
    this.stVia = extend(this.stVia, n * this.S, -1);
    this.personaIn = extend(this.personaIn, n * this.journey.personas.length, 0);
    this.dirtyFlag = extend(this.dirtyFlag, n, 0);
    this.changedAt = extend(this.changedAt, n, 0);
    this.capacity = n;
  }

  private growHits(n: number): void {
    this.hitTp = extend(this.hitTp, n, 0);
    this.hitProfile = extend(this.hitProfile, n, 0);
    this.hitTs = extend(this.hitTs, n, 0);
  }
}

/** What the analytics read of a row, as it was at the state's mark. */
export interface RowAtMark {
  firstSeen: number;
  /** Per stage: the cached reached time. */
  reached: Float64Array;
  skipped: number;
  /** Per touchpoint: its time (the nth-occurrence touchpoints' numbers read it). */
  tpTime: Float64Array;
  /** Per persona: 1 when in it. */
  persona: Uint8Array;
}

/** One customer's stage times (see `JourneyState.stageTimes`). */
export interface StageTimes {
  entered: Float64Array;
  reached: Float64Array;
  via: Int32Array;
}

type Typed = Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;
function extend<A extends Typed>(a: A, length: number, fill: number): A {
  const Ctor = a.constructor as new (n: number) => A;
  const b = new Ctor(length);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** Inserts into an ascending list, keeping at most `limit` smallest values. */
function insertBounded(list: number[], x: number, limit: number): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] ?? 0) > x) i--;
  if (i >= limit) return;
  list.splice(i, 0, x);
  if (list.length > limit) list.length = limit;
}

function compareStrings(a: string | null, b: string | null): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
