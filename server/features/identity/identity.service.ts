import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { isPlainObject, type StoredEvent } from '../../../common/segment.ts';
import type { StateDatabase } from '../../storage/state/schema.ts';
import type { StateStore } from '../../storage/state/state-store.ts';
import { chunks, createStateWriter, type StateWriter } from './state-writer.ts';
import type { EventRecord, ProfileMerge } from '../../storage/events/event-store.ts';

/** An inbox row after parsing: its position, workspace and the stored call. */
export interface ParsedRow {
  seq: number;
  workspaceId: string;
  event: StoredEvent;
}

interface ProfileState {
  id: string;
  workspaceId: string;
  traits: Record<string, unknown>;
  firstSeen: number;
  lastSeen: number;
  eventCount: number;
  mergedInto: string | null;
  userId: string | null;
}

type IdKind = 'user' | 'anonymous';
const idKey = (ws: string, kind: IdKind, value: string) => `${ws}\u0000${kind}\u0000${value}`;
/** Values per `IN (…)` lookup: well under SQLite's parameter limit. */
const LOOKUP_CHUNK = 400;

/** Bounded map that forgets its oldest entries first: the pipeline's caches of hot identities and profiles. */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: K, value: V): this {
    super.set(key, value);
    if (this.size > this.max) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return this;
  }
}

/**
 * Identity resolution and profile state for micro-batches of inbox rows, one transaction each.
 *
 * Rules (docs/ARCHITECTURE.md, "Identity"):
 * - userId and anonymousId seen on one call belong to one profile; the first sighting creates it.
 * - When they point at two existing profiles, the anonymous one merges into the userId's profile,
 *   unless it already belongs to a different userId (a shared device must not merge two people).
 * - `alias` merges previousId's profile into userId's profile unconditionally: it is an explicit order.
 * - A merge is recorded at the event position that caused it, so analytics re-point earlier events.
 * - A messageId seen before (same workspace) is a duplicate: it changes nothing and is not stored again.
 *
 * The pipeline is the only writer of identities and profiles, so it keeps the hot ones in memory;
 * `reset()` drops the caches after a failed transaction.
 */
export class IdentityResolver {
  private readonly identityCache = new BoundedMap<string, string>(500_000);
  private readonly profileCache = new BoundedMap<string, ProfileState>(200_000);
  private readonly writer: StateWriter;

  constructor(store: StateStore) {
    this.writer = createStateWriter(store);
  }

  /** Forgets cached state (after a rolled-back batch the cache may hold uncommitted changes). */
  reset(): void {
    this.identityCache.clear();
    this.profileCache.clear();
  }

