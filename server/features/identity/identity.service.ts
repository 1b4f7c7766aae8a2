import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { StoredEvent } from '../../../common/segment.ts';
import type { StateDatabase } from '../../storage/state/schema.ts';
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
  isNew: boolean;
  dirty: boolean;
}

type IdKind = 'user' | 'anonymous';
const idKey = (ws: string, kind: IdKind, value: string) => `${ws}\u0000${kind}\u0000${value}`;
const CHUNK = 400;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Identity resolution and profile state for one micro-batch of inbox rows, in one transaction.
 *
 * Rules (docs/ARCHITECTURE.md, "Identity"):
 * - userId and anonymousId seen on one call belong to one profile; the first sighting creates it.
 * - When they point at two existing profiles, the anonymous one merges into the userId's profile,
 *   unless it already belongs to a different userId (a shared device must not merge two people).
 * - `alias` merges previousId's profile into userId's profile unconditionally: it is an explicit order.
 * - A merge is recorded at the inbox position that caused it, so analytics re-point earlier events.
 * - A messageId seen before (same workspace) is a duplicate: it changes nothing and is not stored again.
 */
export async function resolveBatch(trx: Transaction<StateDatabase>, rows: ParsedRow[]): Promise<{ records: EventRecord[]; merges: ProfileMerge[] }> {
  const duplicates = await findDuplicates(trx, rows);
  const identities = await loadIdentities(trx, rows);
  const profiles = await loadProfiles(trx, [...new Set(identities.values())]);
  const newIdentities: { workspace_id: string; kind: IdKind; value: string; profile_id: string; created_at: number }[] = [];
  const merges: ProfileMerge[] = [];
  const records: EventRecord[] = [];
  const accounts = new Map<string, { workspaceId: string; groupId: string; traits: Record<string, unknown>; at: number; profileId: string }>();

  const lookup = (ws: string, kind: IdKind, value: string | null): ProfileState | undefined => {
    if (value === null) return undefined;
    const pid = identities.get(idKey(ws, kind, value));
    return pid === undefined ? undefined : profiles.get(pid);
  };
  const link = (ws: string, kind: IdKind, value: string | null, profile: ProfileState, at: number) => {
    if (value === null || identities.has(idKey(ws, kind, value))) return;
    identities.set(idKey(ws, kind, value), profile.id);
    newIdentities.push({ workspace_id: ws, kind, value, profile_id: profile.id, created_at: at });
  };
  const create = (ws: string, at: number): ProfileState => {
    const p: ProfileState = { id: `prf_${crypto.randomUUID()}`, workspaceId: ws, traits: {}, firstSeen: at, lastSeen: at, eventCount: 0, mergedInto: null, userId: null, isNew: true, dirty: true };
    profiles.set(p.id, p);
    return p;
  };
  const merge = async (seq: number, from: ProfileState, to: ProfileState) => {
    to.traits = { ...from.traits, ...to.traits };
    to.firstSeen = Math.min(to.firstSeen, from.firstSeen);
    to.lastSeen = Math.max(to.lastSeen, from.lastSeen);
    to.eventCount += from.eventCount;
    to.userId = to.userId ?? from.userId;
    to.dirty = true;
    from.mergedInto = to.id;
    from.dirty = true;
    for (const [k, pid] of identities) if (pid === from.id) identities.set(k, to.id);
    for (const ni of newIdentities) if (ni.profile_id === from.id) ni.profile_id = to.id;
    for (const p of profiles.values()) {
      if (p.mergedInto === from.id) {
        p.mergedInto = to.id;
        p.dirty = true;
      }
    }
    // Rows outside this batch: identities and earlier merges of `from` now point at the survivor.
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
      const byAnon = lookup(ws, 'anonymous', e.anonymousId);
      if (byUser && byAnon && byUser.id !== byAnon.id && (byAnon.userId === null || byAnon.userId === e.userId)) {
        await merge(row.seq, byAnon, byUser);
      }
      profile = byUser ?? byAnon ?? create(ws, e.timestamp);
      link(ws, 'user', e.userId, profile, e.timestamp);
      link(ws, 'anonymous', e.anonymousId, profile, e.timestamp);
    }
    if (e.userId !== null && profile.userId === null) profile.userId = e.userId;
    const contextTraits = e.context.traits;
    const traits = { ...(isObject(contextTraits) ? contextTraits : {}), ...(e.type === 'identify' ? e.traits : {}) };
    if (Object.keys(traits).length > 0) profile.traits = { ...profile.traits, ...traits };
    profile.firstSeen = Math.min(profile.firstSeen, e.timestamp);
    profile.lastSeen = Math.max(profile.lastSeen, e.timestamp);
    profile.eventCount += 1;
    profile.dirty = true;
    if (e.type === 'group' && e.groupId !== null) {
      const key = `${ws}\u0000${e.groupId}\u0000${profile.id}`;
      const prevAcc = accounts.get(key);
      accounts.set(key, { workspaceId: ws, groupId: e.groupId, traits: { ...(prevAcc?.traits ?? {}), ...e.traits }, at: e.timestamp, profileId: profile.id });
    }
    records.push({ seq: row.seq, workspaceId: ws, profileId: profile.id, event: e });
  }

  await writeBatch(trx, { rows, duplicates, newIdentities, profiles, accounts });
  return { records, merges };
}

