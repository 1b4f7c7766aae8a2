import fs from 'node:fs';
import path from 'node:path';
import { Analytics } from '@segment/analytics-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchBrowser, signIn } from './helpers/browser.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

// The explore pages end to end: events sent by the real Segment Node client to a real server, a funnel
// and a retention report built in the dashboard in headless Chromium, their numbers read off the page
// and compared with values worked out by hand below; a report saved and reopened by its link.

/** Queries run once the builder settles; the pipeline needs a moment. Room for a busy CI box. */
const APPEAR_MS = 20_000;
const ZONE = 'Europe/Stockholm';
const MINUTE = 60_000;

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/**
 * 10:00 UTC on the Stockholm calendar day `daysAgo` days before today: 11:00 or 12:00 local, so on that
 * local day whatever the season, and inside the dashboard's "last 7 days" (which ends at the coming
 * local midnight) for 0 < daysAgo ≤ 6.
 */
function dayAt(daysAgo: number, plusMs = 0): Date {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(Date.now()).split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) - daysAgo, 10) + plusMs);
}

async function send(calls: (analytics: Analytics) => void): Promise<void> {
  const analytics = new Analytics({ writeKey: server.writeKey, host: server.url, flushAt: 1 });
  const failures: unknown[] = [];
  analytics.on('error', (err) => failures.push(err));
  calls(analytics);
  await analytics.closeAndFlush();
  expect(failures).toEqual([]);
}

async function textOf(p: Page, testId: string): Promise<string | null> {
  return p.getByTestId(testId).first().textContent({ timeout: 1_000 }).catch(() => null);
}

/** The first whole number shown in a test-id'd element (thousands separators ignored). */
async function numberIn(p: Page, testId: string): Promise<number | null> {
  const m = (await textOf(p, testId))?.replace(/[\s\u00a0,]/g, '').match(/\d+/);
  return m ? Number(m[0]) : null;
}

async function waitForNumber(p: Page, testId: string, want: number): Promise<void> {
  await expect.poll(() => numberIn(p, testId), { timeout: APPEAR_MS, interval: 250 }).toBe(want);
}

async function waitForText(p: Page, testId: string, want: string): Promise<void> {
  await expect.poll(async () => (await textOf(p, testId))?.trim(), { timeout: APPEAR_MS, interval: 250 }).toBe(want);
}

