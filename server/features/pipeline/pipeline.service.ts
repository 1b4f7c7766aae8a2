import type { StoredEvent } from '../../../common/segment.ts';
import type { EventRecord, EventStore, ProfileMerge } from '../../storage/events/event-store.ts';
import type { StateStore } from '../../storage/state/state-store.ts';
import type { Logger } from '../../logger.ts';
import { IdentityResolver, type ParsedRow, rederiveRecords } from '../identity/identity.service.ts';
import { SEQ_STRIDE } from '../ingestion/inbox.repository.ts';

const STATE_CONSUMER = 'state';

/**
 * Derives events from a micro-batch before it is stored (journey stage entries), so they are stored
 * atomically with the calls that caused them.
 */
export type DeriveEvents = (records: EventRecord[], merges: ProfileMerge[]) => EventRecord[];
/** Told of every micro-batch once the event store has it (events derived ones included), in position order. */
export type OnStored = (records: EventRecord[], merges: ProfileMerge[]) => void;
const BUSY_PAUSE_MS = 50;
const MAX_ROWS_PER_READ = 500;

/**
 * Moves acknowledged calls from the inbox into profiles (state store) and the event log (event store).
 * Each consumer records the inbox position it has applied in the same transaction as its own writes,
 * so a crash at any point replays from each consumer's position: nothing lost, nothing twice.
 */
export class Pipeline {
  private running = false;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private statePosition: number | undefined;
  private eventPosition: number | undefined;
  /** The event-store write of the previous batch, overlapping the state work of the next one. */
  private eventWrite: Promise<void> = Promise.resolve();
  private eventWriteError: unknown;
  /** Steps never run concurrently (the loop and an explicit drain() may both ask). */
  private stepLock: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(processedUpTo: number) => void>();
  private readonly resolver: IdentityResolver;
  private lastIngestAt = 0;
  /** Calls per inbox row in the last read, to size the next one. */
  private callsPerRow = 1;

  constructor(private readonly deps: { state: StateStore; events: EventStore; log: Logger; batchSize?: number; derive?: DeriveEvents; onStored?: OnStored }) {
    this.resolver = new IdentityResolver(deps.state);
  }

  /** Starts the background loop; `wake()` makes it look at the inbox at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await this.eventWrite;
  }

  /** Ingestion calls this for every acknowledged request: new work, and a sign that the API is busy. */
  wake(): void {
    this.lastIngestAt = Date.now();
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  /** Called with the inbox position both stores have reached, after every applied batch. */
  onProgress(listener: (processedUpTo: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many acknowledged requests (inbox rows) are not yet visible in analytics. */
  async lag(): Promise<number> {
    const head = await this.deps.state.db.selectFrom('inbox').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    const eventPos = await this.deps.events.position();
    return Math.max(0, Number(head?.seq ?? 0) - eventPos);
  }

  /** Processes everything in the inbox now (CLI import, tests). */
  async drain(): Promise<void> {
    while ((await this.step()) > 0);
    await this.eventWrite;
    if (this.eventWriteError) throw this.eventWriteError;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let processed = 0;
      const started = performance.now();
      try {
        processed = await this.step();
      } catch (err) {
        this.deps.log.error('pipeline step failed; retrying', err);
        await this.eventWrite;
        this.statePosition = undefined;
        this.eventPosition = undefined;
        this.eventWriteError = undefined;
        this.resolver.reset();
        await sleep(1000);
      }
      if (processed === 0 && this.running) {
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          setTimeout(resolve, 250); // also poll: another process (CLI import) may append
        });
      } else if (Date.now() - this.lastIngestAt < 200) {
        // While ingestion is busy, the pipeline takes at most half of this thread and leaves the CPU to
        // acknowledging events; it catches up when the burst is over (the inbox holds everything).
        // Waiting at least BUSY_PAUSE_MS also lets single-call traffic gather into batches worth a commit.
        await sleep(Math.max(BUSY_PAUSE_MS, performance.now() - started));
      } else {
        await new Promise((r) => setImmediate(r));
      }
    }
  }

  /** One micro-batch (serialised); returns how many calls it handled, 0 when the inbox is drained. */
  step(): Promise<number> {
    const next = this.stepLock.then(() => this.stepUnlocked());
    this.stepLock = next.catch(() => undefined);
    return next;
  }

