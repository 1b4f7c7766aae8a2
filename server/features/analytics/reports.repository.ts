import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ReportKind, SavedReport } from '../../../common/analytics/api.ts';
import type { StateDatabase } from '../../storage/state/schema.ts';

type Row = StateDatabase['reports'];

function toReport(r: Row): SavedReport {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as ReportKind,
    query: JSON.parse(r.query) as Record<string, unknown>,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** Saved explorer reports in the state store (SQLite or PostgreSQL). */
export class ReportsRepository {
  constructor(private readonly db: Kysely<StateDatabase>) {}

  async list(workspaceId: string): Promise<SavedReport[]> {
    const rows = await this.db.selectFrom('reports').selectAll().where('workspace_id', '=', workspaceId).orderBy('updated_at', 'desc').orderBy('id').execute();
    return rows.map(toReport);
  }

  async find(workspaceId: string, id: string): Promise<SavedReport | null> {
    const r = await this.db.selectFrom('reports').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return r ? toReport(r) : null;
  }

  async create(workspaceId: string, r: { name: string; kind: ReportKind; query: Record<string, unknown> }, now: number): Promise<SavedReport> {
    const id = `rp_${crypto.randomBytes(9).toString('base64url')}`;
    await this.db.insertInto('reports').values({ id, workspace_id: workspaceId, name: r.name, kind: r.kind, query: JSON.stringify(r.query), created_at: now, updated_at: now }).execute();
    return { id, name: r.name, kind: r.kind, query: r.query, createdAt: now, updatedAt: now };
  }

  async update(workspaceId: string, id: string, patch: { name?: string; query?: Record<string, unknown> }, now: number): Promise<void> {
    await this.db
      .updateTable('reports')
      .set({ ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.query !== undefined ? { query: JSON.stringify(patch.query) } : {}), updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('reports').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
