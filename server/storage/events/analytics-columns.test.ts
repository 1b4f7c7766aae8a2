import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { generate } from '../../../test/helpers/random-stream.ts';
import { openTestStores, type TestStores } from '../../../test/helpers/stores.ts';
import { testEngines } from '../../../test/helpers/server.ts';
import type { CallType } from '../../../common/segment.ts';
import { hostOfAuthority } from './analytics-columns.ts';
import { ANALYTICS_COLUMNS } from './sql-analytics.ts';

/**
 * The analytics columns two ways: written with each event (analyticsColumnsOf, in JS) and backfilled
 * in SQL for rows stored before the columns existed. An upgraded store must read exactly as a new one.
 */

const SELECT = `SELECT seq, ${ANALYTICS_COLUMNS.join(', ')}, analytics_ready FROM events ORDER BY seq`;

/** Runs raw SQL on the store's own database (a restarted process's view), returning rows as plain arrays. */
async function sql(t: TestStores, statement: string): Promise<unknown[][]> {
  if (t.engine === 'postgres') {
    const client = new pg.Client({ connectionString: process.env.KUNDRESA_TEST_DATABASE_URL, options: `-c search_path=${t.pgSchema ?? 'public'}` });
    await client.connect();
    try {
      return (await client.query({ text: statement, rowMode: 'array' })).rows as unknown[][];
    } finally {
      await client.end();
    }
  }
  const instance = await DuckDBInstance.create(path.join(t.dataDir, 'events.duckdb'));
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(statement)).getRows().map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe.each(testEngines())('analytics columns (%s)', (engine) => {
  it('are the same whether written with the event or backfilled after an upgrade', async () => {
    const first = await openTestStores(engine);
    const stream = generate(3);
    await first.append(stream.calls.map((c) => ({ ...c }) as Record<string, unknown> & { type: CallType }));
    await first.pipeline().drain();
    await first.close({ keepData: true });

    const written = await sql(first, SELECT);
    expect(written.length).toBe(stream.calls.length);
    // Hosts and paths are there, in several spellings (so the backfill has something to get right).
    expect(written.some((r) => r[5] === 'google.com')).toBe(true);
    expect(written.some((r) => r[6] === 'shop.example')).toBe(true);
    // As an older version left them: no analytics columns filled.
    await sql(first, `UPDATE events SET ${ANALYTICS_COLUMNS.map((c) => `${c} = NULL`).join(', ')}, analytics_ready = NULL`);
    const reopened = await first.reopen();
    await reopened.close({ keepData: true });
    expect(await sql(first, SELECT)).toEqual(written);
    await (await first.reopen()).close();
  }, 60_000);
});

describe('hostOfAuthority', () => {
  it('drops the user and a numeric port, lower-cases ASCII and one leading www.', () => {
    expect(hostOfAuthority('user@WWW.Example.COM:8080')).toBe('example.com');
    expect(hostOfAuthority('www.www.a.se')).toBe('www.a.se');
    expect(hostOfAuthority('host:abc')).toBe('host:abc');
    expect(hostOfAuthority('@:80')).toBeNull();
  });
});
