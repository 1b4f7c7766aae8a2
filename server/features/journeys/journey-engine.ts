import type { RecomputeStatus } from '../../../common/journeys/api.ts';
import { STAGE_ENTERED_EVENT, viewOfEvent } from '../../../common/journeys/rule-matcher.ts';
import type { EventRecord, EventStore, ProfileMerge } from '../../storage/events/event-store.ts';
import type { Logger } from '../../logger.ts';
import { MAX_CALLS_PER_REQUEST, SEQ_STRIDE } from '../ingestion/inbox.repository.ts';
import type { CompiledJourney } from './compiled-journey.ts';
import { HitIndex } from './journey-hit-index.ts';
import { JourneyState } from './journey-state.ts';
import { type ScanSlot, ScanView, scanSlots } from './scan-view.ts';

const rowOf = (seq: number) => Math.floor(seq / SEQ_STRIDE);

interface Build {
  journey: CompiledJourney;
  status: RecomputeStatus;
  /** Live work that arrived while the scan ran; applied past the scan's position before the switch. */
  buffer: { records: EventRecord[]; merges: ProfileMerge[] }[];
}

/**
 * Keeps the live journey state of every published journey: built from the event store at start and on
 * publish (in the background, with progress), then updated by the pipeline with each micro-batch, which
 * also receives the `Journey Stage Entered` events to store atomically with the batch.
 */
export class JourneyEngine {
  private readonly live = new Map<string, JourneyState>();
  private readonly builds = new Map<string, Build>();
  private readonly statuses = new Map<string, RecomputeStatus>();
  /** The last inbox row handed to `process` (a retried batch must not count twice). */
  private processedUpTo = 0;
  /**
   * The last batch `process` saw. The pipeline stores a batch after processing it, so a scan that
   * starts meanwhile may not see it yet; a new build starts with it buffered (rows its snapshot did
   * hold are dropped by position). Only one batch is ever in that state.
   */
  private lastBatch: { records: EventRecord[]; merges: ProfileMerge[] } | undefined;

  constructor(private readonly deps: { events: EventStore; log: Logger; now?: () => number }) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Builds the state of the given published versions from the stored events (at start, before the pipeline runs). */
  async load(journeys: CompiledJourney[]): Promise<void> {
    for (const j of journeys) await this.activate(j);
    this.processedUpTo = Math.max(this.processedUpTo, await this.deps.events.position());
  }

  /** The live state of a journey, if it has a published version. */
  state(journeyId: string): JourneyState | undefined {
    return this.live.get(journeyId);
  }

  /** The latest recompute of a journey (running, done or failed). */
  status(journeyId: string): RecomputeStatus | null {
    return this.statuses.get(journeyId) ?? null;
  }

  /** Drops a deleted journey. */
  remove(journeyId: string): void {
    this.live.delete(journeyId);
    this.builds.delete(journeyId);
    this.statuses.delete(journeyId);
  }

  /**
   * Recomputes a newly published version from the stored events; the previous version stays live
   * until the new state has caught up, then takes over. Resolves when it has.
   */
  activate(journey: CompiledJourney): Promise<void> {
    const status: RecomputeStatus = { version: journey.version, state: 'running', processed: 0, total: 0, startedAt: this.now(), finishedAt: null };
    const build: Build = { journey, status, buffer: this.lastBatch ? [this.lastBatch] : [] };
    this.builds.set(journey.journeyId, build);
    this.statuses.set(journey.journeyId, status);
    return this.build(build).then(
      (state) => {
        if (this.builds.get(journey.journeyId) !== build) return; // a newer publish (or a delete) replaced it
        this.builds.delete(journey.journeyId);
        this.live.set(journey.journeyId, state);
        status.state = 'done';
        status.finishedAt = this.now();
      },
      (err: unknown) => {
        if (this.builds.get(journey.journeyId) === build) this.builds.delete(journey.journeyId);
        status.state = 'failed';
        status.finishedAt = this.now();
        this.deps.log.error(`journey ${journey.journeyId} v${journey.version}: recompute failed`, err);
      },
    );
  }

