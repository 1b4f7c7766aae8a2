import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stats } from '../../../common/api.ts';
import { loadConfig } from '../../config.ts';
import { openStores, startServer } from '../../main.ts';
import { startTestServer, type TestServer } from '../../../test/helpers/server.ts';
import { runCli } from './cli.ts';
import { freePort, removeTempFiles, writeTemp } from './cli-test.helpers.ts';

/** The commands as registered: flags reach the commands, output and exit codes come back. */
describe('kundresa CLI data commands', () => {
  afterAll(() => removeTempFiles());

  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.close();
  });

  async function cli(args: string[]): Promise<{ stdout: string; exitCode: number | undefined }> {
    const out = new PassThrough();
    let stdout = '';
    out.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    let exitCode: number | undefined;
    const env = { KUNDRESA_DATA_DIR: ts.dataDir, PORT: String(await freePort()), KUNDRESA_LOG_LEVEL: 'error' };
    await runCli(args, { env, loadConfig, startServer, openStores, stdout: out, stderr: new PassThrough(), setExitCode: (c) => (exitCode = c) });
    return { stdout, exitCode };
  }

  it('import: flags are honoured, bad rows are printed and the exit code is 2', async () => {
    const file = writeTemp('signups.csv', 'email,first_name,kind\nidun@example.no,Idun,x\n,Nobody,y\n');
    const r = await cli(['import', file, '--kind', 'profiles', '--url', ts.url, '--write-key', ts.writeKey, '--no-progress']);
    expect(r.stdout).toMatch(/Imported 1 profile row of 2 from .*signups\.csv into the server at/);
    expect(r.stdout).toContain('line 3: email is empty');
    expect(r.exitCode).toBe(2);
    const clean = writeTemp('more.csv', 'email,first_name\nsiv@example.no,Siv\n');
    expect((await cli(['import', clean, '--url', ts.url, '--write-key', ts.writeKey, '--no-progress'])).exitCode).toBeUndefined();
  });

  it('demo and export events: flags are honoured', async () => {
    const demo = await cli(['demo', '--customers', '8', '--days', '5', '--seed', '77', '--url', ts.url, '--write-key', ts.writeKey, '--admin-token', ts.adminToken, '--no-progress']);
    expect(demo.stdout).toMatch(/8 customers over 5 days, seed 77/);
    const total = (await ts.api<Stats>('/api/stats')).totalEvents;
    const out = path.join(path.dirname(writeTemp('x', '')), 'all.parquet');
    const exp = await cli(['export', 'events', '--format', 'parquet', '--out', out, '--url', ts.url, '--admin-token', ts.adminToken]);
    expect(exp.stdout).toContain(`Exported ${total.toLocaleString('en-US')} events to ${out}`);
    expect(fs.statSync(out).size).toBeGreaterThan(0);
  });

  it('rejects invalid flag values with a message', async () => {
    await expect(cli(['demo', '--customers', '0'])).rejects.toThrow('--customers must be a positive integer');
    await expect(cli(['export', 'events', '--format', 'csv'])).rejects.toThrow('--format must be ndjson or parquet');
    await expect(cli(['import', 'nope.csv', '--kind', 'orders'])).rejects.toThrow('--kind must be events or profiles');
  });
});