  async resolveBatch(trx: Transaction<StateDatabase>, rows: ParsedRow[]): Promise<{ records: EventRecord[]; merges: ProfileMerge[] }> {
    const duplicates = await this.writer.claimMessageIds(
      trx,
      rows.map((r) => ({ seq: r.seq, workspaceId: r.workspaceId, messageId: r.event.messageId })),
    );
    const identities = this.identityCache;
    const profiles = this.profileCache;
    await this.loadMissing(trx, rows);
    const touched = new Map<string, ProfileState>();
    // Profiles whose traits, userId or merge changed need a full write; the rest only their counters.
    const fullWrite = new Set<string>();
    const newIdentities: StateDatabase['identities'][] = [];
    const merges: ProfileMerge[] = [];
    const records: EventRecord[] = [];
    const accounts = new Map<string, { workspaceId: string; groupId: string; traits: Record<string, unknown>; at: number; profileId: string }>();

    const lookup = (ws: string, kind: IdKind, value: string | null): ProfileState | undefined => {
      if (value === null) return undefined;
      const pid = identities.get(idKey(ws, kind, value));
      return pid === undefined ? undefined : (touched.get(pid) ?? profiles.get(pid));
    };
    const link = (ws: string, kind: IdKind, value: string | null, profile: ProfileState, at: number) => {
      if (value === null || identities.has(idKey(ws, kind, value))) return;
      identities.set(idKey(ws, kind, value), profile.id);
      newIdentities.push({ workspace_id: ws, kind, value, profile_id: profile.id, created_at: at });
    };
    const touch = (p: ProfileState) => {
      touched.set(p.id, p);
      profiles.set(p.id, p);
      return p;
    };
    const touchFull = (p: ProfileState) => {
      fullWrite.add(p.id);
      return touch(p);
    };
    const create = (ws: string, at: number): ProfileState =>
      touchFull({ id: `prf_${crypto.randomUUID()}`, workspaceId: ws, traits: {}, firstSeen: at, lastSeen: at, eventCount: 0, mergedInto: null, userId: null });
    const merge = async (seq: number, from: ProfileState, to: ProfileState) => {
      to.traits = { ...from.traits, ...to.traits };
      to.firstSeen = Math.min(to.firstSeen, from.firstSeen);
      to.lastSeen = Math.max(to.lastSeen, from.lastSeen);
      to.eventCount += from.eventCount;
      to.userId = to.userId ?? from.userId;
      from.mergedInto = to.id;
      touchFull(to);
      touchFull(from);
      for (const [k, pid] of identities) if (pid === from.id) identities.set(k, to.id);
      for (const ni of newIdentities) if (ni.profile_id === from.id) ni.profile_id = to.id;
      for (const p of profiles.values()) if (p.mergedInto === from.id) touchFull(p).mergedInto = to.id;
      // Rows outside this batch and the cache: identities and earlier merges of `from` now point at the survivor.
      await trx.updateTable('identities').set({ profile_id: to.id }).where('profile_id', '=', from.id).execute();
      await trx.updateTable('profiles').set({ merged_into: to.id }).where('merged_into', '=', from.id).execute();
      merges.push({ seq, workspaceId: from.workspaceId, fromProfile: from.id, toProfile: to.id });
    };

    for (const row of rows) {
      if (duplicates.has(row.seq)) continue;
      const { workspaceId: ws, event: e } = row;
      let profile: ProfileState;
      if (e.type === 'alias' && e.previousId !== null && e.userId !== null) {
        const prev = lookup(ws, 'user', e.previousId) ?? lookup(ws, 'anonymous', e.previousId);
        const target = lookup(ws, 'user', e.userId);
        if (prev && target && prev.id !== target.id) await merge(row.seq, prev, target);
        profile = target ?? prev ?? create(ws, e.timestamp);
        link(ws, 'user', e.userId, profile, e.timestamp);
        if (!prev) link(ws, 'anonymous', e.previousId, profile, e.timestamp);
      } else {
        const byUser = lookup(ws, 'user', e.userId);
        const found = lookup(ws, 'anonymous', e.anonymousId);
        // An anonymous id already tied to another user (a shared device) says nothing about this user.
        const byAnon = found && (e.userId === null || found.userId === null || found.userId === e.userId || found.id === byUser?.id) ? found : undefined;
        if (byUser && byAnon && byUser.id !== byAnon.id) await merge(row.seq, byAnon, byUser);
        profile = byUser ?? byAnon ?? create(ws, e.timestamp);
        link(ws, 'user', e.userId, profile, e.timestamp);
        link(ws, 'anonymous', e.anonymousId, profile, e.timestamp);
      }
      touch(profile);
      if (e.userId !== null && profile.userId === null) {
        profile.userId = e.userId;
        fullWrite.add(profile.id);
      }
      const contextTraits = e.context.traits;
      const traits = { ...(isPlainObject(contextTraits) ? contextTraits : {}), ...(e.type === 'identify' ? e.traits : {}) };
      if (Object.keys(traits).length > 0) {
        profile.traits = { ...profile.traits, ...traits };
        fullWrite.add(profile.id);
      }
      profile.firstSeen = Math.min(profile.firstSeen, e.timestamp);
      profile.lastSeen = Math.max(profile.lastSeen, e.timestamp);
      profile.eventCount += 1;
      if (e.type === 'group' && e.groupId !== null) {
        const key = `${ws}\u0000${e.groupId}\u0000${profile.id}`;
        const prevAcc = accounts.get(key);
        accounts.set(key, { workspaceId: ws, groupId: e.groupId, traits: { ...(prevAcc?.traits ?? {}), ...e.traits }, at: e.timestamp, profileId: profile.id });
      }
      records.push({ seq: row.seq, workspaceId: ws, profileId: profile.id, event: e });
    }

    await this.writer.insertIdentities(trx, newIdentities);
    const changed = [...touched.values()];
    await this.writer.upsertProfiles(trx, changed.filter((p) => fullWrite.has(p.id)).map(toProfileRow));
    await this.writer.updateProfileCounters(
      trx,
      changed.filter((p) => !fullWrite.has(p.id)).map((p) => ({ id: p.id, first_seen: p.firstSeen, last_seen: p.lastSeen, event_count: p.eventCount })),
    );
    await writeAccounts(trx, accounts);
    return { records, merges };
  }