/** The messageIds of this batch already seen (earlier batches or earlier in this batch), by seq. */
async function findDuplicates(trx: Transaction<StateDatabase>, rows: ParsedRow[]): Promise<Set<number>> {
  const seen = new Map<string, number>();
  const byWorkspace = new Map<string, string[]>();
  for (const r of rows) {
    const list = byWorkspace.get(r.workspaceId) ?? [];
    list.push(r.event.messageId);
    byWorkspace.set(r.workspaceId, list);
  }
  for (const [ws, ids] of byWorkspace) {
    for (const part of chunks([...new Set(ids)])) {
      const found = await trx.selectFrom('message_ids').select(['message_id', 'seq']).where('workspace_id', '=', ws).where('message_id', 'in', part).execute();
      for (const f of found) seen.set(`${ws}\u0000${f.message_id}`, f.seq);
    }
  }
  const dup = new Set<number>();
  for (const r of rows) {
    const key = `${r.workspaceId}\u0000${r.event.messageId}`;
    const first = seen.get(key);
    if (first !== undefined && first !== r.seq) dup.add(r.seq);
    else seen.set(key, r.seq);
  }
  return dup;
}

async function loadIdentities(trx: Transaction<StateDatabase>, rows: ParsedRow[]): Promise<Map<string, string>> {
  const wanted = new Map<string, Set<string>>();
  const want = (ws: string, v: string | null) => {
    if (v === null) return;
    const set = wanted.get(ws) ?? new Set<string>();
    set.add(v);
    wanted.set(ws, set);
  };
  for (const r of rows) {
    want(r.workspaceId, r.event.userId);
    want(r.workspaceId, r.event.anonymousId);
    want(r.workspaceId, r.event.previousId);
  }
  const out = new Map<string, string>();
  for (const [ws, values] of wanted) {
    for (const part of chunks([...values])) {
      const found = await trx.selectFrom('identities').select(['kind', 'value', 'profile_id']).where('workspace_id', '=', ws).where('value', 'in', part).execute();
      for (const f of found) out.set(idKey(ws, f.kind, f.value), f.profile_id);
    }
  }
  return out;
}

async function loadProfiles(trx: Transaction<StateDatabase>, ids: string[]): Promise<Map<string, ProfileState>> {
  const out = new Map<string, ProfileState>();
  for (const part of chunks(ids)) {
    const rows = await trx.selectFrom('profiles').selectAll().where('id', 'in', part).execute();
    for (const r of rows) {
      out.set(r.id, {
        id: r.id,
        workspaceId: r.workspace_id,
        traits: JSON.parse(r.traits) as Record<string, unknown>,
        firstSeen: r.first_seen,
        lastSeen: r.last_seen,
        eventCount: r.event_count,
        mergedInto: r.merged_into,
        userId: r.user_id,
        isNew: false,
        dirty: false,
      });
    }
  }
  return out;
}

async function writeBatch(
  trx: Transaction<StateDatabase>,
  w: {
    rows: ParsedRow[];
    duplicates: Set<number>;
    newIdentities: StateDatabase['identities'][];
    profiles: Map<string, ProfileState>;
    accounts: Map<string, { workspaceId: string; groupId: string; traits: Record<string, unknown>; at: number; profileId: string }>;
  },
): Promise<void> {
  const ids = w.rows.filter((r) => !w.duplicates.has(r.seq)).map((r) => ({ workspace_id: r.workspaceId, message_id: r.event.messageId, seq: r.seq }));
  for (const part of chunks(ids, 2000)) await trx.insertInto('message_ids').values(part).onConflict((oc) => oc.doNothing()).execute();
  for (const part of chunks(w.newIdentities, 2000)) await trx.insertInto('identities').values(part).execute();
  const dirty = [...w.profiles.values()].filter((p) => p.dirty).map(toProfileRow);
  for (const part of chunks(dirty, 1000)) {
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
  for (const a of w.accounts.values()) {
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