/** Makes the funnel builder hold exactly `n` steps. */
async function setStepCount(p: Page, n: number): Promise<void> {
  const steps = p.getByTestId(/^step-\d+$/);
  while ((await steps.count()) < n) await p.getByTestId('add-step').click();
  while ((await steps.count()) > n) await p.getByTestId(`step-${await steps.count()}-remove`).click();
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB', timezoneId: ZONE });
  page = await context.newPage();

  await send((a) => {
    // The funnel: Product Viewed (shoes) → Product Added → Order Completed, two days ago.
    const t = (minutes: number) => dayAt(2, minutes * MINUTE);
    a.track({ userId: 'ana', event: 'Product Viewed', properties: { category: 'shoes' }, timestamp: t(0) });
    a.track({ userId: 'ana', event: 'Product Added', properties: { category: 'shoes' }, timestamp: t(10) });
    a.track({ userId: 'ana', event: 'Order Completed', properties: { revenue: 899 }, timestamp: t(30) });
    a.track({ userId: 'bo', event: 'Product Viewed', properties: { category: 'shoes' }, timestamp: t(1) });
    a.track({ userId: 'bo', event: 'Product Added', properties: { category: 'shoes' }, timestamp: t(21) });
    a.track({ userId: 'cy', event: 'Product Viewed', properties: { category: 'hats' }, timestamp: t(2) });
    a.track({ userId: 'cy', event: 'Product Added', properties: { category: 'hats' }, timestamp: t(3) });
    a.track({ userId: 'dag', event: 'Product Viewed', properties: { category: 'shoes' }, timestamp: t(4) });
    a.track({ userId: 'dag', event: 'Order Completed', properties: { revenue: 349 }, timestamp: t(40) });
    a.track({ userId: 'eva', event: 'Product Added', properties: { category: 'shoes' }, timestamp: t(5) });

    // Retention by day: who opens the app again on the following days.
    const opens: [string, number[]][] = [
      ['rut', [5, 4, 2]],
      ['sam', [5, 3]],
      ['tea', [4, 3]],
      ['uno', [4]],
    ];
    for (const [who, days] of opens) for (const d of days) a.track({ userId: who, event: 'App Opened', timestamp: dayAt(d) });
  });
  await server.settle();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('explore', () => {
  it('builds a funnel, lists the customers behind a number, and keeps the query in a link', async () => {
    await page.goto(`${server.url}/explore`);
    await signIn(page, server.adminToken);
    await page.getByTestId('explore-kind-funnel').click();
    await page.waitForURL(/\/explore\/funnel/);

    // Viewed shoes → Added → Completed, in the last 7 days.
    await page.getByTestId('step-1-matcher-event').waitFor();
    await setStepCount(page, 3);
    for (const [n, event] of [
      [1, 'Product Viewed'],
      [2, 'Product Added'],
      [3, 'Order Completed'],
    ] as const) {
      await page.getByTestId(`step-${n}-matcher-mode`).selectOption('event');
      await page.getByTestId(`step-${n}-matcher-event`).fill(event);
    }
    await page.getByTestId('step-1-matcher-where-add').click();
    await page.getByTestId('step-1-matcher-where-0-path').fill('properties.category');
    await page.getByTestId('step-1-matcher-where-0-value').fill('shoes');
    await page.getByTestId('range-7').click();

    // By hand: cy viewed hats, so ana, bo and dag enter; ana and bo add to the cart (dag drops off);
    // only ana completes (bo drops off). Eva added without viewing: not in the funnel.
    await waitForNumber(page, 'funnel-step-1-count', 3);
    await waitForNumber(page, 'funnel-step-2-count', 2);
    await waitForNumber(page, 'funnel-step-3-count', 1);
    await waitForNumber(page, 'funnel-step-2-dropped', 1);
    await waitForNumber(page, 'funnel-step-3-dropped', 1);
    await waitForText(page, 'funnel-step-2-conversion', '66.7%');
    await waitForText(page, 'funnel-step-3-conversion', '50%');
    await expect.poll(() => textOf(page, 'funnel-conversion'), { timeout: APPEAR_MS }).toContain('33.3%');
    await page.screenshot({ path: path.join(ARTIFACTS, 'explore-funnel.png'), fullPage: true });

    // Behind "dropped off before Product Added": dag, with a CSV of the same.
    await page.getByTestId('funnel-step-2-dropped').click();
    const panel = page.getByTestId('funnel-customers');
    await expect.poll(() => panel.getByTestId('customer-row').count(), { timeout: APPEAR_MS }).toBe(1);
    expect(await panel.getByTestId('customer-row').textContent()).toContain('dag');
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('download-csv').click()]);
    const csv = fs.readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv).toContain('dag');
    expect(csv).not.toContain('ana');
    await page.screenshot({ path: path.join(ARTIFACTS, 'explore-funnel-customers.png') });
    await page.keyboard.press('Escape');

    // The address carries the query: opened elsewhere, the same funnel and the same numbers.
    await expect.poll(() => decodeURIComponent(page.url()), { timeout: APPEAR_MS }).toContain('"value":"shoes"');
    const shared = await context.newPage();
    await shared.goto(page.url());
    await waitForNumber(shared, 'funnel-step-1-count', 3);
    await waitForNumber(shared, 'funnel-step-3-count', 1);
    await shared.close();
  }, 120_000);

  it('saves the funnel as a report and reopens it by its link', async () => {
    await page.getByTestId('save-report').click();
    await page.getByTestId('report-name-input').fill('Shoe funnel');
    await page.getByTestId('report-name-save').click();
    await page.waitForURL(/[?&]report=/);
    const id = new URL(page.url()).searchParams.get('report');
    expect(id).toBeTruthy();
    await waitForText(page, 'report-title', 'Shoe funnel');

    const reopened = await context.newPage();
    await reopened.goto(`${server.url}/explore/funnel?report=${encodeURIComponent(id ?? '')}`);
    await waitForText(reopened, 'report-title', 'Shoe funnel');
    await waitForNumber(reopened, 'funnel-step-1-count', 3);
    await waitForNumber(reopened, 'funnel-step-2-count', 2);
    await waitForNumber(reopened, 'funnel-step-3-count', 1);
    await reopened.screenshot({ path: path.join(ARTIFACTS, 'explore-report-link.png'), fullPage: true });
    await reopened.close();

    await page.goto(`${server.url}/explore`);
    await page.getByTestId(`saved-report-${id ?? ''}`).waitFor({ timeout: APPEAR_MS });
    expect(await page.getByTestId(`saved-report-${id ?? ''}`).textContent()).toContain('Shoe funnel');
    await page.screenshot({ path: path.join(ARTIFACTS, 'explore-landing.png'), fullPage: true });
  }, 60_000);

  it('builds a daily retention report and shows the cohorts worked out by hand', async () => {
    await page.getByTestId('explore-kind-retention').click();
    await page.getByTestId('retention-start-mode').selectOption('event');
    await page.getByTestId('retention-start-event').fill('App Opened');
    await page.getByTestId('retention-interval').selectOption('day');
    await page.getByTestId('retention-periods').fill('3');
    await page.getByTestId('range-7').click();

    // By hand (first time, by day): 5 days ago rut and sam enter; 4 days ago tea and uno (rut is
    // already in). Day 5's cohort: rut back on day 1 and 3 after, sam on day 2 → 1, 1, 1 of 2. Day 4's:
    // tea back the next day → 1, 0, 0 of 2. All cohorts: 2 of 4, 1 of 4, 1 of 4.
    await waitForText(page, 'retention-overall-1', '50%');
    await waitForText(page, 'retention-overall-2', '25%');
    await waitForText(page, 'retention-overall-3', '25%');
    await waitForNumber(page, 'retention-total', 4);
    await page.screenshot({ path: path.join(ARTIFACTS, 'explore-retention.png'), fullPage: true });

    await page.getByTestId('retention-show-counts').click();
    const rows = await page.getByTestId(/^retention-row-\d+$/).count();
    const sizes: number[] = [];
    for (let i = 0; i < rows; i++) sizes.push((await numberIn(page, `retention-size-${i}`)) ?? -1);
    // Cohorts are the days of the period in order; only those of 5 and 4 days ago have anyone.
    const first = sizes.findIndex((s) => s > 0);
    expect(sizes.filter((s) => s > 0)).toEqual([2, 2]);
    expect(sizes[first + 1]).toBe(2);
    const cells = async (row: number) => Promise.all([0, 1, 2, 3].map((k) => numberIn(page, `retention-cell-${row}-${k}`)));
    expect(await cells(first)).toEqual([2, 1, 1, 1]);
    expect(await cells(first + 1)).toEqual([2, 1, 0, 0]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'explore-retention-counts.png'), fullPage: true });
  }, 60_000);
});
