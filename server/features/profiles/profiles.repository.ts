import { type Kysely, sql } from 'kysely';
import type { ProfileDetail, ProfileSummary } from '../../../common/api.ts';
import type { StateDatabase } from '../../storage/state/schema.ts';

type ProfileRow = StateDatabase['profiles'];

const toSummary = (r: ProfileRow): ProfileSummary => ({
  id: r.id,
  userId: r.user_id,
  traits: JSON.parse(r.traits) as Record<string, unknown>,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  eventCount: r.event_count,
});

/** Read access to customer profiles in the state store. */
export class ProfilesRepository {
  constructor(private readonly db: Kysely<StateDatabase>) {}

  /** Profiles, most recently seen first; `search` matches ids, e-mail, names and phone. */
  async list(q: { workspaceId: string; search?: string; limit: number; before?: { lastSeen: number; id: string } }): Promise<ProfileSummary[]> {
    let query = this.db.selectFrom('profiles').selectAll().where('workspace_id', '=', q.workspaceId).where('merged_into', 'is', null);
    if (q.search) {
      const term = q.search.trim().toLowerCase();
      const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const exact = this.db.selectFrom('identities').select('profile_id').where('workspace_id', '=', q.workspaceId).where('value', '=', q.search.trim());
      query = query.where((eb) => eb.or([sql<boolean>`search_text LIKE ${like} ESCAPE '\\'`, eb('id', '=', q.search?.trim() ?? ''), eb('id', 'in', exact)]));
    }
    if (q.before) {
      const b = q.before;
      query = query.where((eb) => eb.or([eb('last_seen', '<', b.lastSeen), eb.and([eb('last_seen', '=', b.lastSeen), eb('id', '<', b.id)])]));
    }
    const rows = await query.orderBy('last_seen', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
    return rows.map(toSummary);
  }

  /** Looks a profile up by profile id, userId or anonymousId, following merges to the survivor. */
  async find(workspaceId: string, idOrIdentity: string): Promise<ProfileDetail | null> {
    let row = await this.db.selectFrom('profiles').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', idOrIdentity).executeTakeFirst();
    if (row?.merged_into) {
      const survivor = row.merged_into;
      row = await this.db.selectFrom('profiles').selectAll().where('id', '=', survivor).executeTakeFirst();
    }
    if (!row) {
      const identity = await this.db
        .selectFrom('identities')
        .select('profile_id')
        .where('workspace_id', '=', workspaceId)
        .where('value', '=', idOrIdentity)
        .orderBy('kind', 'desc') // 'user' before 'anonymous'
        .executeTakeFirst();
      if (!identity) return null;
      row = await this.db.selectFrom('profiles').selectAll().where('id', '=', identity.profile_id).executeTakeFirst();
    }
    if (!row) return null;
    const id = row.id;
    const [identities, accounts, merged] = await Promise.all([
      this.db.selectFrom('identities').select(['kind', 'value']).where('profile_id', '=', id).orderBy('created_at').execute(),
      this.db
        .selectFrom('profile_accounts as pa')
        .innerJoin('accounts as a', (j) => j.onRef('a.workspace_id', '=', 'pa.workspace_id').onRef('a.group_id', '=', 'pa.group_id'))
        .select(['a.group_id', 'a.traits'])
        .where('pa.profile_id', '=', id)
        .execute(),
      this.db.selectFrom('profiles').select('id').where('merged_into', '=', id).execute(),
    ]);
    // Accounts attached to profiles that were merged into this one belong to it too.
    const mergedIds = merged.map((m) => m.id);
    const mergedAccounts = mergedIds.length
      ? await this.db
          .selectFrom('profile_accounts as pa')
          .innerJoin('accounts as a', (j) => j.onRef('a.workspace_id', '=', 'pa.workspace_id').onRef('a.group_id', '=', 'pa.group_id'))
          .select(['a.group_id', 'a.traits'])
          .where('pa.profile_id', 'in', mergedIds)
          .execute()
      : [];
    const seen = new Set<string>();
    const allAccounts = [...accounts, ...mergedAccounts].filter((a) => !seen.has(a.group_id) && seen.add(a.group_id));
    return {
      ...toSummary(row),
      identities: identities.map((i) => ({ kind: i.kind, value: i.value })),
      accounts: allAccounts.map((a) => ({ groupId: a.group_id, traits: JSON.parse(a.traits) as Record<string, unknown> })),
      mergedFrom: mergedIds,
    };
  }

  /** Profiles that are not merged into another. */
  async count(workspaceId: string): Promise<number> {
    const r = await this.db.selectFrom('profiles').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('merged_into', 'is', null).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Summaries of the given profiles (customer lists behind analytics numbers). */
  async summaries(workspaceId: string, ids: string[]): Promise<Map<string, ProfileSummary>> {
    const out = new Map<string, ProfileSummary>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await this.db.selectFrom('profiles').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', chunk).execute();
      for (const r of rows) out.set(r.id, toSummary(r));
    }
    return out;
  }

  /** Every live profile's value of one trait, as text (breakdowns by trait). */
  async traitValues(workspaceId: string, trait: string): Promise<Map<string, string | null>> {
    const rows = await this.db.selectFrom('profiles').select(['id', 'traits']).where('workspace_id', '=', workspaceId).where('merged_into', 'is', null).execute();
    const out = new Map<string, string | null>();
    for (const r of rows) {
      const v = (JSON.parse(r.traits) as Record<string, unknown>)[trait];
      out.set(r.id, v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));
    }
    return out;
  }
}