  /** Loads identities and profiles of this batch that the caches do not hold. */
  private async loadMissing(trx: Transaction<StateDatabase>, rows: ParsedRow[]): Promise<void> {
    const wanted = new Map<string, Set<string>>();
    // Absent identities are not cached, so a new id is looked up once per batch until it is linked.
    const want = (ws: string, v: string | null, kinds: readonly IdKind[]) => {
      if (v === null) return;
      if (kinds.every((k) => this.identityCache.has(idKey(ws, k, v)))) return;
      const set = wanted.get(ws) ?? new Set<string>();
      set.add(v);
      wanted.set(ws, set);
    };
    for (const r of rows) {
      want(r.workspaceId, r.event.userId, ['user']);
      want(r.workspaceId, r.event.anonymousId, ['anonymous']);
      want(r.workspaceId, r.event.previousId, ['user', 'anonymous']);
    }
    const profileIds = new Set<string>();
    for (const [ws, values] of wanted) {
      for (const part of chunks([...values], LOOKUP_CHUNK)) {
        const found = await trx.selectFrom('identities').select(['kind', 'value', 'profile_id']).where('workspace_id', '=', ws).where('value', 'in', part).execute();
        for (const f of found) {
          this.identityCache.set(idKey(ws, f.kind, f.value), f.profile_id);
          if (!this.profileCache.has(f.profile_id)) profileIds.add(f.profile_id);
        }
      }
    }
    // Cached identities may point at profiles the profile cache has already forgotten.
    for (const r of rows) {
      for (const [kind, v] of [['user', r.event.userId], ['anonymous', r.event.anonymousId], ['user', r.event.previousId], ['anonymous', r.event.previousId]] as const) {
        if (v === null) continue;
        const pid = this.identityCache.get(idKey(r.workspaceId, kind, v));
        if (pid !== undefined && !this.profileCache.has(pid)) profileIds.add(pid);
      }
    }
    for (const part of chunks([...profileIds], LOOKUP_CHUNK)) {
      const found = await trx.selectFrom('profiles').selectAll().where('id', 'in', part).execute();
      for (const p of found) {
        this.profileCache.set(p.id, {
          id: p.id,
          workspaceId: p.workspace_id,
          traits: JSON.parse(p.traits) as Record<string, unknown>,
          firstSeen: p.first_seen,
          lastSeen: p.last_seen,
          eventCount: p.event_count,
          mergedInto: p.merged_into,
          userId: p.user_id,
        });
      }
    }
  }
}

async function writeAccounts(
  trx: Transaction<StateDatabase>,
  accounts: Map<string, { workspaceId: string; groupId: string; traits: Record<string, unknown>; at: number; profileId: string }>,
): Promise<void> {
  for (const a of accounts.values()) {
    const existing = await trx.selectFrom('accounts').select('traits').where('workspace_id', '=', a.workspaceId).where('group_id', '=', a.groupId).executeTakeFirst();
    const traits = JSON.stringify({ ...(existing ? (JSON.parse(existing.traits) as Record<string, unknown>) : {}), ...a.traits });
    if (existing) {
      await trx.updateTable('accounts').set({ traits, last_seen: a.at }).where('workspace_id', '=', a.workspaceId).where('group_id', '=', a.groupId).execute();
    } else {
      await trx.insertInto('accounts').values({ workspace_id: a.workspaceId, group_id: a.groupId, traits, first_seen: a.at, last_seen: a.at }).execute();
    }
    await trx.insertInto('profile_accounts').values({ workspace_id: a.workspaceId, profile_id: a.profileId, group_id: a.groupId }).onConflict((oc) => oc.doNothing()).execute();
  }
}

function toProfileRow(p: ProfileState): StateDatabase['profiles'] {
  return {
    id: p.id,
    workspace_id: p.workspaceId,
    traits: JSON.stringify(p.traits),
    first_seen: p.firstSeen,
    last_seen: p.lastSeen,
    event_count: p.eventCount,
    merged_into: p.mergedInto,
    user_id: p.userId,
    search_text: searchText(p),
  };
}

/** Lower-cased text the profile search matches: user id, e-mail, names, phone. */
function searchText(p: ProfileState): string {
  const t = p.traits;
  const parts = [p.userId, t.email, t.name, t.firstName, t.first_name, t.lastName, t.last_name, t.phone, t.username];
  return parts
    .filter((v) => typeof v === 'string' || typeof v === 'number')
    .map((v) => String(v).toLowerCase())
    .join(' ');
}

/**
 * After a crash between the state commit and the event-store commit, re-derives what the state
 * pipeline decided for rows it already applied: duplicates from message_ids, profiles from identities
 * (the userId's profile wins, exactly as in resolveBatch). Merges replay from profile_merges.
 */
export async function rederiveRecords(db: Kysely<StateDatabase>, rows: ParsedRow[]): Promise<EventRecord[]> {
  const out: EventRecord[] = [];
  for (const row of rows) {
    const e = row.event;
    const first = await db.selectFrom('message_ids').select('seq').where('workspace_id', '=', row.workspaceId).where('message_id', '=', e.messageId).executeTakeFirst();
    if (first && first.seq !== row.seq) continue;
    const candidates: [IdKind, string | null][] = [
      ['user', e.userId],
      ['anonymous', e.anonymousId],
      ['anonymous', e.previousId],
    ];
    let profileId: string | undefined;
    for (const [kind, value] of candidates) {
      if (value === null || profileId) continue;
      const hit = await db.selectFrom('identities').select('profile_id').where('workspace_id', '=', row.workspaceId).where('kind', '=', kind).where('value', '=', value).executeTakeFirst();
      profileId = hit?.profile_id;
    }
    if (profileId) out.push({ seq: row.seq, workspaceId: row.workspaceId, profileId, event: e });
  }
  return out;
}
