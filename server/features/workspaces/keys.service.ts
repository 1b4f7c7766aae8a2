import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { StateDatabase } from '../../storage/state/schema.ts';
import { AppError } from '../../errors.ts';

export type KeyKind = 'write' | 'admin';

/** A key as listed to people: never the admin token itself. */
export interface KeySummary {
  id: string;
  workspaceId: string;
  kind: KeyKind;
  name: string;
  /** Write keys are shown in full (they ship in browser snippets); admin tokens only by prefix. */
  writeKey: string | null;
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const randomToken = (prefix: string, bytes: number) => `${prefix}${crypto.randomBytes(bytes).toString('base64url')}`;

/** Workspaces, write keys and admin tokens, with a short-lived cache for the ingestion hot path. */
export class KeysService {
  private writeKeyCache = new Map<string, { workspaceId: string | null; at: number }>();
  private adminCache = new Map<string, { workspaceId: string | null; at: number }>();
  // Revocations made by another process (the CLI) take effect within this time.
  private readonly cacheMs = 5_000;

  constructor(private readonly db: Kysely<StateDatabase>) {}

  /**
   * Makes sure a workspace exists. On the very first start it creates one with a write key and an
   * admin token (fixed by KUNDRESA_WRITE_KEY / KUNDRESA_ADMIN_TOKEN when given) and returns them once.
   */
  async bootstrap(opts: { writeKey?: string; adminToken?: string }): Promise<{ workspaceId: string; created: { writeKey: string; adminToken: string } | null }> {
    const existing = await this.db.selectFrom('workspaces').select('id').orderBy('created_at').limit(1).executeTakeFirst();
    if (existing) return { workspaceId: existing.id, created: null };
    const workspaceId = `ws_${crypto.randomBytes(8).toString('hex')}`;
    const writeKey = opts.writeKey ?? randomToken('wk_', 18);
    const adminToken = opts.adminToken ?? randomToken('kra_', 24);
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('workspaces').values({ id: workspaceId, name: 'My workspace', created_at: Date.now() }).execute();
      await trx.insertInto('api_keys').values(keyRow({ workspaceId, kind: 'write', name: 'Default write key', token: writeKey })).execute();
      await trx.insertInto('api_keys').values(keyRow({ workspaceId, kind: 'admin', name: 'Default admin token', token: adminToken })).execute();
    });
    return { workspaceId, created: { writeKey, adminToken } };
  }

  /** Creates a key; the returned token is the only time an admin token is visible. */
  async create(opts: { workspaceId: string; kind: KeyKind; name: string }): Promise<{ key: KeySummary; token: string }> {
    const token = opts.kind === 'write' ? randomToken('wk_', 18) : randomToken('kra_', 24);
    const row = keyRow({ ...opts, token });
    await this.db.insertInto('api_keys').values(row).execute();
    return { key: toSummary(row), token };
  }

  /** All keys of a workspace, newest last. */
  async list(workspaceId: string): Promise<KeySummary[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').execute();
    return rows.map(toSummary);
  }

  /** Revokes a key by id or, for convenience, by the write key / token prefix shown in `keys list`. */
  async revoke(workspaceId: string, idOrPrefix: string): Promise<KeySummary> {
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('id', '=', idOrPrefix), eb('write_key', '=', idOrPrefix), eb('token_prefix', '=', idOrPrefix)]))
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'key_not_found', `No key matches "${idOrPrefix}".`);
    const revokedAt = row.revoked_at ?? Date.now();
    await this.db.updateTable('api_keys').set({ revoked_at: revokedAt }).where('id', '=', row.id).execute();
    this.writeKeyCache.clear();
    this.adminCache.clear();
    return toSummary({ ...row, revoked_at: revokedAt });
  }

  /** The workspace a write key belongs to, or null when unknown or revoked. */
  async workspaceForWriteKey(writeKey: string): Promise<string | null> {
    return this.cached(this.writeKeyCache, writeKey, async () => {
      const row = await this.db
        .selectFrom('api_keys')
        .select('workspace_id')
        .where('token_hash', '=', sha256(writeKey))
        .where('kind', '=', 'write')
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row?.workspace_id ?? null;
    });
  }

  /** The workspace an admin token belongs to, or null when unknown or revoked. Write keys never pass. */
  async workspaceForAdminToken(token: string): Promise<string | null> {
    return this.cached(this.adminCache, token, async () => {
      const row = await this.db
        .selectFrom('api_keys')
        .select('workspace_id')
        .where('token_hash', '=', sha256(token))
        .where('kind', '=', 'admin')
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row?.workspace_id ?? null;
    });
  }

  private async cached(cache: Map<string, { workspaceId: string | null; at: number }>, key: string, load: () => Promise<string | null>): Promise<string | null> {
    const hit = cache.get(key);
    const now = Date.now();
    if (hit && now - hit.at < this.cacheMs) return hit.workspaceId;
    const workspaceId = await load();
    if (cache.size > 10_000) cache.clear(); // bounded: random bad keys must not grow memory
    cache.set(key, { workspaceId, at: now });
    return workspaceId;
  }
}

function keyRow(opts: { workspaceId: string; kind: KeyKind; name: string; token: string }) {
  return {
    id: `key_${crypto.randomBytes(6).toString('hex')}`,
    workspace_id: opts.workspaceId,
    kind: opts.kind,
    name: opts.name,
    write_key: opts.kind === 'write' ? opts.token : null,
    token_hash: sha256(opts.token),
    token_prefix: opts.token.slice(0, 10),
    created_at: Date.now(),
    revoked_at: null,
  };
}

function toSummary(r: StateDatabase['api_keys']): KeySummary {
  return { id: r.id, workspaceId: r.workspace_id, kind: r.kind, name: r.name, writeKey: r.write_key, prefix: r.token_prefix, createdAt: r.created_at, revokedAt: r.revoked_at };
}
