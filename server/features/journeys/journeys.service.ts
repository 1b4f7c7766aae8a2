import crypto from 'node:crypto';
import type { z } from 'zod';
import type {
  CreateJourneyBody,
  CreateMessageBody,
  CreatePersonaBody,
  CreateStageBody,
  CreateTouchpointBody,
  Journey,
  JourneySummary,
  UpdateJourneyBody,
  UpdateMessageBody,
  UpdatePersonaBody,
  UpdateStageBody,
  UpdateTouchpointBody,
  VersionChange,
  VersionDiff,
} from '../../../common/journeys/api.ts';
import { DEFAULT_CHANNEL_KIND, JourneyDefinition, type Locale } from '../../../common/journeys/model.ts';
import { journeyTemplate } from '../../../common/journeys/templates.ts';
import { AppError, parseOr400 } from '../../errors.ts';
import { compileJourney } from './compiled-journey.ts';
import type { JourneyEngine } from './journey-engine.ts';
import type { JourneyRecord, JourneysRepository } from './journeys.repository.ts';

type Def = JourneyDefinition;

/** Journey maps: create (blank, template, import), edit the draft part by part, publish, compare versions. */
export class JourneysService {
  constructor(private readonly deps: { repo: JourneysRepository; engine: JourneyEngine; now?: () => number }) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Loads every published journey into the engine (at start, before the pipeline runs). */
  async loadPublished(): Promise<void> {
    const compiled = [];
    for (const j of await this.deps.repo.published()) {
      const v = j.publishedVersion === null ? undefined : await this.deps.repo.version(j.id, j.publishedVersion);
      if (v) compiled.push(compileJourney({ journeyId: j.id, workspaceId: j.workspaceId, name: v.name, version: v.version, definition: v.definition }));
    }
    await this.deps.engine.load(compiled);
  }

  async list(workspaceId: string): Promise<JourneySummary[]> {
    const out: JourneySummary[] = [];
    for (const j of await this.deps.repo.list(workspaceId)) out.push(await this.summary(j));
    return out;
  }

  async get(workspaceId: string, id: string): Promise<Journey> {
    const j = await this.find(workspaceId, id);
    return { ...(await this.summary(j)), locale: j.locale, definition: j.definition, versions: await this.deps.repo.versions(j.id) };
  }

  async find(workspaceId: string, id: string): Promise<JourneyRecord> {
    const j = await this.deps.repo.get(workspaceId, id);
    if (!j) throw new AppError(404, 'journey_not_found', 'No journey has this id in this workspace.');
    return j;
  }

  private async summary(j: JourneyRecord): Promise<JourneySummary> {
    let changed = j.publishedVersion === null;
    if (j.publishedVersion !== null) {
      const v = await this.deps.repo.version(j.id, j.publishedVersion);
      changed = !v || JSON.stringify(v.definition) !== JSON.stringify(j.definition) || v.name !== j.name;
    }
    return {
      id: j.id,
      name: j.name,
      description: j.description,
      owner: j.owner,
      status: j.publishedVersion === null ? 'draft' : 'published',
      publishedVersion: j.publishedVersion,
      hasUnpublishedChanges: changed,
      stageCount: j.definition.stages.length,
      createdAt: j.createdAt,
      updatedAt: j.updatedAt,
      recompute: this.deps.engine.status(j.id),
    };
  }

  /** Creates a journey from a template, or blank, or from an imported definition. */
  async create(workspaceId: string, body: z.output<typeof CreateJourneyBody>): Promise<Journey> {
    const at = this.now();
    let fields: { name: string; description: string; owner: string; locale: Locale; definition: Def };
    if ('template' in body) {
      const t = journeyTemplate(body.template, body.locale);
      fields = { name: body.name ?? t.name, description: t.description, owner: '', locale: body.locale, definition: t.definition };
    } else {
      fields = { name: body.name, description: body.description, owner: body.owner, locale: body.locale, definition: parseDefinition(body.definition ?? {}) };
    }
    const j: JourneyRecord = { id: newId('jr'), workspaceId, ...fields, publishedVersion: null, createdAt: at, updatedAt: at };
    await this.deps.repo.insert(j);
    return this.get(workspaceId, j.id);
  }

  async update(workspaceId: string, id: string, body: z.output<typeof UpdateJourneyBody>): Promise<Journey> {
    const j = await this.find(workspaceId, id);
    if (body.name !== undefined) j.name = body.name;
    if (body.description !== undefined) j.description = body.description;
    if (body.owner !== undefined) j.owner = body.owner;
    if (body.definition !== undefined) j.definition = parseDefinition(body.definition);
    return this.save(j);
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    if (!(await this.deps.repo.delete(workspaceId, id))) throw new AppError(404, 'journey_not_found', 'No journey has this id in this workspace.');
    this.deps.engine.remove(id);
  }

