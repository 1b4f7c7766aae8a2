import type { JourneyAnalytics, JourneyCustomer, MapVsReality, ProfileJourney, RulePreview } from '../../../common/journeys/api.ts';
import type { MatchRule } from '../../../common/journeys/model.ts';
import { compileRule, viewOfEvent } from '../../../common/journeys/rule-matcher.ts';
import { AppError } from '../../errors.ts';
import type { EventStore } from '../../storage/events/event-store.ts';
import type { ProfilesRepository } from '../profiles/profiles.repository.ts';
import { customersBehind, journeyAnalytics } from './journey-analytics.ts';
import type { JourneyEngine } from './journey-engine.ts';
import type { JourneyState } from './journey-state.ts';
import type { JourneysService } from './journeys.service.ts';
import { ScanView } from './scan-view.ts';

const DAY = 86_400_000;
/** Map versus reality reads the events of at most this many customers. */
const REALITY_SAMPLE = 500;
/** Analytics answers kept per live journey state (periods, personas, breakdowns of the open dashboards). */
const ANSWERS_KEPT = 32;

/** The live numbers of journeys: map analytics, the customers behind them, map vs reality, rule previews. */
export class JourneyInsights {
  constructor(private readonly deps: { journeys: JourneysService; engine: JourneyEngine; events: EventStore; profiles: ProfilesRepository; now?: () => number }) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private async liveState(workspaceId: string, id: string): Promise<JourneyState> {
    const j = await this.deps.journeys.find(workspaceId, id);
    const state = this.deps.engine.state(j.id);
    if (!state) {
      const status = this.deps.engine.status(j.id);
      if (status?.state === 'running') throw new AppError(409, 'recomputing', `The first version is being computed (${status.processed} of ${status.total} events); try again in a moment.`, { recompute: status });
      throw new AppError(404, 'not_published', 'Publish the journey to see its analytics.');
    }
    return state;
  }

  /** The period of a request: [from, to), 30 days up to now by default. */
  period(from: number | undefined, to: number | undefined): { from: number; to: number } {
    const end = to ?? this.now();
    const start = from ?? end - 30 * DAY;
    if (start >= end) throw new AppError(400, 'invalid_field', 'from must be before to.', { field: 'from' });
    return { from: start, to: end };
  }

  private personaIndex(state: JourneyState, persona: string | undefined): number | undefined {
    if (persona === undefined || persona === '') return undefined;
    const i = state.journey.personas.findIndex((p) => p.id === persona);
    if (i < 0) throw new AppError(400, 'invalid_field', `persona: the published version has no persona ${persona}.`, { field: 'persona' });
    return i;
  }

  async analytics(workspaceId: string, id: string, q: { from?: number; to?: number; persona?: string; breakdown?: string; stuckDays: number; compare: boolean }): Promise<JourneyAnalytics> {
    const state = await this.liveState(workspaceId, id);
    const { from, to } = this.period(q.from, q.to);
    const persona = this.personaIndex(state, q.persona);
    const stuckMs = q.stuckDays * DAY;
    // The numbers are a function of the state and the query, except trait breakdowns (the profile store's current traits).
    const key = q.breakdown?.startsWith('trait:') ? null : JSON.stringify([from, to, persona ?? null, q.breakdown ?? null, stuckMs, q.compare]);
    let numbers = key === null ? undefined : this.cached(state, key);
    if (!numbers) {
      const fresh = await this.computeAnalytics(workspaceId, state, { from, to, persona, stuckMs, breakdown: q.breakdown, compare: q.compare });
      if (key !== null) this.remember(state, key, fresh);
      numbers = fresh.numbers;
    }
    // The recompute's progress is live, never cached.
    return { ...numbers, recompute: this.deps.engine.status(state.journey.journeyId) };
  }

  /**
   * Recent analytics answers per live state, valid while the state has not changed since (the map
   * polls every few seconds, and between most polls nothing does).
   */
  private readonly answers = new WeakMap<JourneyState, { changes: number; position: number; byQuery: Map<string, JourneyAnalytics> }>();

  private cached(state: JourneyState, key: string): JourneyAnalytics | undefined {
    const entry = this.answers.get(state);
    if (!entry || entry.changes !== state.changes || entry.position !== state.position) return undefined;
    return entry.byQuery.get(key);
  }

  /** Keeps an answer computed when the state was at (changes, position). */
  private remember(state: JourneyState, key: string, answer: { changes: number; position: number; numbers: JourneyAnalytics }): void {
    let entry = this.answers.get(state);
    if (!entry || entry.changes !== answer.changes || entry.position !== answer.position) {
      if (state.changes !== answer.changes || state.position !== answer.position) return; // already outdated
      entry = { changes: answer.changes, position: answer.position, byQuery: new Map() };
      this.answers.set(state, entry);
    }
    if (entry.byQuery.size >= ANSWERS_KEPT) entry.byQuery.delete(entry.byQuery.keys().next().value ?? '');
    entry.byQuery.set(key, answer.numbers);
  }