  private async build(build: Build): Promise<JourneyState> {
    const { journey, status } = build;
    const state = new JourneyState(journey);
    const labels = [...new Set([...journey.touchpoints.flatMap((t) => t.rule.labels), ...journey.personaEvents.flatMap((e) => e.rule.labels)])];
    const slots = scanSlots(journey, labels);
    const rowOfProfile: number[] = [];
    // A fresh state numbers the scan's profiles in order: the dictionary index is the row.
    let sameRows = true;
    const takeProfiles = (profiles: readonly string[]) => {
      if (rowOfProfile.length >= profiles.length) return;
      state.reserve(profiles.length);
      while (rowOfProfile.length < profiles.length) {
        const row = state.profile(profiles[rowOfProfile.length] ?? '');
        if (row !== rowOfProfile.length) sameRows = false;
        rowOfProfile.push(row);
      }
    };
    const { position } = await this.deps.events.scan({
      workspaceId: journey.workspaceId,
      paths: journey.paths,
      pathScopes: journey.pathScopes,
      emptyAsAbsent: journey.emptyAsAbsent,
      labels,
      onTotal: (total) => (status.total = total),
      onProfiles: (profiles) => takeProfiles(profiles),
      onBatch: (batch, profiles) => {
        takeProfiles(profiles);
        const view = new ScanView(batch, journey.paths, labels);
        for (let i = 0; i < batch.length; i++) {
          view.at(i);
          const k = batch.profile[i] as number;
          state.applyScanned(sameRows ? k : (rowOfProfile[k] as number), batch.ts[i] as number, slots[view.slot] as ScanSlot, view, view.hasFields);
        }
        status.processed += batch.length;
      },
    });
    // Everything the scan's snapshot did not hold arrived through `process` meanwhile.
    for (const work of build.buffer) {
      applyBatch(
        state,
        work.records.filter((r) => rowOf(r.seq) > position),
        work.merges.filter((m) => rowOf(m.seq) > position),
      );
    }
    build.buffer = [];
    state.position = position;
    // The derived caches are built here, in the background build, not by the first map request.
    state.refreshDerived(true);
    HitIndex.of(state);
    return state;
  }

  /**
   * Applies one pipeline micro-batch (calls and merges in inbox order) to every live journey and
   * returns the `Journey Stage Entered` events it caused, numbered in the slots of the inbox row of the
   * call that caused them.
   */
  process(records: EventRecord[], merges: ProfileMerge[]): EventRecord[] {
    const fresh = records.filter((r) => rowOf(r.seq) > this.processedUpTo);
    const freshMerges = merges.filter((m) => rowOf(m.seq) > this.processedUpTo);
    if (fresh.length === 0 && freshMerges.length === 0) return [];
    const last = Math.max(rowOf(fresh[fresh.length - 1]?.seq ?? 0), rowOf(freshMerges[freshMerges.length - 1]?.seq ?? 0));
    this.processedUpTo = Math.max(this.processedUpTo, last);
    this.lastBatch = { records: fresh, merges: freshMerges };
    for (const build of this.builds.values()) build.buffer.push(this.lastBatch);
    if (this.live.size === 0) return [];

    const entries: EventRecord[] = [];
    const slots = new Map<number, number>();
    for (const state of this.live.values()) {
      const ws = state.journey.workspaceId;
      const mine = fresh.filter((r) => r.workspaceId === ws);
      const myMerges = freshMerges.filter((m) => m.workspaceId === ws);
      if (mine.length === 0 && myMerges.length === 0) continue;
      const changes = applyBatch(state, mine, myMerges);
      for (const change of changes) {
        for (let s = change.before + 1; s <= change.after; s++) {
          const row = rowOf(change.cause?.seq ?? (mine[mine.length - 1] ?? myMerges[myMerges.length - 1])?.seq ?? 0);
          const slot = slots.get(row) ?? 0;
          if (MAX_CALLS_PER_REQUEST + slot >= SEQ_STRIDE) {
            this.deps.log.error(`inbox row ${row} caused more stage entries than it has sequence slots; the rest are not recorded`);
            break;
          }
          slots.set(row, slot + 1);
          entries.push(this.stageEntry(state, change, s, row * SEQ_STRIDE + MAX_CALLS_PER_REQUEST + slot));
        }
      }
      state.position = Math.max(state.position, last);
    }
    return entries;
  }

