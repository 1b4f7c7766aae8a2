import { z } from 'zod';
import { CreateKeyBody, CreatedKey, KeyInfo, Workspace } from '../../../common/api.ts';
import { type ApiRoute, route } from '../../http/routes.ts';
import type { Kysely } from 'kysely';
import type { StateDatabase } from '../../storage/state/schema.ts';
import type { KeysService } from './keys.service.ts';

const strip = (k: Awaited<ReturnType<KeysService['list']>>[number]): KeyInfo => ({ id: k.id, kind: k.kind, name: k.name, writeKey: k.writeKey, prefix: k.prefix, createdAt: k.createdAt, revokedAt: k.revokedAt });

/** The workspace and its keys (what the Get started page shows). */
export function workspaceRoutes(deps: { db: Kysely<StateDatabase>; keys: KeysService; publicUrl: (requestUrl: string) => string }): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/workspace',
      tag: 'workspace',
      summary: 'The workspace, its active write keys and the ingestion URL',
      response: Workspace,
      async handler({ workspaceId, c }) {
        const ws = await deps.db.selectFrom('workspaces').select(['id', 'name']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
        const keys = await deps.keys.list(workspaceId);
        const writeKeys = keys.filter((k) => k.kind === 'write' && k.revokedAt === null && k.writeKey !== null).map((k) => k.writeKey ?? '');
        return { id: ws.id, name: ws.name, writeKeys, ingestUrl: deps.publicUrl(c.req.url) };
      },
    }),
    route({
      method: 'get',
      path: '/api/keys',
      tag: 'workspace',
      summary: 'Write keys and admin tokens (admin tokens by prefix only)',
      response: z.object({ keys: z.array(KeyInfo) }),
      async handler({ workspaceId }) {
        return { keys: (await deps.keys.list(workspaceId)).map(strip) };
      },
    }),
    route<undefined, z.infer<typeof CreateKeyBody>>({
      method: 'post',
      path: '/api/keys',
      tag: 'workspace',
      summary: 'Create a write key or admin token; the token is shown only in this response',
      body: CreateKeyBody,
      response: CreatedKey,
      async handler({ workspaceId, body }) {
        const { key, token } = await deps.keys.create({ workspaceId, kind: body.kind, name: body.name });
        return { key: strip(key), token };
      },
    }),
    route({
      method: 'delete',
      path: '/api/keys/{id}',
      tag: 'workspace',
      summary: 'Revoke a key',
      response: KeyInfo,
      async handler({ workspaceId, params }) {
        return strip(await deps.keys.revoke(workspaceId, params.id ?? ''));
      },
    }),
  ];
}