  /** Applies an edit to the draft definition, validates the result and stores it. */
  private async edit(workspaceId: string, id: string, change: (d: Def) => void): Promise<Journey> {
    const j = await this.find(workspaceId, id);
    const draft = structuredClone(j.definition);
    change(draft);
    j.definition = parseDefinition(draft);
    return this.save(j);
  }

  private async save(j: JourneyRecord): Promise<Journey> {
    j.updatedAt = this.now();
    await this.deps.repo.update(j);
    return this.get(j.workspaceId, j.id);
  }

  addStage(ws: string, id: string, body: z.output<typeof CreateStageBody>): Promise<Journey> {
    return this.edit(ws, id, (d) => {
      const { index, ...stage } = body;
      const at = Math.min(index ?? d.stages.length, d.stages.length);
      d.stages.splice(at, 0, { ...stage, id: stage.id ?? newId('st'), touchpoints: stage.touchpoints.map((t) => ({ ...t, id: t.id || newId('tp') })) });
    });
  }

  updateStage(ws: string, id: string, stageId: string, body: z.output<typeof UpdateStageBody>): Promise<Journey> {
    return this.edit(ws, id, (d) => {
      const i = indexOf(d.stages, stageId, 'stage');
      const { index, ...fields } = body;
      const stage = { ...(d.stages[i] as Def['stages'][number]), ...stripUndefined(fields) };
      d.stages.splice(i, 1);
      d.stages.splice(Math.min(index ?? i, d.stages.length), 0, stage);
    });
  }

  deleteStage(ws: string, id: string, stageId: string): Promise<Journey> {
    return this.edit(ws, id, (d) => {
      d.stages.splice(indexOf(d.stages, stageId, 'stage'), 1);
      d.messages = d.messages.filter((m) => m.stageId !== stageId);
    });
  }

  addTouchpoint(ws: string, id: string, stageId: string, body: z.output<typeof CreateTouchpointBody>): Promise<Journey> {
    return this.edit(ws, id, (d) => {
      const stage = d.stages[indexOf(d.stages, stageId, 'stage')];
      stage?.touchpoints.push({ ...body, id: body.id ?? newId('tp'), kind: body.kind ?? DEFAULT_CHANNEL_KIND[body.channel] });
    });
  }

  updateTouchpoint(ws: string, id: string, touchpointId: string, body: z.output<typeof UpdateTouchpointBody>): Promise<Journey> {
    return this.edit(ws, id, (d) => {
      const { stage, index } = findTouchpoint(d, touchpointId);
      const { stageId, ...fields } = body;
      const tp = { ...(stage.touchpoints[index] as Def['stages'][number]['touchpoints'][number]), ...stripUndefined(fields) };
      if (fields.channel !== undefined && fields.kind === undefined) tp.kind = DEFAULT_CHANNEL_KIND[fields.channel];
      stage.touchpoints.splice(index, 1);
      const target = stageId === undefined ? stage : d.stages[indexOf(d.stages, stageId, 'stage')];
      if (target === stage) stage.touchpoints.splice(index, 0, tp);
      else target?.touchpoints.push(tp);
    });
  }

  deleteTouchpoint(ws: string, id: string, touchpointId: string): Promise<Journey> {
    return this.edit(ws, id, (d) => {
      const { stage, index } = findTouchpoint(d, touchpointId);
      stage.touchpoints.splice(index, 1);
    });
  }

  addPersona(ws: string, id: string, body: z.output<typeof CreatePersonaBody>): Promise<Journey> {
    return this.edit(ws, id, (d) => void d.personas.push({ ...body, id: body.id ?? newId('pe') }));
  }

  updatePersona(ws: string, id: string, personaId: string, body: z.output<typeof UpdatePersonaBody>): Promise<Journey> {
    return this.edit(ws, id, (d) => {
      const i = indexOf(d.personas, personaId, 'persona');
      d.personas[i] = { ...(d.personas[i] as Def['personas'][number]), ...stripUndefined(body) };
    });
  }

  deletePersona(ws: string, id: string, personaId: string): Promise<Journey> {
    return this.edit(ws, id, (d) => void d.personas.splice(indexOf(d.personas, personaId, 'persona'), 1));
  }

  addMessage(ws: string, id: string, body: z.output<typeof CreateMessageBody>): Promise<Journey> {
    return this.edit(ws, id, (d) => void d.messages.push({ ...body, id: body.id ?? newId('ms') }));
  }

  updateMessage(ws: string, id: string, messageId: string, body: z.output<typeof UpdateMessageBody>): Promise<Journey> {
    return this.edit(ws, id, (d) => {
      const i = indexOf(d.messages, messageId, 'message');
      d.messages[i] = { ...(d.messages[i] as Def['messages'][number]), ...stripUndefined(body) };
    });
  }

