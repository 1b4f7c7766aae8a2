import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { EventList, EventNames, EventsQuery, Stats } from '../../../common/api.ts';
import { decodeCursor, encodeCursor, parseTime } from '../../http/cursor.ts';
import { type ApiRoute, route } from '../../http/routes.ts';
import type { EventStore } from '../../storage/events/event-store.ts';
import { DuckDbEventStore } from '../../storage/events/duckdb-event-store.ts';
import type { ProfilesRepository } from '../profiles/profiles.repository.ts';
import type { Pipeline } from '../pipeline/pipeline.service.ts';

const ExportQuery = z.object({ format: z.enum(['ndjson', 'parquet']).default('ndjson') });

/** Recent events, live stats and exports. */
export function eventRoutes(deps: { events: EventStore; profiles: ProfilesRepository; pipeline: Pipeline }): ApiRoute[] {
  return [
    route<z.infer<typeof EventsQuery>>({
      method: 'get',
      path: '/api/events',
      tag: 'events',
      summary: 'Recent events, newest first; filter by type, event name and time range',
      query: EventsQuery,
      response: EventList,
      async handler({ workspaceId, query }) {
        const c = decodeCursor(query.cursor, { timestamp: 'number', seq: 'number' });
        const events = await deps.events.events({
          workspaceId,
          type: query.type,
          event: query.event,
          from: parseTime(query.from, 'from'),
          to: parseTime(query.to, 'to'),
          afterSeq: query.after,
          before: c ? { timestamp: Number(c.timestamp), seq: Number(c.seq) } : undefined,
          limit: query.limit,
        });
        const last = events[events.length - 1];
        return { events, nextCursor: last && events.length === query.limit ? encodeCursor({ timestamp: last.timestamp, seq: last.seq }) : null };
      },
    }),
    route({
      method: 'get',
      path: '/api/stats',
      tag: 'events',
      summary: 'Events and profiles in total, pipeline lag, and events per minute over the last hour',
      response: Stats,
      async handler({ workspaceId }) {
        const [s, totalProfiles, pipelineLag] = await Promise.all([deps.events.stats({ workspaceId, now: Date.now() }), deps.profiles.count(workspaceId), deps.pipeline.lag()]);
        return { totalEvents: s.totalEvents, totalProfiles, pipelineLag, eventsPerMinute: s.perMinute };
      },
    }),
    route({
      method: 'get',
      path: '/api/event-names',
      tag: 'events',
      summary: 'Event names seen in this workspace, most frequent first',
      response: EventNames,
      async handler({ workspaceId }) {
        return { events: await deps.events.eventNames(workspaceId) };
      },
    }),
    route<z.infer<typeof ExportQuery>>({
      method: 'get',
      path: '/api/export/events',
      tag: 'events',
      summary: 'Export every event of the workspace as NDJSON or Parquet',
      query: ExportQuery,
      response: z.unknown(),
      produces: ['application/x-ndjson', 'application/vnd.apache.parquet'],
      async handler({ workspaceId, query, c }) {
        if (query.format === 'parquet') {
          const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-export-')), 'events.parquet');
          await writeParquet(deps.events, workspaceId, file);
          const data = fs.readFileSync(file);
          fs.rmSync(path.dirname(file), { recursive: true, force: true });
          return c.body(data, 200, { 'Content-Type': 'application/vnd.apache.parquet', 'Content-Disposition': 'attachment; filename="events.parquet"' });
        }
        c.header('Content-Type', 'application/x-ndjson');
        c.header('Content-Disposition', 'attachment; filename="events.ndjson"');
        return stream(c, async (s) => {
          await deps.events.exportEvents(workspaceId, async (rows) => {
            await s.write(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
          });
        });
      },
    }),
  ];
}

/**
 * Parquet comes from DuckDB's writer: directly from the embedded store, or for PostgreSQL through an
 * in-memory DuckDB fed with the NDJSON export.
 */
export async function writeParquet(events: EventStore, workspaceId: string, file: string): Promise<void> {
  if (events instanceof DuckDbEventStore) return events.exportParquet(workspaceId, file);
  const ndjson = `${file}.ndjson`;
  const out = fs.createWriteStream(ndjson);
  await events.exportEvents(workspaceId, (rows) => {
    out.write(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  });
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const duck = await DuckDbEventStore.open(':memory:');
  try {
    await duck.copyJsonToParquet(ndjson, file, workspaceId);
  } finally {
    await duck.close();
    fs.rmSync(ndjson, { force: true });
  }
}
