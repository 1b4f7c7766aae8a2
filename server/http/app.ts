import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { z } from 'zod';
import { AppError, errorBody, parseOr400, toErrorResponse } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { KeysService } from '../features/workspaces/keys.service.ts';
import { type ApiRoute, openApiDocument } from './routes.ts';

const MAX_ADMIN_BODY = 1024 * 1024;

/**
 * The admin API and dashboard as a Hono app (no listen: tests and main.ts mount it). Every /api route
 * except the OpenAPI document and health check needs the admin token as a Bearer token.
 */
export function buildAdminApp(deps: { routes: ApiRoute[]; keys: KeysService; log: Logger; webDir: string; version: string }): Hono {
  const app = new Hono();
  const openapi = openApiDocument(deps.routes, { version: deps.version });

  app.onError((err, c) => {
    const { status, body } = toErrorResponse(err, (m, e) => deps.log.error(m, e));
    return c.json(body, status as 400);
  });
  app.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
  });
  app.get('/api/openapi.json', (c) => c.json(openapi));
  app.get('/api/health', (c) => c.json({ ok: true }));

  for (const r of deps.routes) {
    const honoPath = r.path.replace(/\{(\w+)\}/g, ':$1');
    app.on(r.method.toUpperCase(), honoPath, async (c) => {
      const workspaceId = await authenticateAdmin(deps.keys, c.req.header('authorization'));
      const query = r.query ? validate(r.query, c.req.query(), 'query') : undefined;
      let body: unknown;
      if (r.body) {
        const length = Number(c.req.header('content-length') ?? '0');
        if (length > MAX_ADMIN_BODY) throw new AppError(413, 'payload_too_large', 'The request body is too large.');
        const text = await c.req.text();
        if (text.length > MAX_ADMIN_BODY) throw new AppError(413, 'payload_too_large', 'The request body is too large.');
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch {
          throw new AppError(400, 'invalid_json', 'The request body is not valid JSON.');
        }
        body = validate(r.body, raw, 'body');
      }
      const result = await r.handler({ workspaceId, params: c.req.param() as Record<string, string>, query, body, c });
      return result instanceof Response ? result : c.json(result as object);
    });
  }
  app.all('/api/*', (c) => c.json(errorBody('not_found', 'No such API endpoint. See /api/openapi.json.'), 404));

  // The dashboard: built static files, with index.html for client-side routes.
  const indexFile = path.join(deps.webDir, 'index.html');
  app.use('/*', serveStatic({ root: path.relative(process.cwd(), deps.webDir) || '.' }));
  app.get('*', (c) => {
    if (!fs.existsSync(indexFile)) return c.text('The dashboard is not built. Run `npm run build:web`.', 503);
    return c.html(fs.readFileSync(indexFile, 'utf8'));
  });
  return app;
}

async function authenticateAdmin(keys: KeysService, header: string | undefined): Promise<string> {
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!token) throw new AppError(401, 'unauthorized', 'Send the admin token as "Authorization: Bearer <token>".');
  const workspaceId = token.length <= 200 ? await keys.workspaceForAdminToken(token) : null;
  if (!workspaceId) throw new AppError(401, 'unauthorized', 'The admin token is invalid or revoked.');
  return workspaceId;
}

function validate<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  return parseOr400(schema, value, { where, code: 'invalid_field' });
}
