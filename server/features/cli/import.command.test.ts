import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventList, ProfileDetail, Stats } from '../../../common/api.ts';
import { startTestServer, testEngines, type TestServer } from '../../../test/helpers/server.ts';
import { freePort, freshStorage, removeTempFiles, serveStorage, storageConfig, type TestStorage, testContext, writeTemp } from './cli-test.helpers.ts';
import { runImport } from './import.command.ts';

const PROFILES_CSV = [
  'user_id,email,first_name,city,zip,orders,vip,address.street', // 1
  'c-1,anna@example.se,Anna,Göteborg,01234,3,true,Storgatan 1', // 2
  'c-2,erik@example.se,"Erik', // 3
  'Olof",Malmö,21120,0,false,', // 4
  ',nobody@example.se,Nobody,Umeå,90326,1,false,', // 5: no id
  'c-3,maja@example.se,Maja', // 6: too few columns
  '', // 7
  'c-4,lars@example.no,Lars,Tromsø,9008,12,TRUE,"Storgata 2, 3. etg"', // 8
].join('\r\n');

const EVENTS_NDJSON = [
  '{"type":"track","event":"Order Completed","userId":"c-1","timestamp":"2025-10-01T10:00:00.000Z","properties":{"order_id":"o-1","revenue":499,"currency":"SEK"}}', // 1
  '{"type":"track","event":"Order Completed","userId":', // 2: broken JSON
  '', // 3
  '{"type":"page","anonymousId":"anon-1","name":"Home","timestamp":"2025-10-01T09:00:00.000Z"}', // 4
  '{"type":"track","userId":"c-1"}', // 5: no event name
  '[1,2,3]', // 6: not an object
  '{"type":"identify","userId":"c-9","anonymousId":"anon-1","traits":{"email":"ida@example.dk"}}', // 7
  '{"type":"track","event":"Product Viewed"}', // 8: no identity
  '{"type":"track","event":"Product Viewed","userId":"c-1","timestamp":"not a date"}', // 9
  '{"type":"track","event":"Product Viewed","userId":"c-9","messageId":"given-id-2","properties":{"sku":"NS-1"}}', // 10
].join('\n');