  deleteMessage(ws: string, id: string, messageId: string): Promise<Journey> {
    return this.edit(ws, id, (d) => void d.messages.splice(indexOf(d.messages, messageId, 'message'), 1));
  }

  /** Freezes the draft as a new version and starts recomputing customer state for it in the background. */
  async publish(workspaceId: string, id: string): Promise<{ version: number }> {
    const j = await this.find(workspaceId, id);
    if (j.definition.stages.length === 0) throw new AppError(400, 'empty_journey', 'Add at least one stage before publishing.');
    const version = await this.deps.repo.publish(j, this.now());
    void this.deps.engine.activate(compileJourney({ journeyId: j.id, workspaceId, name: j.name, version, definition: j.definition }));
    return { version };
  }

  async version(workspaceId: string, id: string, version: number) {
    const j = await this.find(workspaceId, id);
    const v = await this.deps.repo.version(j.id, version);
    if (!v) throw new AppError(404, 'version_not_found', `Journey has no version ${version}.`);
    return { version: v.version, name: v.name, publishedAt: v.publishedAt, definition: v.definition };
  }

  /** What changed between two versions (0 or omitted `to`: the draft). */
  async diff(workspaceId: string, id: string, from: number, to: number | undefined): Promise<VersionDiff> {
    const j = await this.find(workspaceId, id);
    const a = await this.deps.repo.version(j.id, from);
    if (!a) throw new AppError(404, 'version_not_found', `Journey has no version ${from}.`);
    let b: { name: string; definition: Def } = { name: j.name, definition: j.definition };
    if (to !== undefined && to > 0) {
      const v = await this.deps.repo.version(j.id, to);
      if (!v) throw new AppError(404, 'version_not_found', `Journey has no version ${to}.`);
      b = v;
    }
    return { from, to: to ?? 0, changes: diffDefinitions({ name: a.name, definition: a.definition }, b) };
  }
}

/** Validates a definition from a client; errors name the field. */
export function parseDefinition(value: unknown): Def {
  return parseOr400(JourneyDefinition, value, { where: 'definition', code: 'invalid_journey' });
}

/** Lists what was added, removed, changed or moved between two definitions. */
export function diffDefinitions(a: { name: string; definition: Def }, b: { name: string; definition: Def }): VersionChange[] {
  const changes: VersionChange[] = [];
  if (a.name !== b.name) changes.push({ kind: 'changed', entity: 'journey', id: '', name: b.name, fields: ['name'] });
  const compare = <T extends { id: string; name: string }>(entity: VersionChange['entity'], xs: T[], ys: T[], ignore: string[] = []) => {
    const before = new Map(xs.map((x, i) => [x.id, { x, i }]));
    const after = new Map(ys.map((y, i) => [y.id, { y, i }]));
    for (const [idKey, { x }] of before) if (!after.has(idKey)) changes.push({ kind: 'removed', entity, id: idKey, name: x.name });
    for (const [idKey, { y, i }] of after) {
      const prev = before.get(idKey);
      if (!prev) {
        changes.push({ kind: 'added', entity, id: idKey, name: y.name });
        continue;
      }
      const fields = Object.keys({ ...prev.x, ...y }).filter((k) => !ignore.includes(k) && JSON.stringify((prev.x as Record<string, unknown>)[k]) !== JSON.stringify((y as Record<string, unknown>)[k]));
      if (fields.length > 0) changes.push({ kind: 'changed', entity, id: idKey, name: y.name, fields });
      if (entity === 'stage' && prev.i !== i) changes.push({ kind: 'moved', entity, id: idKey, name: y.name });
    }
  };
  compare('stage', a.definition.stages, b.definition.stages, ['touchpoints']);
  const tps = (d: Def) => d.stages.flatMap((s) => s.touchpoints.map((t) => ({ ...t, stageId: s.id })));
  compare('touchpoint', tps(a.definition), tps(b.definition));
  compare('persona', a.definition.personas, b.definition.personas);
  compare('message', a.definition.messages, b.definition.messages);
  return changes;
}

function newId(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(5).toString('hex')}`;
}

function indexOf(items: { id: string }[], id: string, what: string): number {
  const i = items.findIndex((x) => x.id === id);
  if (i < 0) throw new AppError(404, `${what}_not_found`, `The journey has no ${what} with id ${id}.`);
  return i;
}

function findTouchpoint(d: Def, touchpointId: string) {
  for (const stage of d.stages) {
    const index = stage.touchpoints.findIndex((t) => t.id === touchpointId);
    if (index >= 0) return { stage, index };
  }
  throw new AppError(404, 'touchpoint_not_found', `The journey has no touchpoint with id ${touchpointId}.`);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
