import path from 'node:path';
import { Analytics } from '@segment/analytics-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchBrowser, signIn } from './helpers/browser.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

// The journey map end to end: created from a template and published in the dashboard, fed by the real
// Segment Node client, its live numbers read off the page in headless Chromium.

/** The map polls its numbers; the pipeline needs a moment. Room for a busy CI box. */
const APPEAR_MS = 20_000;

let server: TestServer;
let browser: Browser;
let page: Page;

async function send(calls: (analytics: Analytics) => void): Promise<void> {
  const analytics = new Analytics({ writeKey: server.writeKey, host: server.url, flushAt: 1 });
  const failures: unknown[] = [];
  analytics.on('error', (err) => failures.push(err));
  calls(analytics);
  await analytics.closeAndFlush();
  expect(failures).toEqual([]);
}

/** The first number shown in a test-id'd element. */
async function numberIn(testId: string): Promise<number | null> {
  const text = await page.getByTestId(testId).first().textContent({ timeout: 2_000 }).catch(() => null);
  const m = text?.replace(/[\s\u00a0]/g, '').match(/\d+/);
  return m ? Number(m[0]) : null;
}

async function waitForNumber(testId: string, want: number): Promise<void> {
  await expect.poll(() => numberIn(testId), { timeout: APPEAR_MS, interval: 250 }).toBe(want);
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'en-GB' });
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('journey map', () => {
  it('creates a journey from a template, publishes it, and shows live numbers as events arrive', async () => {
    await page.goto(`${server.url}/journeys`);
    await signIn(page, server.adminToken);
    await page.getByTestId('new-journey').first().click();
    await page.getByTestId('template-five-phase').click();
    await page.getByTestId('create-journey').click();
    await page.waitForURL(/\/journeys\/jr-/);
    await page.getByTestId('stage-awareness').waitFor();
    expect(await page.getByTestId(/^stage-[a-z-]+$/).count()).toBeGreaterThanOrEqual(5);

    await page.getByTestId('publish-journey').click();
    await waitForNumber('stage-awareness-reached', 0);

    await send((a) => {
      for (const who of ['maja', 'nils', 'ebba']) {
        a.page({ userId: who, name: 'Home', properties: { path: '/' } });
        a.track({ userId: who, event: 'Product Viewed', properties: { product_id: 'sku-1' } });
      }
      a.identify({ userId: 'maja', traits: { email: 'maja@example.se', name: 'Maja Lind' } });
      a.track({ userId: 'maja', event: 'Order Completed', properties: { revenue: 899, currency: 'SEK' } });
    });
    await waitForNumber('stage-awareness-reached', 3);
    await waitForNumber('stage-consideration-reached', 3);
    await waitForNumber('stage-purchase-reached', 1);
    await waitForNumber('stage-consideration-current', 2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'journey-map.png'), fullPage: true });

    // A second customer buys: the purchase numbers move without a reload.
    await send((a) => a.track({ userId: 'nils', event: 'Order Completed', properties: { revenue: 349, currency: 'SEK' } }));
    await waitForNumber('stage-purchase-reached', 2);
    await waitForNumber('stage-consideration-current', 1);

    // Behind the number: the customers who purchased.
    await page.getByTestId('stage-purchase-reached').click();
    const panel = page.getByTestId('customers-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('customer-row').count(), { timeout: APPEAR_MS }).toBe(2);
    expect(await panel.textContent()).toContain('maja@example.se');
    await page.screenshot({ path: path.join(ARTIFACTS, 'journey-map-customers.png') });
    await page.keyboard.press('Escape');

    // Broken down by channel: the web group's number opens its customers too.
    await page.getByTestId('breakdown-select').selectOption('channel');
    await waitForNumber('breakdown-consideration-web', 3);
    await page.getByTestId('breakdown-consideration-web').click();
    await expect.poll(() => page.getByTestId('customers-panel').getByTestId('customer-row').count(), { timeout: APPEAR_MS }).toBe(3);
    await page.screenshot({ path: path.join(ARTIFACTS, 'journey-map-breakdown.png') });
  }, 120_000);

  it("shows the customer's position in the journey on the profile page", async () => {
    await page.goto(`${server.url}/profiles/maja`);
    const journeys = page.getByTestId('profile-journeys');
    await journeys.waitFor({ timeout: APPEAR_MS });
    await page.getByTestId('profile-stage-purchase').first().waitFor();
    expect(await journeys.textContent()).toMatch(/Purchase/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'journey-profile.png'), fullPage: true });
  }, 60_000);
});
