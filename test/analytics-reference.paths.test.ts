import { describe, expect, test } from 'vitest';
import { PathsQuery, PathsResult } from '../common/analytics/paths.ts';
import type { PathsQueryInput } from '../common/analytics/paths.ts';
import type { Call } from './helpers/journey-reference.ts';
import { funnelCustomers, referenceFunnel } from './helpers/analytics-reference/funnel.ts';
import { referencePaths } from './helpers/analytics-reference/paths.ts';

/**
 * Hand-checked fixtures pinning the paths reference (docs/analytics.md#paths), and how paths reconcile
 * with funnels. Times are minutes after T0 (Monday 2024-05-06 00:00 UTC); calls get seq in written order.
 */

const T0 = Date.parse('2024-05-06T00:00:00Z');
const MIN = 60_000;
const PERIOD = { from: T0, to: T0 + 30 * 24 * 60 * MIN };

let messageCounter = 0;
const stamp = (minute: number) => ({ messageId: `m${messageCounter++}`, timestamp: new Date(T0 + minute * MIN).toISOString() });
const track = (user: string, event: string, minute: number): Call => ({ type: 'track', userId: user, event, ...stamp(minute) });
const page = (user: string, path: string, minute: number): Call => ({ type: 'page', userId: user, name: 'Shop', properties: { path }, ...stamp(minute) });
const screen = (user: string, name: string, minute: number): Call => ({ type: 'screen', userId: user, name, ...stamp(minute) });

function paths(q: Omit<PathsQueryInput, 'from' | 'to'> & Partial<Pick<PathsQueryInput, 'from' | 'to'>>, calls: Call[]): PathsResult {
  // Every answer must also be a valid response body.
  return PathsResult.parse(referencePaths({ ...PERIOD, ...q }, calls));
}

/** The Sankey's promise: below the last depth, each node's outgoing links sum to its count (terminal nodes have none). */
function expectReconciled(r: PathsResult, depth: number) {
  for (const node of r.nodes) {
    if (node.depth === depth || node.label === '(end)' || node.label === '(start)') continue;
    const out = r.links.filter((l) => l.depth === node.depth && l.from === node.label).reduce((sum, l) => sum + l.count, 0);
    expect(out, `${node.depth} ${node.label}`).toBe(node.count);
  }
  expect(r.nodes.filter((n) => n.depth === 0).map((n) => n.count)).toEqual([r.customers]);
}

describe('forward from a start event', () => {
  const calls = [
    // u1: the second view collapses into the anchor, the second Cart into the first → [Cart, Checkout].
    track('u1', 'Viewed', 0), track('u1', 'Viewed', 1), track('u1', 'Cart', 2), track('u1', 'Cart', 3), track('u1', 'Checkout', 4),
    // u2 and u7: [Cart], then the path ends → (end) at depth 2.
    track('u2', 'Viewed', 0), track('u2', 'Cart', 1),
    track('u7', 'Viewed', 0), track('u7', 'Cart', 1),
    // u3: nothing after the anchor → (end) at depth 1.
    track('u3', 'Viewed', 0),
    // u4: the page before the anchor is not on a forward path → [/products/1, Cart].
    page('u4', '/', 0), track('u4', 'Viewed', 5), page('u4', '/products/1', 6), track('u4', 'Cart', 7),
    // u5: no anchor → not counted.
    track('u5', 'Cart', 0),
    // u6: only the first view is the anchor; a later one is an ordinary node → [Cart, Viewed].
    track('u6', 'Viewed', 0), track('u6', 'Cart', 1), track('u6', 'Viewed', 2), track('u6', 'Checkout', 3),
  ];
  const r = paths({ start: { event: 'Viewed' }, depth: 2, topPaths: 3 }, calls);

  test('nodes: customers per (depth, label), terminal nodes where paths stop', () => {
    // Depth 1: Cart u1 u2 u6 u7 = 4, (end) u3, /products/1 u4. Depth 2: (end) u2 u7, Cart u4,
    // Checkout u1, Viewed u6. Ties by label in code-unit order: "(" < "/" < "C" < "V".
    expect(r.direction).toBe('forward');
    expect(r.customers).toBe(6);
    expect(r.nodes).toEqual([
      { depth: 0, label: 'Viewed', count: 6 },
      { depth: 1, label: 'Cart', count: 4 },
      { depth: 1, label: '(end)', count: 1 },
      { depth: 1, label: '/products/1', count: 1 },
      { depth: 2, label: '(end)', count: 2 },
      { depth: 2, label: 'Cart', count: 1 },
      { depth: 2, label: 'Checkout', count: 1 },
      { depth: 2, label: 'Viewed', count: 1 },
    ]);
  });

  test('links, and totals that reconcile', () => {
    expect(r.links).toEqual([
      { depth: 0, from: 'Viewed', to: 'Cart', count: 4 },
      { depth: 0, from: 'Viewed', to: '(end)', count: 1 },
      { depth: 0, from: 'Viewed', to: '/products/1', count: 1 },
      { depth: 1, from: 'Cart', to: '(end)', count: 2 },
      { depth: 1, from: '/products/1', to: 'Cart', count: 1 },
      { depth: 1, from: 'Cart', to: 'Checkout', count: 1 },
      { depth: 1, from: 'Cart', to: 'Viewed', count: 1 },
    ]);
    expectReconciled(r, 2);
  });

  test('top paths: by customers, then the labels in order (a prefix first)', () => {
    // [Viewed, Cart] ×2 (u2 u7); then ×1: [Viewed] (a prefix of the rest), [Viewed, /products/1, Cart],
    // [Viewed, Cart, Checkout], [Viewed, Cart, Viewed] — the first three kept.
    expect(r.topPaths).toEqual([
      { labels: ['Viewed', 'Cart'], count: 2 },
      { labels: ['Viewed'], count: 1 },
      { labels: ['Viewed', '/products/1', 'Cart'], count: 1 },
    ]);
  });
});