  /** State first; the event store follows the state position, its write overlapping the next batch. */
  private async stepUnlocked(): Promise<number> {
    const { state, events } = this.deps;
    // Small batches keep each synchronous stretch of SQLite work short, so ingestion p99 stays low.
    const limit = this.deps.batchSize ?? 500;
    if (this.eventWriteError) throw this.eventWriteError;
    this.statePosition ??= await readStatePosition(state);
    if (this.eventPosition === undefined) {
      await this.eventWrite;
      this.eventPosition = await events.position();
      // The event store lags the state store only after a crash between their two commits.
      if (this.eventPosition < this.statePosition) await this.catchUpEvents(this.statePosition);
    }

    const read = await readInbox(state, this.statePosition, limit, this.callsPerRow);
    const { events: rows, last } = read;
    if (last === this.statePosition) return 0;
    this.callsPerRow = read.callsPerRow;
    const result = await this.applyState(rows, last);
    this.statePosition = last;
    await this.eventWrite; // at most one event-store write in flight, in position order
    if (this.eventWriteError) throw this.eventWriteError;
    const derived = this.deps.derive?.(result.records, result.merges) ?? [];
    const toStore = derived.length > 0 ? [...result.records, ...derived] : result.records;
    this.eventWrite = events.apply({ events: toStore, merges: result.merges, position: last }).then(
      () => {
        this.eventPosition = last;
        this.deps.onStored?.(toStore, result.merges);
        for (const l of this.listeners) l(last);
      },
      (err: unknown) => {
        this.eventWriteError = err;
      },
    );
    return Math.max(rows.length, 1);
  }

  /** The state half of a step, in one transaction; the resolver's caches are dropped if it fails. */
  private async applyState(rows: ParsedRow[], last: number) {
    try {
      return await this.deps.state.db.transaction().execute(async (trx) => {
        const r = await this.resolver.resolveBatch(trx, rows);
        await trx
          .insertInto('consumer_positions')
          .values({ name: STATE_CONSUMER, position: last })
          .onConflict((oc) => oc.column('name').doUpdateSet({ position: last }))
          .execute();
        if (r.merges.length > 0) await trx.insertInto('profile_merges').values(r.merges.map((m) => ({ seq: m.seq, workspace_id: m.workspaceId, from_profile: m.fromProfile, to_profile: m.toProfile }))).execute();
        return r;
      });
    } catch (err) {
      this.resolver.reset();
      throw err;
    }
  }

  private async catchUpEvents(upTo: number): Promise<void> {
    const { state, events, log } = this.deps;
    let from = this.eventPosition ?? 0;
    log.info(`event store behind state store (${from} < ${upTo}); replaying`);
    while (from < upTo) {
      const read = await readInbox(state, from, 5000, this.callsPerRow);
      const rows = read.events.filter((r) => r.seq < (upTo + 1) * SEQ_STRIDE);
      const last = Math.min(read.last, upTo);
      if (last === from) break;
      const records = await rederiveRecords(state.db, rows);
      // Merges are recorded at event positions; inbox row `last` covers positions below (last + 1) * SEQ_STRIDE.
      const mergeRows = await state.db.selectFrom('profile_merges').selectAll().where('seq', '>=', (from + 1) * SEQ_STRIDE).where('seq', '<', (last + 1) * SEQ_STRIDE).orderBy('seq').execute();
      const merges = mergeRows.map((m) => ({ seq: Number(m.seq), workspaceId: m.workspace_id, fromProfile: m.from_profile, toProfile: m.to_profile }));
      const derived = this.deps.derive?.(records, merges) ?? [];
      const toStore = derived.length > 0 ? [...records, ...derived] : records;
      await events.apply({ events: toStore, merges, position: last });
      this.deps.onStored?.(toStore, merges);
      from = last;
    }
    this.eventPosition = upTo;
  }
}

async function readStatePosition(state: StateStore): Promise<number> {
  const row = await state.db.selectFrom('consumer_positions').select('position').where('name', '=', STATE_CONSUMER).executeTakeFirst();
  return row?.position ?? 0;
}

/**
 * Reads inbox rows after a position until about `maxEvents` calls; returns them and the last row's
 * position. `callsPerRow` (what recent rows held) sizes the read: a row is one request, which may
 * carry one call or hundreds.
 */
async function readInbox(state: StateStore, after: number, maxEvents: number, callsPerRow = 1): Promise<{ events: ParsedRow[]; last: number; callsPerRow: number }> {
  // Capped: a wrong estimate must not pull hundreds of megabytes of large batches into memory.
  const rowLimit = Math.min(MAX_ROWS_PER_READ, Math.max(1, Math.ceil(maxEvents / Math.max(1, callsPerRow))));
  const rows = await state.db.selectFrom('inbox').select(['seq', 'workspace_id', 'payload']).where('seq', '>', after).orderBy('seq').limit(rowLimit).execute();
  const events: ParsedRow[] = [];
  let last = after;
  let rowsRead = 0;
  for (const r of rows) {
    const inboxSeq = Number(r.seq);
    rowsRead += 1;
    const calls = JSON.parse(r.payload) as StoredEvent[];
    calls.forEach((event, i) => events.push({ seq: inboxSeq * SEQ_STRIDE + i, workspaceId: r.workspace_id, event }));
    last = inboxSeq;
    if (events.length >= maxEvents) break;
  }
  return { events, last, callsPerRow: rowsRead > 0 ? events.length / rowsRead : callsPerRow };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
