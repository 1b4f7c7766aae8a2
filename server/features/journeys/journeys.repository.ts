import type { Kysely } from 'kysely';
import { JourneyDefinition, type Locale } from '../../../common/journeys/model.ts';
import type { StateDatabase } from '../../storage/state/schema.ts';

/** A journey as stored: the draft definition and the version analytics use. */
export interface JourneyRecord {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  owner: string;
  locale: Locale;
  definition: JourneyDefinition;
  publishedVersion: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface JourneyVersionRecord {
  journeyId: string;
  version: number;
  name: string;
  definition: JourneyDefinition;
  publishedAt: number;
}

type Row = StateDatabase['journeys'];

function toRecord(r: Row): JourneyRecord {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    description: r.description,
    owner: r.owner,
    locale: r.locale as Locale,
    // Stored definitions were validated on write; parsing fills defaults added since.
    definition: JourneyDefinition.parse(JSON.parse(r.definition)),
    publishedVersion: r.published_version === null ? null : Number(r.published_version),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** Journeys and their versions in the state store. */
export class JourneysRepository {
  constructor(private readonly db: Kysely<StateDatabase>) {}

  async list(workspaceId: string): Promise<JourneyRecord[]> {
    const rows = await this.db.selectFrom('journeys').selectAll().where('workspace_id', '=', workspaceId).orderBy('updated_at', 'desc').execute();
    return rows.map(toRecord);
  }

  /** Every published journey of every workspace (the engine loads them at start). */
  async published(): Promise<JourneyRecord[]> {
    const rows = await this.db.selectFrom('journeys').selectAll().where('published_version', 'is not', null).execute();
    return rows.map(toRecord);
  }

  async get(workspaceId: string, id: string): Promise<JourneyRecord | undefined> {
    const row = await this.db.selectFrom('journeys').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async insert(j: JourneyRecord): Promise<void> {
    await this.db
      .insertInto('journeys')
      .values({
        id: j.id,
        workspace_id: j.workspaceId,
        name: j.name,
        description: j.description,
        owner: j.owner,
        locale: j.locale,
        definition: JSON.stringify(j.definition),
        published_version: j.publishedVersion,
        created_at: j.createdAt,
        updated_at: j.updatedAt,
      })
      .execute();
  }

  async update(j: JourneyRecord): Promise<void> {
    await this.db
      .updateTable('journeys')
      .set({ name: j.name, description: j.description, owner: j.owner, definition: JSON.stringify(j.definition), updated_at: j.updatedAt })
      .where('workspace_id', '=', j.workspaceId)
      .where('id', '=', j.id)
      .execute();
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const res = await trx.deleteFrom('journeys').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) return false;
      await trx.deleteFrom('journey_versions').where('journey_id', '=', id).execute();
      return true;
    });
  }

  /** Freezes the draft as the next version and points the journey at it, in one transaction. */
  async publish(j: JourneyRecord, at: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const last = await trx.selectFrom('journey_versions').select((eb) => eb.fn.max('version').as('v')).where('journey_id', '=', j.id).executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      await trx.insertInto('journey_versions').values({ journey_id: j.id, version, name: j.name, definition: JSON.stringify(j.definition), published_at: at }).execute();
      await trx.updateTable('journeys').set({ published_version: version, updated_at: at }).where('id', '=', j.id).execute();
      return version;
    });
  }

  async versions(journeyId: string): Promise<{ version: number; publishedAt: number }[]> {
    const rows = await this.db.selectFrom('journey_versions').select(['version', 'published_at']).where('journey_id', '=', journeyId).orderBy('version').execute();
    return rows.map((r) => ({ version: Number(r.version), publishedAt: Number(r.published_at) }));
  }

  async version(journeyId: string, version: number): Promise<JourneyVersionRecord | undefined> {
    const r = await this.db.selectFrom('journey_versions').selectAll().where('journey_id', '=', journeyId).where('version', '=', version).executeTakeFirst();
    if (!r) return undefined;
    return { journeyId: r.journey_id, version: Number(r.version), name: r.name, definition: JourneyDefinition.parse(JSON.parse(r.definition)), publishedAt: Number(r.published_at) };
  }
}
