import type { AnalyticsCustomers, AnalyticsSchema } from '../../../common/analytics/api.ts';
import type { AttributionQuery, AttributionResult } from '../../../common/analytics/attribution.ts';
import type { FunnelCustomersQuery, FunnelQuery, FunnelResult } from '../../../common/analytics/funnel.ts';
import type { PathsQuery, PathsResult } from '../../../common/analytics/paths.ts';
import type { RetentionQuery, RetentionResult } from '../../../common/analytics/retention.ts';
import type { SessionsQuery, SessionsResult } from '../../../common/analytics/sessions.ts';
import type { TrendsQuery, TrendsResult } from '../../../common/analytics/trends.ts';
import { AppError } from '../../errors.ts';
import type { EventRecord, EventStore, ProfileMerge } from '../../storage/events/event-store.ts';
import type { JourneysService } from '../journeys/journeys.service.ts';
import type { ProfilesRepository } from '../profiles/profiles.repository.ts';
import { AnalyticsIndex, type BuildProgress } from './analytics-index.ts';
import { breakdownInputs, eventNumbers } from './analytics-inputs.ts';
import { attributionKernel } from './attribution-kernel.ts';
import { type CustomerEvents, PAGE } from './customer-events.ts';
import { type MaskContext, matcherMasks } from './event-masks.ts';
import { ScratchBuffers } from './scratch-buffers.ts';
import { funnelCustomersOf, funnelKernel } from './funnel-kernel.ts';
import { touchpointOfEvents } from './journey-channels.ts';
import { pathsKernel } from './paths-kernel.ts';
import { retentionKernel } from './retention-kernel.ts';
import { sessionsKernel } from './sessions-kernel.ts';
import { trendsKernel } from './trends-kernel.ts';

/**
 * The analytics engine of the explorer (docs/analytics.md): per workspace an in-memory,
 * customer-clustered copy of the events (AnalyticsIndex), kept current from the pipeline, that every
 * query kind reads with its kernel. What a query adds (matcher bits, breakdown values, numbers) is
 * computed per query from the columns and, for fields, from the store.
 */
export class AnalyticsService {
  private readonly indexes = new Map<string, AnalyticsIndex>();
  private readonly scratch = new ScratchBuffers();

  constructor(private readonly deps: { events: EventStore; journeys?: JourneysService; profiles?: ProfilesRepository }) {}

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

  funnel(workspaceId: string, q: FunnelQuery): Promise<FunnelResult> {
    return this.withContext(workspaceId, async (ctx) => (await this.runFunnel(ctx, q)).result);
  }

  /** The converted or dropped customers of a funnel step, newest first by the time that put them there. */
  async funnelCustomers(workspaceId: string, q: FunnelCustomersQuery, page: { limit: number; offset: number }): Promise<AnalyticsCustomers> {
    // The outcomes live in leased memory: the customers are copied out of them inside the lease.
    const { customers, times, profileIds } = await this.withContext(workspaceId, async (ctx) => {
      const { outcomes } = await this.runFunnel(ctx, q.funnel);
      return { ...funnelCustomersOf(outcomes, q.step, q.kind, q.group), profileIds: outcomes.profileIds };
    });
    const order = Array.from(customers.keys()).sort((a, b) => (times[b] as number) - (times[a] as number) || (customers[a] as number) - (customers[b] as number));
    const slice = order.slice(page.offset, page.offset + page.limit);
    const ids = slice.map((k) => profileIds[customers[k] as number] as string);
    const summaries = (await this.deps.profiles?.summaries(workspaceId, ids)) ?? new Map();
    return {
      total: customers.length,
      customers: slice.map((k, i) => ({ profileId: ids[i] as string, userId: summaries.get(ids[i] as string)?.userId ?? null, time: times[k] as number })),
      nextCursor: page.offset + page.limit < customers.length ? String(page.offset + page.limit) : null,
    };
  }

  private async runFunnel(ctx: MaskContext, q: FunnelQuery) {
    const stepMasks = await matcherMasks(ctx, q.steps);
    const exclusionMasks = q.exclusions.length > 0 ? await matcherMasks(ctx, q.exclusions.map((e) => e.matcher)) : undefined;
    const groups = await breakdownInputs(ctx, q.breakdown, q.steps.slice(0, 1));
    return funnelKernel(ctx.columns, { stepMasks, exclusionMasks, ...groups }, q, ctx.buffers);
  }

  async paths(workspaceId: string, q: PathsQuery): Promise<PathsResult> {
    const anchor = q.start ?? q.end;
    if (!anchor) throw new AppError(400, 'invalid_field', 'Give start or end.', { field: 'start' });
    return this.withContext(workspaceId, async (ctx) => pathsKernel(ctx.columns, { anchorMask: await matcherMasks(ctx, [anchor]) }, q));
  }