describe('backward to an end event', () => {
  test('the first matching event is the anchor; nodes counted backwards, top paths in time order', () => {
    const calls = [
      // u1: anchor Order 4 (not 5). Backwards: Cart 3, Cart 2 (collapses), /products/1, / → depth 2 keeps [Cart, /products/1].
      page('u1', '/', 0), page('u1', '/products/1', 1), track('u1', 'Cart', 2), track('u1', 'Cart', 3), track('u1', 'Order', 4), track('u1', 'Order', 5),
      // u2: [Cart], then (start).
      track('u2', 'Cart', 0), track('u2', 'Order', 1),
      // u3: the first Order has nothing before it → (start) at depth 1.
      track('u3', 'Order', 0), track('u3', 'Cart', 1), track('u3', 'Order', 2),
    ];
    const r = paths({ end: { event: 'Order' }, depth: 2 }, calls);
    expect(r.direction).toBe('backward');
    expect(r.nodes).toEqual([
      { depth: 0, label: 'Order', count: 3 },
      { depth: 1, label: 'Cart', count: 2 },
      { depth: 1, label: '(start)', count: 1 },
      { depth: 2, label: '(start)', count: 1 },
      { depth: 2, label: '/products/1', count: 1 },
    ]);
    expect(r.links).toEqual([
      { depth: 0, from: 'Order', to: 'Cart', count: 2 },
      { depth: 0, from: 'Order', to: '(start)', count: 1 },
      { depth: 1, from: 'Cart', to: '(start)', count: 1 },
      { depth: 1, from: 'Cart', to: '/products/1', count: 1 },
    ]);
    expectReconciled(r, 2);
    expect(r.topPaths).toEqual([
      { labels: ['/products/1', 'Cart', 'Order'], count: 1 },
      { labels: ['Cart', 'Order'], count: 1 },
      { labels: ['Order'], count: 1 },
    ]);
  });
});

describe('what a node is', () => {
  const stageEntry: Call = { type: 'track', userId: 'u1', event: 'Journey Stage Entered', properties: { journey_id: 'j', stage_key: 's' }, ...stamp(1) };
  const identify: Call = { type: 'identify', userId: 'u1', traits: { plan: 'pro' }, ...stamp(1) };
  // Viewed (anchor) 0, /a 1, [stage entry, identify], X 2, /a 3, /b 4, screen Home 5.
  const calls = [track('u1', 'Viewed', 0), page('u1', '/a', 1), stageEntry, identify, track('u1', 'X', 2), page('u1', '/a', 3), page('u1', '/b', 4), screen('u1', 'Home', 5)];
  const only = (q: Omit<PathsQueryInput, 'from' | 'to' | 'start'>) => paths({ start: { event: 'Viewed' }, ...q }, calls).topPaths[0]?.labels;

  test('eventTypes: pages are page views and screens, events are track calls; stage entries and identifies never', () => {
    expect(only({ depth: 5 })).toEqual(['Viewed', '/a', 'X', '/a', '/b', 'Home']);
    // Without X between, the two /a collapse.
    expect(only({ depth: 5, eventTypes: 'pages' })).toEqual(['Viewed', '/a', '/b', 'Home']);
    expect(only({ depth: 5, eventTypes: 'events' })).toEqual(['Viewed', 'X']);
  });

  test('excluded labels are left out before repeats collapse', () => {
    expect(only({ depth: 5, exclude: ['X'] })).toEqual(['Viewed', '/a', '/b', 'Home']);
  });

  test('depth and windowMs cut the path', () => {
    expect(only({ depth: 2 })).toEqual(['Viewed', '/a', 'X']);
    // Within 2 minutes of the anchor: /a 1 and X 2; /a 3 is out.
    expect(only({ depth: 5, windowMs: 2 * MIN })).toEqual(['Viewed', '/a', 'X']);
  });

  test('a page is labelled by properties.path, else context.page.path, else its name', () => {
    const pages: Call[] = [
      track('u1', 'Go', 0),
      { type: 'page', userId: 'u1', name: 'Ctx', context: { page: { path: '/from-context' } }, ...stamp(1) },
      { type: 'page', userId: 'u1', name: 'Named', ...stamp(2) },
    ];
    expect(paths({ start: { event: 'Go' } }, pages).topPaths[0]?.labels).toEqual(['Go', '/from-context', 'Named']);
  });

  test('the anchor is labelled by its matcher, and a repeat of its own label collapses into it', () => {
    const r = paths({ start: { type: 'page', pagePath: '/products/*' } }, [page('u1', '/products/1', 0), page('u1', '/products/1', 1), page('u1', '/products/2', 2)]);
    expect(r.topPaths).toEqual([{ labels: ['Page /products/*', '/products/2'], count: 1 }]);
  });

  test('anchors and nodes lie in the period', () => {
    // Viewed before from is not the anchor; the one at 10 is. Cart at `to` is outside.
    const r = paths({ start: { event: 'Viewed' }, from: T0 + 5 * MIN, to: T0 + 20 * MIN }, [track('u1', 'Viewed', 0), track('u1', 'Viewed', 10), track('u1', 'Y', 11), track('u1', 'Cart', 20)]);
    expect(r.topPaths).toEqual([{ labels: ['Viewed', 'Y'], count: 1 }]);
  });
});