  private async computeAnalytics(
    workspaceId: string,
    state: JourneyState,
    q: { from: number; to: number; persona: number | undefined; stuckMs: number; breakdown: string | undefined; compare: boolean },
  ): Promise<{ changes: number; position: number; numbers: JourneyAnalytics }> {
    const { from, to, persona, stuckMs } = q;
    const grouping = q.breakdown ? await this.grouping(workspaceId, state, q.breakdown) : undefined;
    // Synchronous from here: the numbers are of one state (the pipeline cannot apply a batch in between).
    const changes = state.changes;
    const position = state.position;
    const main = journeyAnalytics(state, { from, to, stuckMs, persona, groupOf: grouping?.groupOf, groupBy: grouping?.by });
    let previous: JourneyAnalytics['previous'] = null;
    if (q.compare) {
      const prev = journeyAnalytics(state, { from: from - (to - from), to: from, stuckMs, persona });
      previous = { from: from - (to - from), to: from, ...prev.total };
    }
    const numbers: JourneyAnalytics = {
      journeyId: state.journey.journeyId,
      version: state.journey.version,
      from,
      to,
      asOf: position,
      recompute: null,
      ...main.total,
      previous,
      breakdown: q.breakdown ? { by: q.breakdown, groups: main.groups } : null,
    };
    return { changes, position, numbers };
  }

