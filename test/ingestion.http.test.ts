import crypto from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventItem, EventList, ProfileDetail, ProfileList, Stats } from '../common/api.ts';
import { startTestServer, testEngines, type TestServer } from './helpers/server.ts';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: { success?: boolean; accepted?: number; rejected?: { index: number; messageId?: string; code: string; message: string; field?: string }[]; error?: { code: string; message: string; details?: { field?: string; rejected?: unknown[] } } };
}

/** A raw HTTP request with full control over headers and framing (no Content-Length when `chunked`). */
function raw(url: string, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean }): Promise<RawResponse> {
  const u = new URL(opts.path, url);
  return new Promise((resolve, reject) => {
    const body = typeof opts.body === 'string' ? Buffer.from(opts.body) : opts.body;
    const headers: Record<string, string> = { ...opts.headers };
    if (body && !opts.chunked) headers['Content-Length'] = String(body.length);
    const req = http.request({ method: opts.method ?? 'POST', hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: RawResponse['json'] = {};
        try {
          json = text ? (JSON.parse(text) as RawResponse['json']) : {};
        } catch {
          // Non-JSON bodies are checked through `text`.
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    // The server may answer (413) and close before the whole body is written; the answer still counts.
    req.on('error', reject);
    if (body && opts.chunked) {
      for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.subarray(i, i + 16 * 1024));
      req.end();
    } else {
      req.end(body);
    }
  });
}

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const uid = () => crypto.randomBytes(5).toString('hex');

describe.each(testEngines())('ingestion and admin HTTP API on %s storage', (engine) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ engine });
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(t.url, { path, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'application/json', Authorization: basic(t.writeKey), ...headers } });
  const eventsNamed = async (name: string) => (await t.api<EventList>(`/api/events?limit=500&event=${encodeURIComponent(name)}`)).events;

  describe('authentication', () => {
    it('rejects a missing or unknown write key with 401', async () => {
      const call = { userId: 'u', event: 'E' };
      const missing = await raw(t.url, { path: '/v1/track', body: JSON.stringify(call), headers: { 'Content-Type': 'application/json' } });
      expect(missing.status).toBe(401);
      expect(missing.json.error?.code).toBe('invalid_write_key');
      const unknown = await post('/v1/track', call, { Authorization: basic('wk_not_a_real_key') });
      expect(unknown.status).toBe(401);
      const inBody = await post('/v1/track', { ...call, writeKey: 'wk_not_a_real_key' }, { Authorization: '' });
      expect(inBody.status).toBe(401);
    });

    it('accepts the write key as Basic auth user (with or without the colon) or as writeKey in the body', async () => {
      const name = `Auth ${uid()}`;
      expect((await post('/v1/track', { userId: 'u', event: name })).status).toBe(200);
      const noColon = `Basic ${Buffer.from(t.writeKey).toString('base64')}`;
      expect((await post('/v1/track', { userId: 'u', event: name }, { Authorization: noColon })).status).toBe(200);
      const res = await raw(t.url, { path: '/v1/track', body: JSON.stringify({ userId: 'u', event: name, writeKey: t.writeKey }), headers: { 'Content-Type': 'application/json' } });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ success: true });
      await t.settle();
      expect(await eventsNamed(name)).toHaveLength(3);
    });

    it('a revoked write key stops working at once', async () => {
      const created = await t.api<{ key: { id: string; kind: string; writeKey: string }; token: string }>('/api/keys', { method: 'POST', body: JSON.stringify({ kind: 'write', name: 'shop' }) });
      expect(created.key.kind).toBe('write');
      const name = `Revoke ${uid()}`;
      expect((await post('/v1/track', { userId: 'u', event: name }, { Authorization: basic(created.token) })).status).toBe(200);
      const revoked = await t.api<{ revokedAt: number | null }>(`/api/keys/${created.key.id}`, { method: 'DELETE' });
      expect(revoked.revokedAt).not.toBeNull();
      const after = await post('/v1/track', { userId: 'u', event: name }, { Authorization: basic(created.token) });
      expect(after.status).toBe(401);
      // The default key is untouched.
      expect((await post('/v1/track', { userId: 'u', event: name })).status).toBe(200);
      await t.settle();
      expect(await eventsNamed(name)).toHaveLength(2);
    });

    it('a write key cannot call the admin API, and an admin token cannot ingest', async () => {
      for (const auth of [`Bearer ${t.writeKey}`, basic(t.writeKey), '']) {
        const res = await raw(t.url, { method: 'GET', path: '/api/stats', headers: { Authorization: auth } });
        expect(res.status).toBe(401);
        expect(res.json.error?.code).toBe('unauthorized');
      }
      const asAdmin = await post('/v1/track', { userId: 'u', event: 'E' }, { Authorization: basic(t.adminToken) });
      expect(asAdmin.status).toBe(401);
      const adminInBody = await raw(t.url, { path: '/v1/track', body: JSON.stringify({ userId: 'u', event: 'E', writeKey: t.adminToken }), headers: { 'Content-Type': 'application/json' } });
      expect(adminInBody.status).toBe(401);
      // A revoked admin token stops working too.
      const created = await t.api<{ key: { id: string }; token: string }>('/api/keys', { method: 'POST', body: JSON.stringify({ kind: 'admin', name: 'ops' }) });
      expect((await raw(t.url, { method: 'GET', path: '/api/stats', headers: { Authorization: `Bearer ${created.token}` } })).status).toBe(200);
      await t.api(`/api/keys/${created.key.id}`, { method: 'DELETE' });
      expect((await raw(t.url, { method: 'GET', path: '/api/stats', headers: { Authorization: `Bearer ${created.token}` } })).status).toBe(401);
    });
  });

  describe('validation', () => {
    it('names the missing field', async () => {
      const track = await post('/v1/track', { userId: 'u', properties: {} });
      expect(track.status).toBe(400);
      expect(track.json.error?.code).toBe('invalid_field');
      expect(track.json.error?.message).toMatch(/\bevent\b/);
      expect(track.json.error?.details?.field).toBe('event');
      const group = await post('/v1/group', { userId: 'u' });
      expect(group.status).toBe(400);
      expect(group.json.error?.message).toMatch(/groupId/);
      const noId = await post('/v1/identify', { traits: { email: 'x@example.com' } });
      expect(noId.status).toBe(400);
      expect(noId.json.error?.code).toBe('missing_identity');
      expect(noId.json.error?.message).toMatch(/userId or anonymousId/);
    });

    it('rejects invalid JSON, non-object bodies, unknown endpoints and wrong methods', async () => {
      const bad = await post('/v1/track', '{"userId": "u", "event": ');
      expect(bad.status).toBe(400);
      expect(bad.json.error?.code).toBe('invalid_json');
      expect((await post('/v1/track', '[1,2]')).status).toBe(400);
      expect((await post('/v1/batch', { batch: 'nope' })).json.error?.details?.field).toBe('batch');
      expect((await post('/v1/purchase', { userId: 'u' })).status).toBe(404);
      expect((await raw(t.url, { method: 'GET', path: '/v1/track', headers: { Authorization: basic(t.writeKey) } })).status).toBe(405);
    });

    it('stores the valid calls of a batch and lists the rejected ones with index and reason', async () => {
      const name = `Partial ${uid()}`;
      const res = await post('/v1/batch', {
        batch: [
          { type: 'track', userId: 'u', event: name, messageId: `${name}-0` },
          { type: 'track', userId: 'u', messageId: `${name}-1` },
          { type: 'purchase', userId: 'u' },
          { type: 'track', event: name },
          'not a call',
          { type: 'track', userId: 'u', event: name, messageId: `${name}-5` },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.json.success).toBe(true);
      expect(res.json.accepted).toBe(2);
      expect(res.json.rejected?.map((r) => [r.index, r.code, r.field])).toEqual([
        [1, 'invalid_field', 'event'],
        [2, 'invalid_field', 'type'],
        [3, 'missing_identity', 'userId'],
        [4, 'invalid_call', undefined],
      ]);
      expect(res.json.rejected?.[0]?.messageId).toBe(`${name}-1`);
      for (const r of res.json.rejected ?? []) expect(r.message.length).toBeGreaterThan(5);
      await t.settle();
      expect((await eventsNamed(name)).map((e) => e.messageId).sort()).toEqual([`${name}-0`, `${name}-5`]);

      const none = await post('/v1/batch', { batch: [{ type: 'track', userId: 'u' }] });
      expect(none.status).toBe(400);
      expect(none.json.error?.details?.rejected).toHaveLength(1);
    });
  });

  describe('size limits and encodings', () => {
    const bigCall = (bytes: number) => JSON.stringify({ userId: 'u', event: 'Big', properties: { pad: 'x'.repeat(bytes) } });

    it('answers 413 for a single call over 32 KB, declared or streamed', async () => {
      const declared = await post('/v1/track', bigCall(33 * 1024));
      expect(declared.status).toBe(413);
      expect(declared.json.error?.code).toBe('payload_too_large');
      const streamed = await raw(t.url, { path: '/v1/track', body: bigCall(40 * 1024), chunked: true, headers: { 'Content-Type': 'application/json', Authorization: basic(t.writeKey) } });
      expect(streamed.status).toBe(413);
      // Just under the limit is fine.
      expect((await post('/v1/track', bigCall(30 * 1024))).status).toBe(200);
    });

    it('answers 413 for a batch over 500 KB, and rejects only the oversized call inside a smaller batch', async () => {
      const calls = Array.from({ length: 20 }, () => ({ type: 'track', userId: 'u', event: 'Big', properties: { pad: 'x'.repeat(30 * 1024) } }));
      const tooBig = await post('/v1/batch', { batch: calls });
      expect(tooBig.status).toBe(413);
      const name = `Mixed size ${uid()}`;
      const res = await post('/v1/batch', { batch: [{ type: 'track', userId: 'u', event: name }, { type: 'track', userId: 'u', event: name, properties: { pad: 'x'.repeat(40 * 1024) } }] });
      expect(res.status).toBe(200);
      expect(res.json.rejected).toEqual([expect.objectContaining({ index: 1, code: 'event_too_large' })]);
      await t.settle();
      expect(await eventsNamed(name)).toHaveLength(1);
    });

    it('measures the 32 KB per call in bytes, not characters', async () => {
      const name = `Multibyte ${uid()}`;
      // 20 000 'ö' are 20 000 characters but 40 000 bytes of UTF-8.
      const res = await post('/v1/batch', { batch: [{ type: 'track', userId: 'u', event: name }, { type: 'track', userId: 'u', event: name, properties: { text: 'ö'.repeat(20_000) } }] });
      expect(res.status).toBe(200);
      expect(res.json.rejected).toEqual([expect.objectContaining({ index: 1, code: 'event_too_large' })]);
      const fits = await post('/v1/batch', { batch: [{ type: 'track', userId: 'u', event: name, properties: { text: 'ö'.repeat(15_000) } }] });
      expect(fits.json).toEqual({ success: true });
    });

    it('accepts gzip and deflate bodies, as RudderStack and other SDKs send', async () => {
      const name = `Gzip ${uid()}`;
      const batch = JSON.stringify({ batch: Array.from({ length: 30 }, (_, i) => ({ type: 'track', userId: `g-${i}`, event: name, properties: { i } })) });
      const gz = await raw(t.url, { path: '/v1/batch', body: zlib.gzipSync(batch), headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', Authorization: basic(t.writeKey) } });
      expect(gz.status).toBe(200);
      const deflated = await raw(t.url, { path: '/v1/track', body: zlib.deflateSync(JSON.stringify({ userId: 'd', event: name })), headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'deflate', Authorization: basic(t.writeKey) } });
      expect(deflated.status).toBe(200);
      await t.settle();
      expect(await eventsNamed(name)).toHaveLength(31);
    });

    it('answers 413 for a gzip bomb, 400 for corrupt gzip and 415 for an unknown encoding', async () => {
      // ~5 MB of JSON that compresses to a few KB: well under the limit on the wire, far over it inflated.
      const bomb = zlib.gzipSync(JSON.stringify({ batch: [{ type: 'track', userId: 'u', event: 'Bomb', properties: { pad: 'A'.repeat(5 * 1024 * 1024) } }] }));
      expect(bomb.length).toBeLessThan(32 * 1024);
      const headers = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', Authorization: basic(t.writeKey) };
      expect((await raw(t.url, { path: '/v1/batch', body: bomb, headers })).status).toBe(413);
      const smallBomb = zlib.gzipSync(bigCall(200 * 1024));
      expect((await raw(t.url, { path: '/v1/track', body: smallBomb, headers })).status).toBe(413);
      const corrupt = await raw(t.url, { path: '/v1/track', body: Buffer.from('definitely not gzip'), headers });
      expect(corrupt.status).toBe(400);
      expect(corrupt.json.error?.code).toBe('invalid_encoding');
      const br = await raw(t.url, { path: '/v1/track', body: JSON.stringify({ userId: 'u', event: 'E' }), headers: { ...headers, 'Content-Encoding': 'br' } });
      expect(br.status).toBe(415);
    });
  });

  it('answers CORS preflights so browsers may post from any site', async () => {
    const res = await raw(t.url, {
      method: 'OPTIONS',
      path: '/v1/batch',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(res.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(res.headers['access-control-allow-headers']?.toLowerCase()).toMatch(/authorization/);
    expect(res.headers['access-control-allow-headers']?.toLowerCase()).toMatch(/content-type/);
    const actual = await post('/v1/track', { userId: 'u', event: 'CORS' }, { Origin: 'https://shop.example' });
    expect(actual.status).toBe(200);
    expect(actual.headers['access-control-allow-origin']).toBe('https://shop.example');
  });

  it('stores a messageId once, whether resent or repeated inside one batch', async () => {
    const name = `Dedupe ${uid()}`;
    const call = { type: 'track', userId: 'dd', event: name, messageId: `${name}-a`, properties: { copy: 1 } };
    expect((await post('/v1/track', call)).status).toBe(200);
    expect((await post('/v1/track', { ...call, properties: { copy: 2 } })).status).toBe(200);
    expect((await post('/v1/batch', { batch: [{ ...call, properties: { copy: 3 } }, { ...call, messageId: `${name}-b` }, { ...call, messageId: `${name}-b` }] })).status).toBe(200);
    await t.settle();
    const stored = await eventsNamed(name);
    expect(stored.map((e) => e.messageId).sort()).toEqual([`${name}-a`, `${name}-b`]);
    // The first copy wins.
    expect(stored.find((e) => e.messageId === `${name}-a`)?.properties).toEqual({ copy: 1 });
    expect((await t.api<ProfileDetail>('/api/profiles/dd')).eventCount).toBe(2);
  });

  describe('timestamps', () => {
    const stored = async (name: string): Promise<EventItem> => {
      await t.settle();
      const [e] = await eventsNamed(name);
      if (!e) throw new Error(`${name} not stored`);
      return e;
    };

    it('corrects client clock skew: receivedAt − (sentAt − timestamp)', async () => {
      const name = `Skew ${uid()}`;
      const clientNow = Date.now() + 3_600_000; // the client clock runs an hour ahead
      const res = await post('/v1/track', { userId: 'u', event: name, timestamp: new Date(clientNow - 5_000).toISOString(), sentAt: new Date(clientNow).toISOString() });
      expect(res.status).toBe(200);
      const e = await stored(name);
      expect(e.timestamp).toBe(e.receivedAt - 5_000);
      expect(Math.abs(e.receivedAt - Date.now())).toBeLessThan(60_000);
    });

    it('applies a batch-level sentAt to every call of the batch', async () => {
      const name = `Batch skew ${uid()}`;
      const clientNow = Date.now() - 7_200_000; // two hours behind
      await post('/v1/batch', { sentAt: new Date(clientNow).toISOString(), batch: [{ type: 'track', userId: 'u', event: name, timestamp: new Date(clientNow - 60_000).toISOString() }] });
      const e = await stored(name);
      expect(e.timestamp).toBe(e.receivedAt - 60_000);
    });

    it('accepts historical timestamps (imports)', async () => {
      const name = `Historical ${uid()}`;
      await post('/v1/track', { userId: 'u', event: name, timestamp: '2019-06-01T08:30:00.000Z' });
      expect((await stored(name)).timestamp).toBe(Date.parse('2019-06-01T08:30:00.000Z'));
      // With a truthful sentAt, a years-old event stays (about) where it was.
      const name2 = `Historical sent ${uid()}`;
      await post('/v1/track', { userId: 'u', event: name2, timestamp: '2019-06-01T08:30:00.000Z', sentAt: new Date().toISOString() });
      expect(Math.abs((await stored(name2)).timestamp - Date.parse('2019-06-01T08:30:00.000Z'))).toBeLessThan(60_000);
      // No timestamp at all: it happened when it arrived.
      const name3 = `No timestamp ${uid()}`;
      await post('/v1/track', { userId: 'u', event: name3 });
      const e3 = await stored(name3);
      expect(e3.timestamp).toBe(e3.receivedAt);
    });
  });

  describe('admin API', () => {
    it('GET /api/events filters by type, event and time range, and pages with a cursor', async () => {
      const name = `Filter ${uid()}`;
      const start = Date.parse('2024-05-01T10:00:00Z');
      const hour = 3_600_000;
      const batch = [];
      for (let i = 0; i < 7; i++) batch.push({ type: 'track', userId: `f-${i}`, event: name, messageId: `${name}-${i}`, timestamp: new Date(start + i * hour).toISOString() });
      batch.push({ type: 'page', userId: 'f-0', name, messageId: `${name}-page`, timestamp: new Date(start).toISOString() });
      expect((await post('/v1/batch', { batch })).status).toBe(200);
      await t.settle();

      const q = (query: string) => t.api<EventList>(`/api/events?${query}`);
      const ranged = await q(`event=${encodeURIComponent(name)}&from=${new Date(start + 2 * hour).toISOString()}&to=${start + 5 * hour}&limit=50`);
      // from is inclusive, to exclusive; newest first.
      expect(ranged.events.map((e) => e.messageId)).toEqual([`${name}-4`, `${name}-3`, `${name}-2`]);
      expect(ranged.nextCursor).toBeNull();
      const pages = (await q(`type=page&from=${start}&to=${start + 1}`)).events;
      expect(pages.map((e) => e.messageId)).toEqual([`${name}-page`]);
      const tracks = (await q(`type=track&event=${encodeURIComponent(name)}`)).events;
      expect(tracks).toHaveLength(7);

      const seen: string[] = [];
      let cursor: string | null = null;
      let pagesRead = 0;
      do {
        const page: EventList = await q(`event=${encodeURIComponent(name)}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...page.events.map((e) => e.messageId));
        cursor = page.nextCursor;
        pagesRead++;
      } while (cursor && pagesRead < 10);
      expect(pagesRead).toBe(3);
      expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `${name}-${i}`));

      const bad = await raw(t.url, { method: 'GET', path: '/api/events?cursor=garbage', headers: { Authorization: `Bearer ${t.adminToken}` } });
      expect(bad.status).toBe(400);
      expect(bad.json.error?.code).toBe('invalid_cursor');
      const badFrom = await raw(t.url, { method: 'GET', path: '/api/events?from=soon', headers: { Authorization: `Bearer ${t.adminToken}` } });
      expect(badFrom.status).toBe(400);
      const badType = await raw(t.url, { method: 'GET', path: '/api/events?type=purchase', headers: { Authorization: `Bearer ${t.adminToken}` } });
      expect(badType.status).toBe(400);
    });

    it('GET /api/events?after= returns only newer events (live polling)', async () => {
      // With `after`, events come in arrival (seq) order, newest first: the first one is the latest arrival.
      const [newest] = (await t.api<EventList>('/api/events?after=0&limit=1')).events;
      const after = newest?.seq ?? 0;
      const name = `Live ${uid()}`;
      await post('/v1/batch', { batch: [1, 2, 3].map((i) => ({ type: 'track', userId: 'live', event: name, properties: { i } })) });
      await t.settle();
      const fresh = (await t.api<EventList>(`/api/events?after=${after}`)).events;
      expect(fresh.map((e) => e.event)).toEqual([name, name, name]);
      expect(fresh.every((e) => e.seq > after)).toBe(true);
    });

    it('GET /api/profiles?search= finds by e-mail substring, case-insensitively, with wildcards taken literally', async () => {
      const domain = `${uid()}.example.se`;
      await post('/v1/batch', {
        batch: [
          { type: 'identify', userId: `s-1-${domain}`, traits: { email: `karin@${domain}`, name: 'Karin Berg' } },
          { type: 'identify', userId: `s-2-${domain}`, traits: { email: `nils@${domain}` } },
          { type: 'identify', anonymousId: `s-3-${domain}`, traits: { email: `other@elsewhere-${domain}x` } },
          { type: 'identify', userId: `s-4-${domain}`, traits: { email: `100%_off@promo-${domain}` } },
        ],
      });
      await t.settle();
      const search = async (term: string) => (await t.api<ProfileList>(`/api/profiles?search=${encodeURIComponent(term)}`)).profiles.map((p) => p.traits.email).sort();
      expect(await search(`@${domain.toUpperCase()}`)).toEqual([`karin@${domain}`, `nils@${domain}`]);
      expect(await search(`karin@`)).toContain(`karin@${domain}`);
      expect(await search('100%_off')).toEqual([`100%_off@promo-${domain}`]);
      expect(await search(`%@${domain}`)).toEqual([]);
      // Exact identity matches work too (an anonymous id is not in the search text).
      expect(await search(`s-3-${domain}`)).toEqual([`other@elsewhere-${domain}x`]);
    });

    it('GET /api/profiles pages with a cursor, most recently seen first', async () => {
      const all: string[] = [];
      let cursor: string | null = null;
      let n = 0;
      do {
        const page: ProfileList = await t.api<ProfileList>(`/api/profiles?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        all.push(...page.profiles.map((p) => p.id));
        cursor = page.nextCursor;
        n++;
      } while (cursor && n < 100);
      const stats = await t.api<Stats>('/api/stats');
      expect(all.length).toBe(stats.totalProfiles);
      expect(new Set(all).size).toBe(all.length);
    });

    it('GET /api/profiles/{id} finds one profile by profile id, userId or anonymousId', async () => {
      const user = `lookup-${uid()}`;
      const anon = `anon-${uid()}`;
      await post('/v1/identify', { userId: user, anonymousId: anon, traits: { email: `${user}@example.com` } });
      await t.settle();
      const byUser = await t.api<ProfileDetail>(`/api/profiles/${user}`);
      expect(byUser.userId).toBe(user);
      expect((await t.api<ProfileDetail>(`/api/profiles/${anon}`)).id).toBe(byUser.id);
      expect((await t.api<ProfileDetail>(`/api/profiles/${byUser.id}`)).id).toBe(byUser.id);
      expect(byUser.identities).toEqual(expect.arrayContaining([{ kind: 'user', value: user }, { kind: 'anonymous', value: anon }]));
      // The timeline pages with a cursor, newest first.
      await post('/v1/batch', { batch: [1, 2, 3, 4].map((i) => ({ type: 'track', userId: user, event: `Step ${i}`, timestamp: new Date(Date.now() + i * 1000).toISOString() })) });
      await t.settle();
      const steps: (string | null)[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const list: EventList = await t.api<EventList>(`/api/profiles/${anon}/events?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        steps.push(...list.events.map((e) => e.event ?? e.type));
        cursor = list.nextCursor;
        if (!cursor) break;
      }
      expect(steps).toEqual(['Step 4', 'Step 3', 'Step 2', 'Step 1', 'identify']);
      const missing = await raw(t.url, { method: 'GET', path: '/api/profiles/nobody-at-all', headers: { Authorization: `Bearer ${t.adminToken}` } });
      expect(missing.status).toBe(404);
      expect(missing.json.error?.code).toBe('profile_not_found');
    });

    it('GET /api/openapi.json documents every route, and every documented route is served', async () => {
      const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toMatch(/^3\./);
      const expected: [string, string][] = [
        ['/api/workspace', 'get'],
        ['/api/keys', 'get'],
        ['/api/keys', 'post'],
        ['/api/keys/{id}', 'delete'],
        ['/api/profiles', 'get'],
        ['/api/profiles/{id}', 'get'],
        ['/api/profiles/{id}/events', 'get'],
        ['/api/events', 'get'],
        ['/api/stats', 'get'],
        ['/api/event-names', 'get'],
        ['/api/export/events', 'get'],
      ];
      for (const [path, method] of expected) expect(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const method of Object.keys(methods)) {
          const concrete = path.replace(/\{\w+\}/g, 'x');
          const anonymous = await raw(t.url, { method: method.toUpperCase(), path: concrete, body: method === 'get' ? undefined : '{}', headers: { 'Content-Type': 'application/json' } });
          expect(anonymous.status, `${method.toUpperCase()} ${path} without a token`).toBe(401);
          if (method === 'get' && !path.includes('{')) {
            const authed = await raw(t.url, { method: 'GET', path: concrete, headers: { Authorization: `Bearer ${t.adminToken}` } });
            expect(authed.status, `GET ${path}`).not.toBe(404);
            expect(authed.status, `GET ${path}`).toBeLessThan(500);
          }
        }
      }
      const unknown = await raw(t.url, { method: 'GET', path: '/api/no-such-thing', headers: { Authorization: `Bearer ${t.adminToken}` } });
      expect(unknown.status).toBe(404);
      expect(unknown.json.error?.code).toBe('not_found');
    });

    it('exports every event as NDJSON and as Parquet', async () => {
      const total = (await t.api<Stats>('/api/stats')).totalEvents;
      const res = await fetch(`${t.url}/api/export/events?format=ndjson`, { headers: { Authorization: `Bearer ${t.adminToken}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/ndjson/);
      const lines = (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as EventItem);
      expect(lines).toHaveLength(total);
      expect(new Set(lines.map((l) => l.messageId)).size).toBe(total);
      const parquet = await fetch(`${t.url}/api/export/events?format=parquet`, { headers: { Authorization: `Bearer ${t.adminToken}` } });
      expect(parquet.status).toBe(200);
      const bytes = Buffer.from(await parquet.arrayBuffer());
      expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
      expect(bytes.subarray(-4).toString()).toBe('PAR1');
    });
  });
});

describe.each(testEngines())('ingestion under pressure and failure on %s storage', (engine) => {
  it('GET /api/stats counts events, profiles, lag and arrivals per minute', async () => {
    const t = await startTestServer({ engine });
    try {
      const empty = await t.api<Stats>('/api/stats');
      expect(empty).toMatchObject({ totalEvents: 0, totalProfiles: 0, pipelineLag: 0 });
      expect(empty.eventsPerMinute.length).toBeGreaterThanOrEqual(59);
      expect(empty.eventsPerMinute.every((m) => m.count === 0)).toBe(true);
      const batch = [
        ...Array.from({ length: 9 }, (_, i) => ({ type: 'track', userId: `st-${i % 3}`, event: 'E' })),
        { type: 'page', anonymousId: 'st-anon' },
        { type: 'track', userId: 'st-0', event: 'Old', timestamp: '2020-01-01T00:00:00Z' },
      ];
      expect((await t.ingest('batch', { batch })).status).toBe(200);
      await t.settle();
      const s = await t.api<Stats>('/api/stats');
      expect(s).toMatchObject({ totalEvents: 11, totalProfiles: 4, pipelineLag: 0 });
      // Arrivals are counted by receivedAt, so the historical event counts in this minute too.
      expect(s.eventsPerMinute.reduce((sum, m) => sum + m.count, 0)).toBe(11);
      const names = await t.api<{ events: { event: string; count: number }[] }>('/api/event-names');
      expect(names.events).toEqual([
        { event: 'E', count: 9 },
        { event: 'Old', count: 1 },
      ]);
    } finally {
      await t.close();
    }
  });

  it('answers 429 with Retry-After while the inbox is over its pending limit, and accepts again after', async () => {
    const t = await startTestServer({ engine, config: { maxPendingEvents: 0 } });
    // A slow disk or database, made real: another connection holds the inbox's write lock, so the
    // first commit blocks and the next request's row waits, pending, behind it.
    const releaseLock = await lockInbox(t);
    try {
      const first = t.ingest('track', { userId: 'p', event: 'First' });
      await waitUntil(() => t.server.inbox.pendingRows === 0 && isFlushing(t), 'the first commit to start');
      const second = t.ingest('track', { userId: 'p', event: 'Second' });
      await waitUntil(() => t.server.inbox.pendingRows > 0, 'the second request to wait');
      const shed = await t.ingest('track', { userId: 'p', event: 'Shed' });
      expect(shed.status).toBe(429);
      expect(shed.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await shed.json()) as { error: { code: string } }).error.code).toBe('overloaded');
      await releaseLock();
      expect((await first).status).toBe(200);
      expect((await second).status).toBe(200);
      expect((await t.ingest('track', { userId: 'p', event: 'Later' })).status).toBe(200);
      await t.settle();
      const names = (await t.api<EventList>('/api/events')).events.map((e) => e.event).sort();
      expect(names).toEqual(['First', 'Later', 'Second']);
    } finally {
      await releaseLock();
      await t.close();
    }
  });

  it('never leaks internal errors: a broken store yields the generic 500 body', async () => {
    const t = await startTestServer({ engine, config: { logLevel: 'silent' } });
    try {
      expect((await t.ingest('track', { userId: 'u', event: 'Before' })).status).toBe(200);
      await t.settle();
      await t.server.pipeline.stop();
      // Break the storage under the running server, as a disk or database failure would.
      await t.server.stores.state.db.schema.dropTable('profiles').execute();
      await t.server.stores.state.db.schema.dropTable('inbox').execute();
      const admin = await raw(t.url, { method: 'GET', path: '/api/profiles', headers: { Authorization: `Bearer ${t.adminToken}` } });
      expect(admin.status).toBe(500);
      expect(admin.json).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
      expect(admin.text).not.toMatch(/profiles|table|relation|sqlite|postgres|stack|at /i);
      const ingest = await raw(t.url, { path: '/v1/track', body: JSON.stringify({ userId: 'u', event: 'After' }), headers: { 'Content-Type': 'application/json', Authorization: basic(t.writeKey) } });
      expect(ingest.status).toBe(500);
      expect(ingest.json.error?.code).toBe('internal_error');
      expect(ingest.text).not.toMatch(/inbox|table|relation|sqlite|postgres|stack|at /i);
    } finally {
      await t.close();
    }
  });
});

/** Takes the inbox's write lock on a second connection; returns the (idempotent) release. */
async function lockInbox(t: TestServer): Promise<() => Promise<void>> {
  const state = t.server.stores.state;
  let released = false;
  if (state.dialect === 'sqlite') {
    const other = new Database(state.inboxFile);
    other.exec('BEGIN IMMEDIATE');
    return async () => {
      if (released) return;
      released = true;
      other.exec('ROLLBACK');
      other.close();
    };
  }
  const client = await state.pool.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE inbox IN EXCLUSIVE MODE');
  return async () => {
    if (released) return;
    released = true;
    await client.query('ROLLBACK');
    client.release();
  };
}

/** Whether the inbox writer has a commit under way (its group-commit state, read for the test). */
function isFlushing(t: TestServer): boolean {
  return t.server.inbox.isFlushing;
}

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
