import type { Context } from 'hono';
import { z } from 'zod';

/** What a handler receives: the authenticated workspace and the validated inputs. */
export interface RouteInput<Q, B> {
  workspaceId: string;
  params: Record<string, string>;
  query: Q;
  body: B;
  c: Context;
}

/**
 * One admin API route, declared once: Hono serves it and the OpenAPI document describes it from the
 * same Zod schemas that validate its inputs and describe its output.
 */
export interface ApiRoute<Q = unknown, B = unknown> {
  method: 'get' | 'post' | 'delete' | 'patch' | 'put';
  /** OpenAPI-style path, e.g. /api/profiles/{id}. */
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: z.ZodType;
  /** Non-JSON responses (exports) describe their media type here. */
  produces?: string[];
  handler: (input: RouteInput<Q, B>) => Promise<unknown> | unknown;
}

/** Declares a route with inferred query/body types. */
export function route<Q = undefined, B = undefined>(r: ApiRoute<Q, B>): ApiRoute {
  return r as unknown as ApiRoute;
}

/** Builds the OpenAPI 3.1 document of the admin API from the declared routes. */
export function openApiDocument(routes: ApiRoute[], info: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const parameters: unknown[] = [];
    for (const m of r.path.matchAll(/\{(\w+)\}/g)) parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    if (r.query instanceof z.ZodObject) {
      const shape = r.query.shape as Record<string, z.ZodType>;
      for (const [name, schema] of Object.entries(shape)) {
        const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
        parameters.push({ name, in: 'query', required: !schema.safeParse(undefined).success, schema: json, description: schema.description });
      }
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      security: [{ adminToken: [] }],
      parameters,
      responses: {
        '200': {
          description: 'OK',
          content: Object.fromEntries((r.produces ?? ['application/json']).map((t) => [t, t === 'application/json' ? { schema: z.toJSONSchema(r.response, { unrepresentable: 'any' }) } : {}])),
        },
        '400': { description: 'Invalid input', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        '401': { description: 'Missing or invalid admin token', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } } };
    paths[r.path] = { ...paths[r.path], [r.method]: op };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Kundresa admin API', version: info.version, description: 'Administration and analytics API. Ingestion speaks the Segment HTTP Tracking API on /v1/*.' },
    components: {
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token printed at first start (kundresa keys create --kind admin for more).' } },
      schemas: {
        Error: {
          type: 'object',
          properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} }, required: ['code', 'message'] } },
          required: ['error'],
        },
      },
    },
    paths,
  };
}
