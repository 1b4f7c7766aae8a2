import { sql, type Transaction } from 'kysely';
import type { StateStore } from '../../storage/state/state-store.ts';
import type { StateDatabase } from '../../storage/state/schema.ts';

/** The few writes the pipeline makes for every event, per engine: the ingest hot path. */
export interface StateWriter {
  /** Records first sightings of messageIds; returns the positions whose messageId was seen before. */
  claimMessageIds(trx: Transaction<StateDatabase>, rows: { seq: number; workspaceId: string; messageId: string }[]): Promise<Set<number>>;
  insertIdentities(trx: Transaction<StateDatabase>, rows: StateDatabase['identities'][]): Promise<void>;
  upsertProfiles(trx: Transaction<StateDatabase>, rows: StateDatabase['profiles'][]): Promise<void>;
  /** The common case: a known profile saw more events and nothing else changed. */
  updateProfileCounters(trx: Transaction<StateDatabase>, rows: ProfileCounters[]): Promise<void>;
}

export type ProfileCounters = Pick<StateDatabase['profiles'], 'id' | 'first_seen' | 'last_seen' | 'event_count'>;

/**
 * SQLite: cached prepared statements on the pipeline's connection, one row each. better-sqlite3 runs
 * them in microseconds, and they join the Kysely transaction because it is the same connection.
 */
function sqliteWriter(store: Extract<StateStore, { dialect: 'sqlite' }>): StateWriter {
  const claim = store.sqlite.prepare('INSERT OR IGNORE INTO message_ids (workspace_id, message_id, seq) VALUES (?, ?, ?)');
  const identity = store.sqlite.prepare('INSERT INTO identities (workspace_id, kind, value, profile_id, created_at) VALUES (?, ?, ?, ?, ?)');
  const profile = store.sqlite.prepare(
    `INSERT INTO profiles (id, workspace_id, traits, first_seen, last_seen, event_count, merged_into, user_id, search_text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET traits = excluded.traits, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
       event_count = excluded.event_count, merged_into = excluded.merged_into, user_id = excluded.user_id, search_text = excluded.search_text`,
  );
  const counters = store.sqlite.prepare('UPDATE profiles SET first_seen = ?, last_seen = ?, event_count = ? WHERE id = ?');
  return {
    async claimMessageIds(_trx, rows) {
      const dup = new Set<number>();
      for (const r of rows) if (claim.run(r.workspaceId, r.messageId, r.seq).changes === 0) dup.add(r.seq);
      return dup;
    },
    async insertIdentities(_trx, rows) {
      for (const r of rows) identity.run(r.workspace_id, r.kind, r.value, r.profile_id, r.created_at);
    },
    async upsertProfiles(_trx, rows) {
      for (const r of rows) profile.run(r.id, r.workspace_id, r.traits, r.first_seen, r.last_seen, r.event_count, r.merged_into, r.user_id, r.search_text);
    },
    async updateProfileCounters(_trx, rows) {
      for (const r of rows) counters.run(r.first_seen, r.last_seen, r.event_count, r.id);
    },
  };
}

/** Splits a list into runs of at most `size` (for multi-row statements and IN lists). */
export const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** PostgreSQL: multi-row statements, a round trip per thousand rows rather than per row. */
function postgresWriter(): StateWriter {
  return {
    async claimMessageIds(trx, rows) {
      const fresh = new Set<number>();
      for (const part of chunks(rows, 2000)) {
        const inserted = await trx
          .insertInto('message_ids')
          .values(part.map((r) => ({ workspace_id: r.workspaceId, message_id: r.messageId, seq: r.seq })))
          .onConflict((oc) => oc.doNothing())
          .returning('seq')
          .execute();
        for (const i of inserted) fresh.add(Number(i.seq));
      }
      return new Set(rows.filter((r) => !fresh.has(r.seq)).map((r) => r.seq));
    },
    async insertIdentities(trx, rows) {
      for (const part of chunks(rows, 2000)) await trx.insertInto('identities').values(part).execute();
    },
    async upsertProfiles(trx, rows) {
      for (const part of chunks(rows, 1000)) {
        await trx
          .insertInto('profiles')
          .values(part)
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              traits: eb.ref('excluded.traits'),
              first_seen: eb.ref('excluded.first_seen'),
              last_seen: eb.ref('excluded.last_seen'),
              event_count: eb.ref('excluded.event_count'),
              merged_into: eb.ref('excluded.merged_into'),
              user_id: eb.ref('excluded.user_id'),
              search_text: eb.ref('excluded.search_text'),
            })),
          )
          .execute();
      }
    },
    async updateProfileCounters(trx, rows) {
      for (const part of chunks(rows, 2000)) {
        await sql`UPDATE profiles SET first_seen = u.first_seen, last_seen = u.last_seen, event_count = u.event_count
          FROM unnest(${part.map((r) => r.id)}::text[], ${part.map((r) => r.first_seen)}::bigint[], ${part.map((r) => r.last_seen)}::bigint[], ${part.map((r) => r.event_count)}::int[])
            AS u(id, first_seen, last_seen, event_count)
          WHERE profiles.id = u.id`.execute(trx);
      }
    },
  };
}

/** The writer for the configured state store. */
export function createStateWriter(store: StateStore): StateWriter {
  return store.dialect === 'sqlite' ? sqliteWriter(store) : postgresWriter();
}
