import path from 'node:path';
import { Analytics } from '@segment/analytics-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { CreatedKey } from '../common/api.ts';
import { ARTIFACTS, launchBrowser, signIn } from './helpers/browser.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

// The dashboard end to end: the built app served by a real server, driven by headless Chromium, with
// events sent by the real Segment Node client.

/** The stream polls every 1.5 s and the pipeline needs a moment; this leaves room on a busy CI box. */
const APPEAR_MS = 15_000;

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** Saves a screenshot for people to look at; `window` only for pages that grow with data. */
async function screenshot(name: string, opts: { window?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage: !opts.window });
}


async function sendWithSegmentClient(calls: (analytics: Analytics) => void): Promise<void> {
  const analytics = new Analytics({ writeKey: server.writeKey, host: server.url, flushAt: 1 });
  const failures: unknown[] = [];
  analytics.on('error', (err) => failures.push(err));
  calls(analytics);
  await analytics.closeAndFlush();
  expect(failures).toEqual([]);
}

beforeAll(async () => {
  server = await startTestServer();
  // Each browser context is a fresh, isolated profile (Playwright refuses a --user-data-dir with launch()).
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1360, height: 860 }, locale: 'en-GB' });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('dashboard', () => {
  it('asks for the admin token, rejects a wrong one and signs in with the right one', async () => {
    await page.goto(`${server.url}/events`);
    await page.getByRole('heading', { name: 'Sign in to Kundresa' }).waitFor();

    await signIn(page, 'kra_not_a_real_token_0000000000');
    await page.getByRole('alert').filter({ hasText: 'That token was not accepted' }).waitFor();
    await screenshot('sign-in-rejected');

    await signIn(page, server.adminToken);
    await page.getByRole('heading', { name: 'Live events' }).waitFor();
    // Signing in keeps the address the user asked for.
    expect(new URL(page.url()).pathname).toBe('/events');
    expect(await page.evaluate("localStorage.getItem('kundresa.adminToken')")).toBe(server.adminToken);
  });

  it('shows the empty state with a way to Get started, where the write key and examples are', async () => {
    const empty = page.getByText('No events yet — send your first one');
    await empty.waitFor();
    await page.getByRole('link', { name: 'Go to Get started', exact: true }).click();
    await page.getByRole('heading', { name: 'Get started', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/get-started');

    const ingestUrl = server.url;
    expect(await page.getByTestId('write-key').textContent()).toBe(server.writeKey);
    const snippet = await page.getByTestId('snippet-code').locator('pre').textContent();
    expect(snippet).toContain(`<script src="${ingestUrl}/t.js" data-write-key="${server.writeKey}" async></script>`);
    const curl = await page.getByTestId('curl-code').locator('pre').textContent();
    expect(curl).toContain(`curl ${ingestUrl}/v1/track`);
    expect(curl).toContain(`-u '${server.writeKey}:'`);
    const node = await page.getByTestId('node-code').locator('pre').textContent();
    expect(node).toContain(`new Analytics({ writeKey: '${server.writeKey}', host: '${ingestUrl}' })`);
    await page.getByTestId('first-event-status').filter({ hasText: 'Waiting for your first event' }).waitFor();
    await screenshot('get-started');
  });

  it('shows events from @segment/analytics-node in the live stream as they arrive', async () => {
    await page.getByRole('link', { name: 'Live events', exact: true }).click();
    await page.getByText('No events yet — send your first one').waitFor();
    await page.getByTestId('events-chart').locator('canvas').waitFor();
    await screenshot('live-empty');

    await sendWithSegmentClient((analytics) => {
      analytics.identify({ userId: 'anna-1', traits: { name: 'Anna Lindqvist', email: 'anna@example.se', plan: 'pro' } });
      analytics.track({ userId: 'anna-1', event: 'Product Viewed', properties: { product_id: 'sku-42', price: 499 } });
      analytics.track({ userId: 'anna-1', event: 'Order Completed', properties: { order_id: '1001', revenue: 499, currency: 'SEK' } });
      analytics.page({ anonymousId: 'visitor-7', name: 'Pricing', properties: { path: '/pricing' } });
    });

    // No reload: the stream's own polling must bring them in, newest on top.
    const titles = page.getByTestId('event-stream').getByTestId('event-title');
    await titles.filter({ hasText: 'Order Completed' }).waitFor({ timeout: APPEAR_MS });
    await titles.filter({ hasText: 'Pricing' }).waitFor({ timeout: APPEAR_MS });
    const rows = page.getByTestId('event-row');
    await expect.poll(() => rows.count(), { timeout: APPEAR_MS }).toBe(4);
    // flushAt: 1 sends the four concurrently, so their arrival order is not fixed; a later one goes on top.
    expect((await titles.allTextContents()).sort()).toEqual(['Identified as anna@example.se', 'Order Completed', 'Pricing', 'Product Viewed']);
    await sendWithSegmentClient((analytics) => {
      analytics.track({ userId: 'anna-1', event: 'Review Submitted', properties: { rating: 5 } });
    });
    await expect.poll(() => titles.first().textContent(), { timeout: APPEAR_MS }).toBe('Review Submitted');
    await expect.poll(() => rows.count()).toBe(5);
    await expect.poll(() => page.getByTestId('stat-total-events').textContent(), { timeout: APPEAR_MS }).toContain('5');

    // Filters: by type, then by event name (the names come from /api/event-names).
    await page.getByTestId('filter-type').selectOption('track');
    await expect.poll(async () => (await titles.allTextContents()).sort(), { timeout: APPEAR_MS }).toEqual(['Order Completed', 'Product Viewed', 'Review Submitted']);
    await expect.poll(() => page.getByTestId('filter-event').locator('option').allTextContents(), { timeout: APPEAR_MS }).toContain('Order Completed');
    await page.getByTestId('filter-event').selectOption('Order Completed');
    await expect.poll(() => titles.allTextContents(), { timeout: APPEAR_MS }).toEqual(['Order Completed']);
    await page.getByTestId('filter-type').selectOption('page');
    await page.getByText('No events match these filters').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count(), { timeout: APPEAR_MS }).toBe(5);

    // The expanded row shows the payload.
    await rows.filter({ hasText: 'Order Completed' }).getByRole('button', { name: 'Details' }).click();
    await page.locator('.event-details').filter({ hasText: '"order_id": "1001"' }).waitFor();
    await screenshot('live-stream', { window: true });
  });

  it("opens the customer's profile from the stream with traits, identities and the timeline", async () => {
    await page.getByTestId('event-row').filter({ hasText: 'Order Completed' }).getByTestId('profile-link').click();
    await page.getByTestId('profile-name').filter({ hasText: 'Anna Lindqvist' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/profiles\/.+/);
    expect(await page.getByTestId('profile-traits').textContent()).toContain('anna@example.se');
    expect(await page.getByTestId('profile-event-count').textContent()).toContain('4');
    const timeline = page.getByTestId('profile-timeline').getByTestId('timeline-title');
    await expect.poll(() => timeline.count(), { timeout: APPEAR_MS }).toBe(4);
    const titles = await timeline.allTextContents();
    // Newest first; the first three were sent within the same moment, so only the set is fixed.
    expect(titles[0]).toBe('Review Submitted');
    expect(titles.slice(1).sort()).toEqual(['Identified as anna@example.se', 'Order Completed', 'Product Viewed']);
    // The visitor who only viewed a page is someone else.
    expect(await timeline.allTextContents()).not.toContain('Pricing');
    await screenshot('profile');
  });

  it('finds customers by name and says so when nobody matches', async () => {
    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByTestId('profile-table').waitFor();
    await page.getByTestId('profile-search').fill('lindqvist');
    await expect.poll(() => page.getByTestId('profile-row-link').allTextContents(), { timeout: APPEAR_MS }).toEqual(['Anna Lindqvist']);
    expect(new URL(page.url()).search).toBe('?q=lindqvist');
    await page.getByTestId('profile-search').fill('nobody-by-this-name');
    await page.getByText('No customers match “nobody-by-this-name”').waitFor();
    await page.getByTestId('profile-search').fill('');
    await expect.poll(() => page.getByTestId('profile-row-link').count(), { timeout: APPEAR_MS }).toBe(2);
    await screenshot('customers');
  });

  it('pages back through a long timeline with "Load more"', async () => {
    const start = Date.now() - 3 * 86_400_000;
    const batch = Array.from({ length: 60 }, (_, i) => ({
      type: 'track',
      userId: 'busy-bee',
      event: i % 2 ? 'Cart Viewed' : 'Product Viewed',
      properties: { n: i },
      timestamp: new Date(start + i * 3_600_000).toISOString(),
    }));
    const res = await server.ingest('batch', { batch });
    expect(res.status).toBe(200);
    await server.settle();

    await page.goto(`${server.url}/profiles/busy-bee`);
    const items = page.getByTestId('timeline-item');
    await expect.poll(() => items.count(), { timeout: APPEAR_MS }).toBe(50);
    await page.getByTestId('timeline-load-more').click();
    await expect.poll(() => items.count(), { timeout: APPEAR_MS }).toBe(60);
    expect(await page.getByTestId('timeline-load-more').count()).toBe(0);
    // Newest first: the last hour's event is on top, the first one at the bottom.
    expect(await items.first().textContent()).toContain('Cart Viewed');
    expect(await items.last().textContent()).toContain('Product Viewed');
  });

  it('says so when a customer does not exist', async () => {
    await page.goto(`${server.url}/profiles/nobody-at-all`);
    await page.getByRole('heading', { name: 'No such customer' }).waitFor();
    await page.getByRole('link', { name: 'All customers' }).waitFor();
  });

  it('switches to Swedish, keeps it after a reload, and formats with Swedish words', async () => {
    await page.goto(`${server.url}/events`);
    await page.getByRole('heading', { name: 'Live events' }).waitFor();
    await page.getByTestId('language-select').selectOption('sv');
    await page.getByRole('heading', { name: 'Live-händelser' }).waitFor();
    expect(await page.getByRole('navigation').textContent()).toContain('Kom igång');
    expect(await page.evaluate('document.documentElement.lang')).toBe('sv');

    await page.reload();
    await page.getByRole('heading', { name: 'Live-händelser' }).waitFor();
    await page.getByRole('columnheader', { name: 'Händelse' }).waitFor();
    await page.getByTestId('event-title').filter({ hasText: 'Identifierad som anna@example.se' }).waitFor({ timeout: APPEAR_MS });
    await page.getByTestId('events-chart').locator('canvas').waitFor();
    await screenshot('live-stream-sv', { window: true });

    await page.getByRole('link', { name: 'Kunder', exact: true }).click();
    await page.getByTestId('profile-row-link').filter({ hasText: 'Anna Lindqvist' }).click();
    await page.getByRole('heading', { name: 'Tidslinje' }).waitFor();
    await page.getByTestId('timeline-title').filter({ hasText: 'Identifierad som anna@example.se' }).waitFor({ timeout: APPEAR_MS });
    await screenshot('profile-sv');

    await page.getByTestId('language-select').selectOption('da');
    await page.getByRole('heading', { name: 'Tidslinje' }).waitFor();
    await page.getByRole('heading', { name: 'Attributter' }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot('profile-da-narrow');
    await page.setViewportSize({ width: 1360, height: 860 });
    await page.getByTestId('language-select').selectOption('en');
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  });

  it('sends the user back to sign-in with a clear message when the token is revoked', async () => {
    const created = await server.api<z.infer<typeof CreatedKey>>('/api/keys', { method: 'POST', body: JSON.stringify({ kind: 'admin', name: 'short-lived' }) });
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    try {
      const p = await other.newPage();
      await p.goto(`${server.url}/events`);
      await signIn(p, created.token);
      await p.getByRole('heading', { name: 'Live events' }).waitFor();

      await server.api(`/api/keys/${created.key.id}`, { method: 'DELETE' });
      // The next poll gets a 401 and the app signs out by itself.
      await p.getByTestId('sign-in-notice').filter({ hasText: 'Your admin token is no longer valid' }).waitFor({ timeout: APPEAR_MS });
      expect(await p.evaluate("localStorage.getItem('kundresa.adminToken')")).toBeNull();
      await p.screenshot({ path: path.join(ARTIFACTS, 'dashboard-token-revoked.png'), fullPage: true });
    } finally {
      await other.close();
    }
  });

  it('keeps the stream on screen while the server is unreachable, and recovers', async () => {
    await page.goto(`${server.url}/events`);
    await page.getByTestId('event-row').first().waitFor();
    // The outage is simulated in the browser: closing the real server would free its port for any other
    // process on the machine to take.
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    try {
      await page.getByTestId('live-status').filter({ hasText: 'Reconnecting' }).waitFor({ timeout: APPEAR_MS });
      await page.getByRole('alert').filter({ hasText: 'The server could not be reached' }).first().waitFor();
      expect(await page.getByTestId('event-row').count()).toBeGreaterThan(0);
      await screenshot('live-offline', { window: true });
    } finally {
      await page.unroute('**/api/**');
    }
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor({ timeout: APPEAR_MS });
    await expect.poll(() => page.getByRole('alert').count(), { timeout: APPEAR_MS }).toBe(0);
  });
});