describe.each(testEngines())('kundresa import (%s)', (engine) => {
  afterAll(() => removeTempFiles());

  describe('into a running server', () => {
    let ts: TestServer;
    let storage: TestStorage;
    let port: number;

    beforeAll(async () => {
      const pgSchema = engine === 'postgres' ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
      ts = await startTestServer({ engine, pgSchema });
      storage = { engine, dataDir: ts.dataDir, pgSchema, writeKey: ts.writeKey, adminToken: ts.adminToken, remove: () => undefined };
      port = await freePort();
    });
    afterAll(async () => {
      await ts.close();
    });

    const total = async () => (await ts.api<Stats>('/api/stats')).totalEvents;

    it('imports a profiles CSV as identify calls and reports the bad rows by line', async () => {
      const file = writeTemp('customers.csv', PROFILES_CSV);
      // No write key given: it is read from the state store next to the running server.
      const { ctx, stdout } = testContext(storage, storageConfig(storage, { port, withKeys: false }));
      const r = await runImport({ file, url: ts.url, progress: false }, ctx);
      expect(r).toMatchObject({ mode: 'http', kind: 'profiles', format: 'csv', rows: 5, accepted: 3, badCount: 2 });
      expect(r.bad).toEqual([
        { line: 5, reason: 'user_id is empty' },
        { line: 6, reason: 'expected 8 columns (as in the header), found 3' },
      ]);
      expect(stdout()).toContain('line 5: user_id is empty');
      await ts.settle();
      const anna = await ts.api<ProfileDetail>('/api/profiles/c-1');
      expect(anna.traits).toEqual({ email: 'anna@example.se', first_name: 'Anna', city: 'Göteborg', zip: '01234', orders: 3, vip: true, address: { street: 'Storgatan 1' } });
      const erik = await ts.api<ProfileDetail>('/api/profiles/c-2');
      expect(erik.traits).toMatchObject({ first_name: 'Erik\nOlof', city: 'Malmö', zip: '21120', orders: 0, vip: false });
      expect(erik.traits).not.toHaveProperty('address');
      const lars = await ts.api<ProfileDetail>('/api/profiles/c-4');
      expect(lars.traits).toMatchObject({ zip: '9008', orders: 12, vip: true, address: { street: 'Storgata 2, 3. etg' } });
    });

    it('imports NDJSON events: good lines stored, bad lines reported with line numbers and reasons', async () => {
      const before = await total();
      const file = writeTemp('events.ndjson', EVENTS_NDJSON);
      const { ctx } = testContext(storage, storageConfig(storage, { port }));
      const r = await runImport({ file, url: ts.url, writeKey: ts.writeKey, progress: false }, ctx);
      expect(r).toMatchObject({ mode: 'http', kind: 'events', format: 'ndjson', rows: 9, accepted: 4, badCount: 5 });
      expect(r.bad.map((b) => b.line)).toEqual([2, 5, 6, 8, 9]);
      expect(r.bad[0]?.reason).toMatch(/^invalid JSON/);
      expect(r.bad[1]?.reason).toBe('event is required.');
      expect(r.bad[3]?.reason).toBe('Either userId or anonymousId is required.');
      expect(r.bad[4]?.reason).toMatch(/timestamp/);
      await ts.settle();
      expect(await total()).toBe(before + 4);
      const orders = await ts.api<EventList>('/api/events?event=Order%20Completed');
      expect(orders.events).toHaveLength(1);
      expect(orders.events[0]).toMatchObject({ userId: 'c-1', timestamp: Date.parse('2025-10-01T10:00:00.000Z'), properties: { order_id: 'o-1', revenue: 499, currency: 'SEK' } });
      expect(orders.events[0]?.messageId).toMatch(/^imp_/);
      const viewed = await ts.api<EventList>('/api/events?event=Product%20Viewed');
      expect(viewed.events.map((e) => e.messageId)).toEqual(['given-id-2']);
      // The anonymous page view and the identify joined one profile.
      const ida = await ts.api<ProfileDetail>('/api/profiles/anon-1');
      expect(ida.userId).toBe('c-9');
      expect(ida.eventCount).toBe(3);
    });

    it('stores each row once when the same file is imported twice; identical rows stay distinct', async () => {
      const line = '{"type":"track","event":"Gift Card Bought","userId":"c-1","properties":{"amount":500}}';
      const content = [line, line, '{"type":"track","event":"Gift Card Bought","userId":"c-2"}'].join('\n');
      const file = writeTemp('giftcards.ndjson', content);
      const { ctx } = testContext(storage, storageConfig(storage, { port }));
      const count = async () => (await ts.api<EventList>('/api/events?event=Gift%20Card%20Bought&limit=100')).events.length;

      const first = await runImport({ file, url: ts.url, progress: false }, ctx);
      expect(first.accepted).toBe(3);
      await ts.settle();
      expect(await count()).toBe(3);
      const totalAfterFirst = await total();

      const second = await runImport({ file, url: ts.url, progress: false }, ctx);
      expect(second.accepted).toBe(3);
      await ts.settle();
      expect(await count()).toBe(3);
      expect(await total()).toBe(totalAfterFirst);

      // The same rows in a file with another name are other events (another shop export, say).
      const other = path.join(path.dirname(file), 'giftcards-store-2.ndjson');
      fs.writeFileSync(other, content);
      await runImport({ file: other, url: ts.url, progress: false }, ctx);
      await ts.settle();
      expect(await count()).toBe(6);
      // …unless it is the same file renamed and says so.
      const renamed = path.join(path.dirname(file), 'renamed.ndjson');
      fs.writeFileSync(renamed, content);
      await runImport({ file: renamed, source: 'giftcards.ndjson', url: ts.url, progress: false }, ctx);
      await ts.settle();
      expect(await count()).toBe(6);
    });

    it('imports profiles from NDJSON: an id key, a traits object and other keys as traits', async () => {
      const lines = ['{"user_id":"p-1","email":"sigrid@example.no","traits":{"plan":"gold"},"city":"Bergen"}', '{"email":"no-id-key@example.no","name":"Nameless"}', '{"type":"identify","userId":"p-2","traits":{"city":"Oslo"}}'];
      const file = writeTemp('members.ndjson', lines.join('\n'));
      const { ctx } = testContext(storage, storageConfig(storage, { port }));
      const r = await runImport({ file, kind: 'profiles', url: ts.url, progress: false }, ctx);
      // The second line's e-mail is its id; a line with a call type is taken as the call it is.
      expect(r).toMatchObject({ kind: 'profiles', accepted: 3, badCount: 0 });
      await ts.settle();
      expect((await ts.api<ProfileDetail>('/api/profiles/p-1')).traits).toEqual({ email: 'sigrid@example.no', plan: 'gold', city: 'Bergen' });
      expect((await ts.api<ProfileDetail>('/api/profiles/no-id-key@example.no')).traits).toEqual({ email: 'no-id-key@example.no', name: 'Nameless' });
      expect((await ts.api<ProfileDetail>('/api/profiles/p-2')).traits).toEqual({ city: 'Oslo' });
    });

    it('maps an events CSV: type, event, ids, timestamp, properties.x, context.x and plain columns', async () => {
      const csv = [
        'type;event;userId;anonymousId;timestamp;properties.revenue;context.campaign.source;currency;name', // 1
        ';Order Completed;c-1;;2025-10-02T10:00:00Z;1299;newsletter;SEK;Shell Jacket', // 2
        'page;;;anon-2;2025-10-02T09:00:00Z;;;;Home', // 3
        'track;;c-1;;2025-10-02T11:00:00Z;;;;', // 4: no event name
        'alias;;c-1;;;;;;', // 5: alias without previousId
        ';Order Completed;c-7;;1759399200;10;;NOK;', // 6: epoch seconds
        ';Order Completed;c-7;;1759399200500;20;;NOK;', // 7: epoch milliseconds
      ].join('\n');
      const file = writeTemp('orders.csv', csv);
      const { ctx } = testContext(storage, storageConfig(storage, { port }));
      const r = await runImport({ file, url: ts.url, progress: false }, ctx);
      expect(r).toMatchObject({ kind: 'events', format: 'csv', rows: 6, accepted: 4 });
      expect(r.bad.map((b) => b.line)).toEqual([4, 5]);
      expect(r.bad[1]?.reason).toMatch(/previousId/);
      await ts.settle();
      const order = (await ts.api<EventList>(`/api/events?event=Order%20Completed&from=${Date.parse('2025-10-02T00:00:00Z')}`)).events.filter((e) => e.userId === 'c-1');
      expect(order).toHaveLength(1);
      expect(order[0]).toMatchObject({ type: 'track', userId: 'c-1', timestamp: Date.parse('2025-10-02T10:00:00Z'), properties: { revenue: 1299, currency: 'SEK', name: 'Shell Jacket' }, context: { campaign: { source: 'newsletter' } } });
      const epochs = (await ts.api<EventList>('/api/events?event=Order%20Completed')).events.filter((e) => e.userId === 'c-7');
      expect(epochs.map((e) => e.timestamp).sort()).toEqual([1759399200000, 1759399200500]);
      const page = (await ts.api<EventList>('/api/events?type=page')).events.find((e) => e.anonymousId === 'anon-2');
      expect(page).toMatchObject({ name: 'Home', properties: {} });
    });
  });

  it('reports calls the server rejects (after local validation passed) with their line numbers', async () => {
    const pgSchema = engine === 'postgres' ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
    const ts = await startTestServer({ engine, pgSchema, config: { maxEventBytes: 1500 } });
    try {
      const storage: TestStorage = { engine, dataDir: ts.dataDir, pgSchema, writeKey: ts.writeKey, adminToken: ts.adminToken, remove: () => undefined };
      const big = JSON.stringify({ type: 'track', event: 'Big', userId: 'u', properties: { blob: 'x'.repeat(3000) } });
      const small = (n: number) => JSON.stringify({ type: 'track', event: 'Small', userId: 'u', properties: { n } });
      const file = writeTemp('mixed.ndjson', [small(1), big, small(2), big].join('\n'));
      const { ctx } = testContext(storage, storageConfig(storage, { port: await freePort() }));
      const r = await runImport({ file, url: ts.url, progress: false }, ctx);
      expect(r.accepted).toBe(2);
      expect(r.bad.map((b) => b.line)).toEqual([2, 4]);
      expect(r.bad[0]?.reason).toMatch(/larger than 1500 bytes/);
    } finally {
      await ts.close();
    }
  });

  describe('with no server running', () => {
    let storage: TestStorage;
    beforeAll(() => {
      storage = freshStorage(engine);
    });
    afterAll(() => storage.remove());

    it('opens the stores itself, validates the same way, and has processed everything before it returns', async () => {
      const config = storageConfig(storage, { port: await freePort() });
      const { ctx, stdout } = testContext(storage, config);
      const profiles = await runImport({ file: writeTemp('customers.csv', PROFILES_CSV), progress: false }, ctx);
      expect(profiles).toMatchObject({ mode: 'direct', accepted: 3, badCount: 2 });
      expect(profiles.bad.map((b) => b.line)).toEqual([5, 6]);
      expect(stdout()).toContain('Created workspace');
      const eventsFile = writeTemp('events.ndjson', EVENTS_NDJSON);
      const events = await runImport({ file: eventsFile, progress: false }, ctx);
      expect(events).toMatchObject({ mode: 'direct', accepted: 4, badCount: 5 });
      expect(events.bad.map((b) => b.line)).toEqual([2, 5, 6, 8, 9]);
      // Twice is safe in this mode too.
      await runImport({ file: eventsFile, progress: false }, ctx);

      const server = await serveStorage(storage);
      try {
        // No waiting: the import ran the pipeline before returning.
        const stats = await server.api<Stats>('/api/stats');
        expect(stats.pipelineLag).toBe(0);
        expect(stats.totalEvents).toBe(7);
        expect((await server.api<ProfileDetail>('/api/profiles/c-4')).traits).toMatchObject({ city: 'Tromsø', orders: 12 });
        expect((await server.api<ProfileDetail>('/api/profiles/anon-1')).userId).toBe('c-9');
      } finally {
        await server.close();
      }
    });
  });
});