  retention(workspaceId: string, q: RetentionQuery): Promise<RetentionResult> {
    return this.withContext(workspaceId, async (ctx) => {
      const startMask = await matcherMasks(ctx, [q.start]);
      const returnMask = q.return ? await matcherMasks(ctx, [q.return]) : startMask;
      const groups = typeof q.cohortBy === 'object' ? await breakdownInputs(ctx, { kind: 'trait', key: q.cohortBy.trait, limit: q.cohortBy.limit }, []) : {};
      return retentionKernel(ctx.columns, { startMask, returnMask, ...groups }, q);
    });
  }

  trends(workspaceId: string, q: TrendsQuery): Promise<TrendsResult> {
    return this.withContext(workspaceId, async (ctx) => {
      const matchers = q.series.map((s) => s.matcher);
      const seriesMasks = await matcherMasks(ctx, matchers);
      const values = await Promise.all(q.series.map((s) => (s.metric === 'sum' || s.metric === 'average') && s.property ? eventNumbers(ctx, s.property, [s.matcher]) : Promise.resolve(undefined)));
      const groups = await breakdownInputs(ctx, q.breakdown, matchers, { noneAsValue: true });
      return trendsKernel(ctx.columns, { seriesMasks, values, ...groups }, q);
    });
  }

  async sessions(workspaceId: string, q: SessionsQuery): Promise<SessionsResult> {
    return sessionsKernel(await this.columns(workspaceId), q);
  }

  async attribution(workspaceId: string, q: AttributionQuery): Promise<AttributionResult> {
    const definition = typeof q.channel === 'object' ? await this.publishedDefinition(workspaceId, q.channel.journeyId) : null;
    return this.withContext(workspaceId, async (ctx) => {
      const conversionMask = await matcherMasks(ctx, [q.conversion]);
      const revenue = await eventNumbers(ctx, q.revenueProperty, [q.conversion]);
      if (definition === null) return attributionKernel(ctx.columns, { conversionMask, revenue }, q);
      const t = await touchpointOfEvents(ctx, definition);
      return attributionKernel(ctx.columns, { conversionMask, revenue, touchpoint: t.touchpoint, touchpointIds: t.ids, touchpointNames: t.names }, q);
    });
  }

  /** What the query builder offers: event names, page paths, property keys and traits seen, and published journeys. */
  async schema(workspaceId: string): Promise<AnalyticsSchema> {
    const columns = await this.columns(workspaceId);
    const events = await this.deps.events.eventNames(workspaceId);
    const pageCounts = new Map<number, number>();
    for (let i = 0; i < columns.ts.length; i++) {
      const p = columns.path[i] as number;
      if (columns.type[i] === PAGE && p >= 0) pageCounts.set(p, (pageCounts.get(p) ?? 0) + 1);
    }
    const pages = [...pageCounts].sort((a, b) => b[1] - a[1]).slice(0, 500).map(([code, count]) => ({ path: columns.strings[code] ?? '', count }));
    // Keys from a sample of recent events: enough to offer what is there, bounded in cost.
    const sample = await this.deps.events.events({ workspaceId, limit: 2000 });
    const properties = new Map<string, number>();
    const traits = new Map<string, number>();
    const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    for (const e of sample) {
      for (const k of Object.keys(e.properties)) add(properties, `properties.${k}`);
      for (const group of ['campaign', 'page'] as const) {
        const o = e.context[group];
        if (o && typeof o === 'object') for (const k of Object.keys(o)) add(properties, `context.${group}.${k}`);
      }
      if (e.type === 'identify') for (const k of Object.keys(e.traits)) add(traits, k);
      const ct = e.context.traits;
      if (ct && typeof ct === 'object') for (const k of Object.keys(ct)) add(traits, k);
    }
    const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key, count]) => ({ key, count }));
    const journeys = [];
    for (const j of (await this.deps.journeys?.list(workspaceId)) ?? []) {
      if (j.publishedVersion === null) continue;
      const v = await this.deps.journeys?.version(workspaceId, j.id, j.publishedVersion);
      if (v) journeys.push({ id: j.id, name: j.name, stages: v.definition.stages.map((s) => ({ key: s.key, name: s.name })) });
    }
    return { events: events.map((e) => ({ name: e.event, count: e.count })), pages, properties: sorted(properties), traits: sorted(traits), journeys };
  }

  private async publishedDefinition(workspaceId: string, journeyId: string) {
    const journeys = this.deps.journeys;
    if (!journeys) throw new AppError(400, 'invalid_field', 'Journeys are not available here.', { field: 'channel' });
    const j = await journeys.get(workspaceId, journeyId);
    if (j.publishedVersion === null) throw new AppError(400, 'not_published', 'Publish the journey to attribute to its touchpoints.', { field: 'channel' });
    return (await journeys.version(workspaceId, journeyId, j.publishedVersion)).definition;
  }

  /** Runs a query with the columns and scratch memory leased for it: what `run` returns must not hold leased arrays. */
  private async withContext<T>(workspaceId: string, run: (ctx: MaskContext) => Promise<T>): Promise<T> {
    const buffers = this.scratch.lease();
    try {
      return await run({ events: this.deps.events, workspaceId, columns: await this.columns(workspaceId), buffers });
    } finally {
      buffers.release();
    }
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
