import type { EventRecord, EventStore, ProfileMerge } from '../../storage/events/event-store.ts';
import { AnalyticsIndex, type BuildProgress } from './analytics-index.ts';
import type { CustomerEvents } from './customer-events.ts';

/**
 * The analytics engine of the explorer (docs/analytics.md): per workspace an in-memory,
 * customer-clustered copy of the events (AnalyticsIndex), kept current from the pipeline, that every
 * query kind reads with its kernel.
 */
export class AnalyticsService {
  private readonly indexes = new Map<string, AnalyticsIndex>();

  constructor(private readonly deps: { events: EventStore }) {}

  /** The pipeline's `onStored`: every stored micro-batch, for the indexes already built or building. */
  observe(records: readonly EventRecord[], merges: readonly ProfileMerge[]): void {
    for (const index of this.indexes.values()) index.observe(records, merges);
  }

  /** A workspace's events as the kernels read them, current as of now (built on first use). */
  columns(workspaceId: string): Promise<CustomerEvents> {
    return this.index(workspaceId).current();
  }

  /** How far the first build of a workspace's engine is (the dashboard shows it while a query waits). */
  progress(workspaceId: string): BuildProgress | null {
    return this.indexes.get(workspaceId)?.progress ?? null;
  }

  private index(workspaceId: string): AnalyticsIndex {
    let index = this.indexes.get(workspaceId);
    if (!index) {
      index = new AnalyticsIndex({ events: this.deps.events, workspaceId });
      this.indexes.set(workspaceId, index);
    }
    return index;
  }
}