  private stageEntry(state: JourneyState, change: StageChange, s: number, seq: number): EventRecord {
    const { journey } = state;
    const stage = journey.stages[s];
    const profileId = state.profileIds[change.row] ?? '';
    const times = state.emptyStageTimes();
    state.stageTimes(change.row, times);
    const reachedAt = times.reached[s] ?? this.now();
    const via = journey.touchpoints[times.via[s] ?? -1];
    const cause = change.cause?.event;
    return {
      seq,
      workspaceId: journey.workspaceId,
      profileId,
      event: {
        type: 'track',
        messageId: `journey:${journey.journeyId}:${journey.version}:${stage?.key ?? s}:${profileId}`,
        userId: cause?.userId ?? null,
        anonymousId: cause?.anonymousId ?? null,
        event: STAGE_ENTERED_EVENT,
        name: null,
        properties: {
          journey_id: journey.journeyId,
          journey_name: journey.name,
          journey_version: journey.version,
          stage_key: stage?.key ?? null,
          stage_name: stage?.name ?? null,
          stage_index: s,
          previous_stage_key: journey.stages[s - 1]?.key ?? null,
          touchpoint_id: via?.id ?? null,
          touchpoint_name: via?.name ?? null,
          channel: via?.channel ?? null,
          skipped: !((times.entered[s] ?? NaN) <= reachedAt),
        },
        traits: {},
        context: { library: { name: 'kundresa-journeys', version: '1' } },
        groupId: null,
        previousId: null,
        timestamp: reachedAt,
        originalTimestamp: null,
        sentAt: null,
        receivedAt: this.now(),
      },
    };
  }
}

/** A customer whose furthest stage moved in a batch, and the last call of theirs in it. */
interface StageChange {
  row: number;
  before: number;
  after: number;
  cause: EventRecord | undefined;
}

/** Applies calls and merges in inbox order; returns the customers whose furthest stage moved. */
function applyBatch(state: JourneyState, records: EventRecord[], merges: ProfileMerge[]): StageChange[] {
  const before = new Map<number, number>();
  const cause = new Map<number, EventRecord>();
  const remember = (p: number) => {
    if (!before.has(p)) before.set(p, state.furthestStage(p));
  };
  let m = 0;
  const applyMergesUpTo = (seq: number) => {
    for (; m < merges.length && (merges[m]?.seq ?? 0) <= seq; m++) {
      const merge = merges[m];
      if (!merge) continue;
      const from = state.find(merge.fromProfile);
      if (from === undefined) continue;
      const to = state.resolve(state.profile(merge.toProfile));
      remember(from);
      remember(to);
      state.merge(merge.fromProfile, merge.toProfile);
      // The survivor had already been "at" whatever either side had reached: only new ground is an entry.
      before.set(to, Math.max(before.get(to) ?? -1, before.get(from) ?? -1));
      before.delete(from);
      const c = cause.get(from);
      if (c && !cause.has(to)) cause.set(to, c);
    }
  };
  for (const r of records) {
    applyMergesUpTo(r.seq);
    if (r.event.type === 'track' && r.event.event === STAGE_ENTERED_EVENT) continue;
    const p = state.resolve(state.profile(r.profileId));
    remember(p);
    state.apply(p, r.event.timestamp, viewOfEvent(r.event));
    cause.set(p, r);
  }
  applyMergesUpTo(Number.POSITIVE_INFINITY);
  const changes: StageChange[] = [];
  for (const [p, b] of before) {
    if (state.resolve(p) !== p) continue;
    const after = state.furthestStage(p);
    if (after > b) changes.push({ row: p, before: b, after, cause: cause.get(p) });
  }
  return changes;
}