describe('paths reconcile with funnels', () => {
  const W = 60 * MIN;
  const calls = [
    track('u1', 'A', 0), track('u1', 'B', 1), // B directly after A
    track('u2', 'A', 0), track('u2', 'C', 1), track('u2', 'B', 2), // B after A, not directly
    // u3: the first A cannot reach B within the hour, a later A can: a funnel converter whose path
    // from the first A (window 60) is empty.
    track('u3', 'A', 0), track('u3', 'C', 70), track('u3', 'A', 80), track('u3', 'B', 90),
    track('u4', 'A', 0), // A only
    track('u5', 'B', 0), track('u5', 'A', 1), // B only before A
    track('u6', 'C', 0), // neither
  ];
  const funnelAB = { ...PERIOD, steps: [{ event: 'A' }, { event: 'B' }], windowMs: W };

  test('the anchor count is the step-1 count of a funnel starting with the same matcher', () => {
    const fromA = paths({ start: { event: 'A' }, windowMs: W, depth: 3 }, calls);
    expect(fromA.customers).toBe(5);
    expect(referenceFunnel(funnelAB, calls).steps[0]?.count).toBe(5);
    const toB = paths({ end: { event: 'B' }, windowMs: W, depth: 3 }, calls);
    // u1 u2 u3 u5 did B: the step-1 count of a funnel B → A.
    expect(toB.customers).toBe(4);
    expect(referenceFunnel({ ...funnelAB, steps: [{ event: 'B' }, { event: 'A' }] }, calls).steps[0]?.count).toBe(4);
  });

  test('B at depth 1 ⊆ B anywhere on the path from the first A ⊆ funnel A → B converters', () => {
    const fromA = paths({ start: { event: 'A' }, windowMs: W, depth: 3 }, calls);
    const converters = funnelCustomers({ funnel: funnelAB, step: 2, kind: 'converted' }, calls);
    expect(converters).toEqual(['u1', 'u2', 'u3']);
    // Depth 1: only u1 went straight on to B.
    expect(fromA.links.find((l) => l.depth === 0 && l.to === 'B')?.count).toBe(1);
    // Anywhere on the path: u1 [B], u2 [C, B]; u3's path from A 0 is empty within the hour.
    const withB = fromA.topPaths.filter((p) => p.labels.includes('B')).reduce((sum, p) => sum + p.count, 0);
    expect(withB).toBe(2);
  });

  test('backwards from the first B: customers with A on the path are funnel A → B converters', () => {
    // u1 [A], u2 [C, A], u3 (B 90 ← A 80 ← C 70; A 0 is out of the hour) [A, C], u5 [] → u1 u2 u3.
    const toB = paths({ end: { event: 'B' }, windowMs: W, depth: 3 }, calls);
    expect(toB.topPaths.filter((p) => p.labels.includes('A')).reduce((sum, p) => sum + p.count, 0)).toBe(3);
    expect(funnelCustomers({ funnel: funnelAB, step: 2, kind: 'converted' }, calls)).toHaveLength(3);
  });
});

describe('the query schema', () => {
  const problems = (q: unknown) => {
    const r = PathsQuery.safeParse(q);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  test('defaults', () => {
    expect(PathsQuery.parse({ ...PERIOD, start: { event: 'A' } })).toMatchObject({ depth: 5, eventTypes: 'all', exclude: [], topPaths: 10 });
  });

  test('refusals', () => {
    expect(problems({ ...PERIOD })).toEqual(['start: give exactly one of start and end']);
    expect(problems({ ...PERIOD, start: { event: 'A' }, end: { event: 'B' } })).toEqual(['start: give exactly one of start and end']);
    expect(problems({ ...PERIOD, start: { event: 'A' }, depth: 11 })).toHaveLength(1);
    expect(problems({ ...PERIOD, start: { event: 'A' }, depth: 0 })).toHaveLength(1);
    expect(problems({ ...PERIOD, start: { event: 'A' }, to: PERIOD.from })).toEqual(['to: from must be before to']);
    expect(problems({ ...PERIOD, start: { event: 'A' }, colour: 'red' })).toHaveLength(1);
  });
});