  /** The group of each customer for a breakdown, and what it depends on (the customer, or the touchpoint). */
  private async grouping(workspaceId: string, state: JourneyState, by: string): Promise<{ groupOf: (p: number, touchpoint: number) => string | null; by: 'customer' | 'touchpoint' }> {
    const { journey } = state;
    if (by === 'channel') return { groupOf: (_p, t) => journey.touchpoints[t]?.channel ?? null, by: 'touchpoint' };
    const utm = { utm_source: 0, utm_medium: 1, utm_campaign: 2 }[by];
    if (utm !== undefined) return { groupOf: (p) => state.string(state.acq[p * 3 + utm] ?? -1), by: 'customer' };
    if (by === 'persona') {
      // A customer may fit several personas; the breakdown puts them under the first that fits.
      return {
        groupOf: (p) => {
          for (let i = 0; i < journey.personas.length; i++) if (state.inPersona(p, i)) return journey.personas[i]?.name ?? null;
          return null;
        },
        by: 'customer',
      };
    }
    if (by === 'cohort') {
      return {
        groupOf: (p) => {
          const t = state.firstSeen[p] ?? NaN;
          return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 7);
        },
        by: 'customer',
      };
    }
    if (by.startsWith('trait:')) {
      const values = await this.deps.profiles.traitValues(workspaceId, by.slice('trait:'.length));
      return { groupOf: (p) => values.get(state.profileIds[p] ?? '') ?? null, by: 'customer' };
    }
    throw new AppError(400, 'invalid_field', `breakdown: unknown breakdown ${by}.`, { field: 'breakdown' });
  }

  /** The customers behind one number of the map. */
  async customers(
    workspaceId: string,
    id: string,
    q: { metric: string; stage?: string; touchpoint?: string; from?: number; to?: number; persona?: string; breakdown?: string; group?: string; stuckDays: number; limit: number; offset: number },
  ): Promise<{ total: number; customers: JourneyCustomer[] }> {
    const state = await this.liveState(workspaceId, id);
    const { from, to } = this.period(q.from, q.to);
    const { journey } = state;
    let stageIndex = -1;
    let touchpoint = -1;
    if (q.metric === 'touchpoint') {
      touchpoint = journey.touchpoints.findIndex((t) => t.id === q.touchpoint);
      if (touchpoint < 0) throw new AppError(400, 'invalid_field', 'touchpoint: no touchpoint of the published version has this id.', { field: 'touchpoint' });
    } else {
      stageIndex = journey.stages.findIndex((s) => s.key === q.stage);
      if (stageIndex < 0) throw new AppError(400, 'invalid_field', 'stage: no stage of the published version has this key.', { field: 'stage' });
    }
    const persona = this.personaIndex(state, q.persona);
    let all = customersBehind(state, { metric: q.metric, stageIndex, touchpoint, from, to, stuckMs: q.stuckDays * DAY, persona });
    if (q.breakdown && q.group !== undefined) all = await this.inGroup(workspaceId, state, all, { ...q, breakdown: q.breakdown, group: q.group, from, to, stageIndex, touchpoint, persona });
    const page = all.slice(q.offset, q.offset + q.limit);
    const ids = page.map((c) => state.profileIds[c.profile] ?? '');
    const summaries = await this.deps.profiles.summaries(workspaceId, ids);
    const customers = page.map((c, i): JourneyCustomer => {
      const s = summaries.get(ids[i] ?? '');
      const traits = s?.traits ?? {};
      const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
      const name = text(traits.name) ?? ([text(traits.firstName) ?? text(traits.first_name), text(traits.lastName) ?? text(traits.last_name)].filter(Boolean).join(' ') || null);
      return { profileId: ids[i] ?? '', userId: s?.userId ?? null, email: text(traits.email), name, currentStage: journey.stages[c.furthest]?.key ?? null, enteredAt: c.time };
    });
    return { total: all.length, customers };
  }

  /**
   * Keeps the customers of one breakdown group, grouped the way the analytics group them: by the
   * touchpoint that brought them to the stage (the previous stage for conversions), top groups by name,
   * the rest as "(other)".
   */
  private async inGroup<T extends { profile: number }>(
    workspaceId: string,
    state: JourneyState,
    customers: T[],
    q: { metric: string; breakdown: string; group: string; from: number; to: number; stageIndex: number; touchpoint: number; persona?: number; stuckDays: number },
  ): Promise<T[]> {
    const { groupOf, by } = await this.grouping(workspaceId, state, q.breakdown);
    const top = new Set(journeyAnalytics(state, { from: q.from, to: q.to, stuckMs: q.stuckDays * DAY, persona: q.persona, groupOf, groupBy: by }).groups.map((g) => g.value));
    const times = state.emptyStageTimes();
    const viaStage = q.metric === 'converted' || q.metric === 'dropped' ? q.stageIndex - 1 : q.stageIndex;
    return customers.filter((c) => {
      let t = q.touchpoint;
      if (q.metric !== 'touchpoint') {
        state.stageTimes(c.profile, times);
        t = times.via[viaStage] ?? -1;
      }
      const value = groupOf(c.profile, t) ?? '(none)';
      return (top.has(value) ? value : '(other)') === q.group;
    });
  }

  /** One customer's position in every published journey of the workspace. */
  async profileJourneys(workspaceId: string, profileId: string): Promise<ProfileJourney[]> {
    const out: ProfileJourney[] = [];
    for (const j of await this.deps.journeys.list(workspaceId)) {
      const state = this.deps.engine.state(j.id);
      if (!state) continue;
      const { journey } = state;
      const p = state.find(profileId);
      const times = state.emptyStageTimes();
      if (p !== undefined) state.stageTimes(p, times);
      let current: string | null = null;
      const stages = journey.stages.map((s, i) => {
        const reachedAt = times.reached[i] ?? NaN;
        const enteredAt = times.entered[i] ?? NaN;
        if (!Number.isNaN(reachedAt)) current = s.key;
        return { key: s.key, name: s.name, reachedAt: nan(reachedAt), enteredAt: nan(enteredAt), skipped: !Number.isNaN(reachedAt) && !(enteredAt <= reachedAt) };
      });
      const touchpoints = journey.touchpoints.map((t) => ({
        id: t.id,
        name: t.name,
        stageKey: journey.stages[t.stageIndex]?.key ?? '',
        channel: t.channel,
        // An nth rule matches one event: the nth (as in the map's touchpoint numbers).
        events: p === undefined ? 0 : t.rule.nth > 1 ? (Number.isNaN(state.tpTime[p * state.T + t.index] ?? NaN) ? 0 : 1) : (state.tpCount[p * state.T + t.index] ?? 0),
        firstAt: p === undefined ? null : nan(state.tpTime[p * state.T + t.index] ?? NaN),
      }));
      const personas = p === undefined ? [] : journey.personas.filter((_, i) => state.inPersona(p, i)).map((x) => x.id);
      out.push({ journeyId: j.id, name: journey.name, version: journey.version, currentStage: current, stages, touchpoints, personas });
    }
    return out;
  }

  /** "Matches N events from M customers in the last D days" for a rule being edited. */
  async previewRule(workspaceId: string, rule: MatchRule, days: number): Promise<RulePreview> {
    const compiled = compileRule(rule);
    const to = this.now();
    const from = to - days * DAY;
    let events = 0;
    const customers = new Set<number>();
    // An nth rule matches a customer's nth matching event of all time: scan all of it, keep the n earliest.
    const earliest = new Map<number, number[]>();
    const nth = compiled.nth;
    await this.deps.events.scan({
      workspaceId,
      paths: compiled.paths,
      labels: compiled.labels,
      since: nth === 1 ? from : undefined,
      onBatch: (b) => {
        const view = new ScanView(b, compiled.paths, compiled.labels);
        for (let i = 0; i < b.length; i++) {
          view.at(i);
          if (!compiled.test(view)) continue;
          const p = b.profile[i] ?? 0;
          const ts = b.ts[i] ?? 0;
          if (nth === 1) {
            if (ts < to) {
              events++;
              customers.add(p);
            }
            continue;
          }
          const list = earliest.get(p) ?? [];
          list.push(ts);
          list.sort((x, y) => x - y);
          if (list.length > nth) list.length = nth;
          earliest.set(p, list);
        }
      },
    });
    for (const [p, list] of earliest) {
      const t = list[nth - 1];
      if (t !== undefined && t >= from && t < to) {
        events++;
        customers.add(p);
      }
    }
    return { events, customers: customers.size, from, to };
  }

  /** Unused touchpoints, and the most frequent unmapped event sequences between two stages. */
  async reality(workspaceId: string, id: string, q: { from?: number; to?: number; fromStage?: string; toStage?: string }): Promise<MapVsReality> {
    const state = await this.liveState(workspaceId, id);
    const { from, to } = this.period(q.from, q.to);
    const { journey } = state;
    const analytics = journeyAnalytics(state, { from, to, stuckMs: 14 * DAY });
    const unusedTouchpoints = analytics.total.touchpoints
      .filter((t) => t.events === 0)
      .map((t) => ({ id: t.id, name: t.name, stageKey: t.stageKey, channel: t.channel }));
    const a = q.fromStage ? journey.stages.findIndex((s) => s.key === q.fromStage) : 0;
    const b = q.toStage ? journey.stages.findIndex((s) => s.key === q.toStage) : a + 1;
    if (a < 0 || b < 0) throw new AppError(400, 'invalid_field', 'fromStage/toStage: no stage of the published version has this key.', { field: q.fromStage && a < 0 ? 'fromStage' : 'toStage' });
    if (b <= a || b >= journey.stages.length) return { version: journey.version, unusedTouchpoints, fromStage: journey.stages[a]?.key ?? null, toStage: null, sampledCustomers: 0, sequences: [] };

    // Customers who made the step in the period: their events between the two stage times.
    const converted = customersBehind(state, { metric: 'reached', stageIndex: b, touchpoint: -1, from, to, stuckMs: 0 });
    const times = state.emptyStageTimes();
    const windows = new Map<string, { start: number; end: number }>();
    for (const c of converted) {
      state.stageTimes(c.profile, times);
      const start = times.reached[a] ?? NaN;
      const end = times.reached[b] ?? NaN;
      if (Number.isNaN(start) || !(end > start)) continue;
      windows.set(state.profileIds[c.profile] ?? '', { start, end });
      if (windows.size >= REALITY_SAMPLE) break;
    }
    let minStart = Infinity;
    let maxEnd = -Infinity;
    for (const w of windows.values()) {
      minStart = Math.min(minStart, w.start);
      maxEnd = Math.max(maxEnd, w.end);
    }
    const rows = windows.size === 0 ? [] : await this.deps.events.eventsOfProfiles({ workspaceId, profileIds: [...windows.keys()], from: minStart, to: maxEnd + 1, limit: 200_000 });
    const sequences = new Map<string, { steps: string[]; customers: number }>();
    let current: string | null = null;
    let steps: string[] = [];
    const flush = () => {
      if (current === null) return;
      const key = JSON.stringify(steps);
      const entry = sequences.get(key) ?? { steps, customers: 0 };
      entry.customers++;
      sequences.set(key, entry);
    };
    for (const e of rows) {
      if (e.profileId !== current) {
        flush();
        current = e.profileId;
        steps = [];
      }
      const w = windows.get(e.profileId);
      if (!w || e.timestamp <= w.start || e.timestamp >= w.end) continue;
      const view = viewOfEvent(e);
      if (view.label === null || !['track', 'page', 'screen'].includes(e.type)) continue;
      // Events a touchpoint describes are on the map already; the "any event" touchpoint describes nothing specific.
      const described = journey.touchpoints.some((t) => t.rule.labels.length > 0 && t.rule.test(view));
      if (described) continue;
      const label = e.type === 'track' ? view.label : `${e.type}: ${view.label}`;
      if (steps[steps.length - 1] !== label && steps.length < 8) steps.push(label);
    }
    flush();
    const total = windows.size;
    const list = [...sequences.values()]
      .filter((s) => s.steps.length > 0)
      .sort((x, y) => y.customers - x.customers || x.steps.join('>').localeCompare(y.steps.join('>')))
      .slice(0, 10)
      .map((s) => ({ steps: s.steps, customers: s.customers, share: total === 0 ? 0 : s.customers / total }));
    return { version: journey.version, unusedTouchpoints, fromStage: journey.stages[a]?.key ?? null, toStage: journey.stages[b]?.key ?? null, sampledCustomers: total, sequences: list };
  }
}

const nan = (x: number): number | null => (Number.isNaN(x) ? null : x);
