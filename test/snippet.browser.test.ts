import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventItem, EventList, ProfileDetail } from '../common/api.ts';
import { launchBrowser } from './helpers/browser.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

/**
 * The t.js snippet in headless Chromium against a real Kundresa server. The test site runs on its own
 * port (another origin, so CORS is exercised), and the browser reaches Kundresa through a counting
 * proxy: sendBeacon requests are invisible to page.on('request'), so "nothing was sent" is checked on
 * the wire instead.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UTM = '?utm_source=newsletter&utm_medium=email&utm_campaign=spring&gclid=abc';

let t: TestServer;
let browser: Browser;
let kundresaUrl: string; // the proxy in front of Kundresa, as the browser sees it
let siteUrl: string;
let site: http.Server;
let proxy: http.Server;
/** Every request that reached /v1/* through the proxy, with its body. */
const v1Requests: { method: string; url: string; contentType: string; fetchMode: string; body: string }[] = [];
/** The next this-many POSTs to /v1/* get a 503 from the proxy (Kundresa never sees them). */
let failNextPosts = 0;
/** Test pages by path; each test registers its own. */
const pages = new Map<string, string>();

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** A page that loads t.js from Kundresa with the given data-* attributes. */
function sitePage(opts: { title: string; attrs?: Record<string, string>; head?: string; async?: boolean; from?: string }): string {
  const attrs = Object.entries({ 'write-key': t.writeKey, ...opts.attrs })
    .map(([k, v]) => ` data-${k}="${v}"`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${opts.title}</title>${opts.head ?? ''}
<script src="${opts.from ?? kundresaUrl}/t.js"${attrs}${opts.async ? ' async' : ''}></script></head><body><h1>${opts.title}</h1></body></html>`;
}

/** Polls until `probe` returns a value (not undefined), settling the pipeline before each look. */
async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await t.settle();
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function eventsOf(anonymousId: string, type?: string): Promise<EventItem[]> {
  const list = await t.api<EventList>(`/api/events?limit=500${type ? `&type=${type}` : ''}`);
  return list.events.filter((e) => e.anonymousId === anonymousId).reverse(); // oldest first
}

async function timeline(profile: string): Promise<EventItem[]> {
  return (await t.api<EventList>(`/api/profiles/${encodeURIComponent(profile)}/events?limit=500`)).events;
}

const stored = (page: Page) =>
  page.evaluate<{ local: string | null; cookie: string }>(`({ local: localStorage.getItem('kundresa_aid'), cookie: document.cookie })`);

beforeAll(async () => {
  t = await startTestServer();
  const upstream = new URL(t.url);
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url?.startsWith('/v1/')) {
        v1Requests.push({
          method: req.method ?? '',
          url: req.url,
          contentType: req.headers['content-type'] ?? '',
          fetchMode: String(req.headers['sec-fetch-mode'] ?? ''), // 'cors' from fetch(), 'no-cors' from sendBeacon()
          body: body.toString('utf8'),
        });
        if (req.method === 'POST' && failNextPosts > 0) {
          failNextPosts--;
          res.writeHead(503, { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Content-Type': 'application/json' });
          res.end('{"error":{"code":"unavailable","message":"try later"}}');
          return;
        }
      }
      const up = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.writeHead(502).end());
      up.end(body);
    });
  });
  kundresaUrl = await listen(proxy);
  site = http.createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(html ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  siteUrl = await listen(site);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => site?.close(r));
  await new Promise((r) => proxy?.close(r));
  await t?.close();
});

describe('t.js in a browser', () => {
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  beforeEach(async () => {
    context = await browser.newContext(); // fresh localStorage and cookies per test
    page = await context.newPage();
    pageErrors.length = 0;
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      // Failed requests are logged by the browser itself (the favicon, the 503s of the retry test).
      if ((m.type() === 'error' || m.type() === 'warning') && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
    });
  });
  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('records the landing page view with UTM parameters, click id, path and title', async () => {
    pages.set('/landing', sitePage({ title: 'Spring sale' }));
    await page.goto(`${siteUrl}/landing${UTM}`);
    const aid = await page.evaluate<string>('kundresa.anonymousId()');
    expect(aid).toMatch(UUID);

    const [view] = await waitFor(async () => {
      const e = await eventsOf(aid, 'page');
      return e.length ? e : undefined;
    }, 'the page view');
    expect(view).toBeDefined();
    if (!view) return;
    const url = `${siteUrl}/landing${UTM}`;
    const pageInfo = { url, path: '/landing', title: 'Spring sale', referrer: '', search: UTM };
    expect(view.messageId).toMatch(UUID);
    expect(view.userId).toBeNull();
    expect(view.properties).toEqual({ ...pageInfo, gclid: 'abc' });
    expect(view.context.page).toEqual(pageInfo);
    expect(view.context.campaign).toEqual({ source: 'newsletter', medium: 'email', name: 'spring', gclid: 'abc' });
    expect(view.context.library).toEqual({ name: 'kundresa-t.js', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(view.context.userAgent).toMatch(/Chrome/);
    expect(view.context.locale).toMatch(/^[a-z]{2}/);
    expect(Math.abs(view.timestamp - Date.now())).toBeLessThan(60_000);

    // Sent by fetch as a simple text/plain request in the documented batch shape.
    const sent = v1Requests.filter((r) => r.body.includes(view.messageId));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe('/v1/batch');
    expect(sent[0]?.contentType).toMatch(/^text\/plain/);
    expect(sent[0]?.fetchMode).toBe('cors');
    const body = JSON.parse(sent[0]?.body ?? '{}') as { writeKey?: string; sentAt?: string; batch?: unknown[] };
    expect(body.writeKey).toBe(t.writeKey);
    expect(Number.isNaN(Date.parse(body.sentAt ?? ''))).toBe(false);
    expect(body.batch).toHaveLength(1);

    // The anonymous id is first-party: localStorage and a cookie on the site's origin.
    const s = await stored(page);
    expect(s.local).toBe(aid);
    expect(s.cookie).toContain(`kundresa_aid=${aid}`);
    const profile = await t.api<ProfileDetail>(`/api/profiles/${aid}`);
    expect(profile.identities).toContainEqual({ kind: 'anonymous', value: aid });
  });

  it('identifies the visitor, sends queued calls by beacon when the page is left, and remembers them', async () => {
    pages.set('/shop', sitePage({ title: 'Shop' }));
    await page.goto(`${siteUrl}/shop`);
    const aid = await page.evaluate<string>('kundresa.anonymousId()');
    await waitFor(async () => ((await eventsOf(aid, 'page')).length ? true : undefined), 'the page view');

    const before = v1Requests.length;
    await page.evaluate(`kundresa.identify('user-42', { email: 'anna@example.se' }); kundresa.track('Product Viewed', { product_id: 'p-1', price: 129 })`);
    await page.goto('about:blank'); // pagehide, well before the 1 s flush timer
    const profile = await waitFor(async () => {
      const p = await t.api<ProfileDetail>('/api/profiles/user-42').catch(() => undefined);
      return p && (await timeline('user-42')).some((e) => e.event === 'Product Viewed') ? p : undefined;
    }, 'the identified profile with its track event');
    expect(profile.identities).toContainEqual({ kind: 'anonymous', value: aid });
    expect(profile.identities).toContainEqual({ kind: 'user', value: 'user-42' });
    expect(profile.traits).toMatchObject({ email: 'anna@example.se' });
    const events = await timeline('user-42');
    const track = events.find((e) => e.event === 'Product Viewed');
    expect(track?.properties).toEqual({ product_id: 'p-1', price: 129 });
    expect(track?.userId).toBe('user-42');
    expect(track?.anonymousId).toBe(aid);
    expect(events.map((e) => e.type).sort()).toEqual(['identify', 'page', 'track']);
    // Both calls left in one request after the page was hidden (the timer had no chance to fire).
    const sent = v1Requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.fetchMode).toBe('no-cors'); // a beacon
    expect((JSON.parse(sent[0]?.body ?? '{}') as { batch: unknown[] }).batch).toHaveLength(2);

    // The next page load keeps both ids; reset() then starts a new anonymous visitor.
    await page.goto(`${siteUrl}/shop?again=1`);
    expect(await page.evaluate<string>('kundresa.anonymousId()')).toBe(aid);
    await page.evaluate(`kundresa.track('Cart Viewed'); kundresa.reset(); kundresa.track('After Reset'); kundresa.flush()`);
    const newAid = await page.evaluate<string>('kundresa.anonymousId()');
    expect(newAid).toMatch(UUID);
    expect(newAid).not.toBe(aid);
    expect((await stored(page)).local).toBe(newAid);
    const afterReset = await waitFor(async () => {
      const e = (await eventsOf(newAid)).find((x) => x.event === 'After Reset');
      return e ?? undefined;
    }, 'the call after reset');
    expect(afterReset.userId).toBeNull();
    const cart = (await timeline('user-42')).find((e) => e.event === 'Cart Viewed');
    expect(cart?.anonymousId).toBe(aid);
    expect(cart?.userId).toBe('user-42'); // remembered from the earlier page
  });

  it('records a page view when a single-page app changes the path', async () => {
    pages.set('/app', sitePage({ title: 'App home' }));
    await page.goto(`${siteUrl}/app${UTM}`);
    const aid = await page.evaluate<string>('kundresa.anonymousId()');
    await page.evaluate(`history.pushState({}, '', '/app/products/7'); document.title = 'Product 7'`);
    await page.evaluate(`history.replaceState({ scroll: 1 }, '', '/app/products/7?tab=reviews')`); // same path: no page view
    await page.evaluate(`history.pushState({}, '', '/app/cart#top'); document.title = 'Cart'`);
    await page.waitForTimeout(200);
    await page.goBack(); // popstate back to /app/products/7?tab=reviews
    await page.waitForTimeout(200);
    await page.evaluate('kundresa.flush()');

    const views = await waitFor(async () => {
      const e = await eventsOf(aid, 'page');
      return e.length >= 4 ? e : undefined;
    }, 'four page views');
    await page.waitForTimeout(1500); // and no more arrive
    expect((await eventsOf(aid, 'page')).map((e) => e.properties.path)).toEqual(['/app', '/app/products/7', '/app/cart', '/app/products/7']);
    const [, product, cart, back] = views;
    expect(product?.properties).toMatchObject({ title: 'Product 7', referrer: `${siteUrl}/app${UTM}`, search: '' });
    expect(product?.context.campaign).toBeUndefined(); // the UTM parameters belong to the landing URL
    expect(cart?.properties).toMatchObject({ url: `${siteUrl}/app/cart`, title: 'Cart', referrer: `${siteUrl}/app/products/7?tab=reviews` });
    expect(back?.properties).toMatchObject({ url: `${siteUrl}/app/products/7?tab=reviews`, search: '?tab=reviews', referrer: `${siteUrl}/app/cart` });
  });

  it('sends nothing and stores nothing before consent, then everything after kundresa.consent(true)', async () => {
    pages.set('/consent', sitePage({ title: 'Consent', attrs: { consent: 'wait' } }));
    const before = v1Requests.length;
    await page.goto(`${siteUrl}/consent${UTM}`);
    await page.evaluate(`kundresa.identify('user-77', { plan: 'pro' }); kundresa.track('Signup Started')`);
    const aid = await page.evaluate<string>('kundresa.anonymousId()');
    await page.evaluate(`kundresa.flush(); window.dispatchEvent(new Event('pagehide'))`);
    await page.waitForTimeout(2500); // more than two flush intervals
    await t.settle();
    expect(v1Requests.slice(before)).toEqual([]);
    expect(await eventsOf(aid)).toEqual([]);
    expect(await stored(page)).toEqual({ local: null, cookie: '' });

    await page.evaluate('kundresa.consent(true)');
    const events = await waitFor(async () => {
      const e = await eventsOf(aid);
      return e.length >= 3 ? e : undefined;
    }, 'the calls made before consent');
    expect(events.map((e) => e.type).sort()).toEqual(['identify', 'page', 'track']);
    expect(events.find((e) => e.type === 'page')?.context.campaign).toMatchObject({ source: 'newsletter' });
    expect(events.find((e) => e.type === 'track')?.userId).toBe('user-77');
    expect(v1Requests.length).toBeGreaterThan(before);
    expect((await stored(page)).local).toBe(aid);
    expect((await stored(page)).cookie).toContain('kundresa_uid=user-77');

    // The next page still waits, with a throwaway id in memory; consent brings back the stored visitor.
    await page.goto(`${siteUrl}/consent`);
    const throwaway = await page.evaluate<string>('kundresa.anonymousId()');
    expect(throwaway).not.toBe(aid);
    await page.evaluate(`kundresa.track('Pricing Viewed')`);
    await page.evaluate('kundresa.consent(true)');
    expect(await page.evaluate<string>('kundresa.anonymousId()')).toBe(aid);
    const returning = await waitFor(async () => (await eventsOf(aid)).find((e) => e.event === 'Pricing Viewed'), 'the returning visit');
    expect(returning.userId).toBe('user-77');
    expect(await eventsOf(throwaway)).toEqual([]);
  });

  it('drops the waiting calls and the stored ids on kundresa.consent(false)', async () => {
    pages.set('/revoke', sitePage({ title: 'Revoke', attrs: { consent: 'wait' } }));
    await page.goto(`${siteUrl}/revoke`);
    const aid = await page.evaluate<string>('kundresa.anonymousId()');
    await page.evaluate(`kundresa.track('Dropped'); kundresa.consent(false); kundresa.track('Also Dropped')`);
    await page.evaluate(`kundresa.consent(true); kundresa.track('Kept'); kundresa.flush()`);
    const aid2 = await page.evaluate<string>('kundresa.anonymousId()');
    expect(aid2).not.toBe(aid); // refusing consent forgets the visitor
    const kept = await waitFor(async () => (await eventsOf(aid2)).find((e) => e.event === 'Kept'), 'the call after consent');
    expect(kept.type).toBe('track');
    await page.evaluate(`kundresa.consent(false)`);
    expect(await stored(page)).toEqual({ local: null, cookie: '' });
    const names = [...(await eventsOf(aid)), ...(await eventsOf(aid2))].map((e) => e.event ?? e.type);
    expect(names).toEqual(['Kept']);
  });

  it('replays calls queued by the stub before t.js loaded', async () => {
    const stub = `<script>
      window.kundresa = window.kundresa || [];
      ['track', 'identify', 'page', 'reset', 'consent'].forEach(function (m) {
        kundresa[m] = kundresa[m] || function () { kundresa.push([m].concat([].slice.call(arguments))); };
      });
      kundresa.identify('user-stub', { source: 'stub' });
      kundresa.track('Early Click', { button: 'hero' });
    </script>`;
    pages.set('/stub', sitePage({ title: 'Stub', head: stub, async: true }));
    await page.goto(`${siteUrl}/stub`);
    await page.waitForFunction('window.kundresa && window.kundresa.version');
    const events = await waitFor(async () => {
      const e = await timeline('user-stub').catch(() => []);
      return e.length >= 3 ? e : undefined;
    }, 'the stub calls and the page view');
    expect(events.map((e) => e.event ?? e.type).sort()).toEqual(['Early Click', 'identify', 'page']);
    expect(events.every((e) => e.userId === 'user-stub')).toBe(true);
    // push() keeps working after load
    await page.evaluate(`kundresa.push(['track', 'Pushed Later']); kundresa.flush()`);
    await waitFor(async () => ((await timeline('user-stub')).some((e) => e.event === 'Pushed Later') ? true : undefined), 'the pushed call');
  });

  it('keeps calls in memory and retries when Kundresa is unavailable', async () => {
    // t.js straight from Kundresa, events through the proxy: data-host decides where calls go.
    pages.set('/retry', sitePage({ title: 'Retry', from: t.url, attrs: { 'auto-page': 'false', host: kundresaUrl } }));
    await page.goto(`${siteUrl}/retry`);
    const aid = await page.evaluate<string>('kundresa.anonymousId()');
    const before = v1Requests.length;
    failNextPosts = 1;
    await page.evaluate(`kundresa.track('Checkout Started'); kundresa.flush()`);
    const [started] = await waitFor(async () => {
      const e = await eventsOf(aid);
      return e.length ? e : undefined;
    }, 'the retried call');
    expect(started?.event).toBe('Checkout Started');
    const attempts = v1Requests.slice(before);
    expect(attempts).toHaveLength(2); // one refused with 503, one accepted
    const ids = attempts.map((a) => (JSON.parse(a.body) as { batch: { messageId: string }[] }).batch.map((c) => c.messageId));
    expect(ids[1]).toEqual(ids[0]); // the same call, not a new one
    expect(await eventsOf(aid, 'page')).toEqual([]); // data-auto-page="false"
  });
});
