import { describe, expect, test } from 'vitest';
import { PathsQuery } from '../../../common/analytics/paths.ts';
import type { PathsQueryInput, PathsResult } from '../../../common/analytics/paths.ts';
import type { EventMatcherInput } from '../../../common/analytics/query.ts';
import { columnsOf, masksOf } from '../../../test/helpers/analytics-columns.ts';
import { referencePaths } from '../../../test/helpers/analytics-reference/paths.ts';
import type { Call } from '../../../test/helpers/journey-reference.ts';
import { EVENTS, PAGE_NAMES, PATHS, pick, randomCalls, randomPeriod, rng, SCREENS } from '../../../test/helpers/kernel-test-streams.ts';
import { DENSE_LINKS_MAX, pathsKernel } from './paths-kernel.ts';

/**
 * The paths kernel against the plain reference (docs/analytics.md#paths): random streams and random
 * queries over every option, plus hand-picked edges. The anchor mask is what the service computes,
 * here from the reference's own matching (masksOf).
 */

function kernel(calls: Call[], input: PathsQueryInput, columns = columnsOf(calls), asBytes = false): PathsResult {
  const q = PathsQuery.parse(input);
  const anchor = masksOf(columns.customers, [(q.start ?? q.end) as EventMatcherInput]);
  return pathsKernel(columns.columns, { anchorMask: asBytes ? Uint8Array.from(anchor) : anchor }, q);
}

const MATCHERS: EventMatcherInput[] = [
  { event: 'Product Viewed' },
  { event: 'Order Completed' },
  { event: '/cart' },
  { event: 'Signed Up' },
  { type: 'page' },
  { type: 'page', pagePath: '/products/*' },
  { type: 'page', event: 'Home' },
  { type: 'screen' },
  { type: 'screen', event: 'Home' },
  { type: 'track' },
  {},
  { event: 'Order Completed', where: [{ path: 'properties.revenue', op: 'exists' }] },
  { stage: { journeyId: 'j1', stageKey: 'buy' } },
  { type: 'identify' },
];
const LABELS = [...new Set([...PATHS, ...EVENTS, ...SCREENS, ...PAGE_NAMES, '(page)', '(screen)', '(event)', 'Journey Stage Entered'])].filter((l) => l !== '');
const WINDOWS = [undefined, undefined, 0, 1, 60_000, 30 * 60_000, 3_600_000, 86_400_000];

function randomQuery(random: () => number, calls: Call[]): PathsQueryInput {
  const matcher = pick(random, MATCHERS);
  const exclude = random() < 0.4 ? LABELS.filter(() => random() < 0.2) : [];
  return {
    ...randomPeriod(random, calls),
    ...(random() < 0.5 ? { start: matcher } : { end: matcher }),
    depth: random() < 0.3 ? 10 : 1 + Math.floor(random() * 10),
    eventTypes: pick(random, ['all', 'pages', 'events'] as const),
    exclude,
    windowMs: pick(random, WINDOWS),
    topPaths: pick(random, [1, 2, 3, 5, 10, 100]),
  };
}

describe('paths kernel = reference', () => {
  test('random streams, random queries (every direction, depth, event type, exclude, window, top-paths cut)', () => {
    let cases = 0;
    let anchored = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const calls = randomCalls(seed, 150 + seed * 5, 4 + (seed % 20));
      const columns = columnsOf(calls);
      const random = rng(seed * 7919);
      for (let k = 0; k < 12; k++) {
        const input = randomQuery(random, calls);
        const expected = referencePaths(input, calls);
        expect(kernel(calls, input, columns, k % 3 === 0), `seed ${seed} query ${k}: ${JSON.stringify(input)}`).toEqual(expected);
        cases++;
        if (expected.customers > 0) anchored++;
      }
    }
    expect(cases).toBe(480);
    // The generator must actually produce paths, not a stream of empty answers.
    expect(anchored).toBeGreaterThan(300);
  });

  test('dense ties: few labels, long paths, many equal top paths', () => {
    for (let seed = 100; seed < 130; seed++) {
      const random = rng(seed);
      const calls: Call[] = [];
      for (let i = 0; i < 200; i++) {
        const user = `u${Math.floor(random() * 12)}`;
        const timestamp = new Date(Date.parse('2024-05-06T00:00:00Z') + Math.floor(random() * 40) * 60_000).toISOString();
        calls.push(random() < 0.5 ? { type: 'track', messageId: `m${i}`, userId: user, event: pick(random, ['A', 'B', 'C']), timestamp } : { type: 'page', messageId: `m${i}`, userId: user, properties: { path: pick(random, ['/a', '/b']) }, timestamp });
      }
      const columns = columnsOf(calls);
      for (const input of [
        { from: 0, to: 2e12, start: { event: 'A' }, depth: 10, topPaths: 7 },
        { from: 0, to: 2e12, end: { event: 'C' }, depth: 10, topPaths: 7 },
        { from: 0, to: 2e12, end: { type: 'page' as const }, depth: 3, topPaths: 4, exclude: ['B'] },
        { from: 0, to: 2e12, start: { type: 'page' as const, pagePath: '/a' }, depth: 4, topPaths: 3, windowMs: 10 * 60_000 },
      ]) {
        expect(kernel(calls, input, columns), `seed ${seed} ${JSON.stringify(input)}`).toEqual(referencePaths(input, calls));
      }
    }
  });
});

describe('paths kernel: hand-picked edges', () => {
  const T0 = Date.parse('2024-05-06T00:00:00Z');
  const MIN = 60_000;
  let m = 0;
  const at = (minute: number) => ({ messageId: `h${m++}`, timestamp: new Date(T0 + minute * MIN).toISOString() });
  const track = (user: string, event: string, minute: number): Call => ({ type: 'track', userId: user, event, ...at(minute) });
  const page = (user: string, path: string, minute: number): Call => ({ type: 'page', userId: user, properties: { path }, ...at(minute) });
  const period = { from: T0, to: T0 + 60 * MIN };

  test('no anchors: nothing at all', () => {
    const calls = [track('u1', 'B', 1)];
    expect(kernel(calls, { ...period, start: { event: 'A' } })).toEqual({ direction: 'forward', customers: 0, nodes: [], links: [], topPaths: [] });
    expect(kernel([], { ...period, end: { event: 'A' } })).toEqual({ direction: 'backward', customers: 0, nodes: [], links: [], topPaths: [] });
  });

  test('a node labelled like the terminal node merges with it, as the reference keys by text', () => {
    // u1: A → "(end)" (a real event), u2: A then nothing → terminal "(end)": one node of 2 at depth 1.
    const calls = [track('u1', 'A', 0), track('u1', '(end)', 1), track('u2', 'A', 0)];
    const r = kernel(calls, { ...period, start: { event: 'A' }, depth: 2 });
    expect(r).toEqual(referencePaths({ ...period, start: { event: 'A' }, depth: 2 }, calls));
    expect(r.nodes.filter((n) => n.depth === 1)).toEqual([{ depth: 1, label: '(end)', count: 2 }]);
  });

  test('window edges are inclusive; the period cuts both ends', () => {
    const calls = [track('u1', 'X', -1), page('u1', '/p', 0), track('u1', 'A', 10), track('u1', 'B', 15), track('u1', 'C', 20), track('u1', 'D', 60)];
    for (const windowMs of [5 * MIN, 5 * MIN - 1, 10 * MIN, 10 * MIN + 1]) {
      for (const q of [{ start: { event: 'A' } }, { end: { event: 'A' } }]) {
        const input = { ...period, ...q, windowMs };
        expect(kernel(calls, input), JSON.stringify(input)).toEqual(referencePaths(input, calls));
      }
    }
    // Backward within 10 minutes: /p at minute 0 is exactly 10 minutes before A, X is before `from`.
    expect(kernel(calls, { ...period, end: { event: 'A' }, windowMs: 10 * MIN }).topPaths).toEqual([{ labels: ['/p', 'A'], count: 1 }]);
  });

  test('a page path equal to the anchor text and to an event name is one label', () => {
    const calls = [track('u1', 'Go', 0), page('u1', 'Go', 1), track('u1', 'Go', 2), page('u1', '/x', 3), track('u1', '/x', 4)];
    const input = { ...period, start: { event: 'Go' } };
    // The page "Go" collapses into the anchor's own label, and the track "/x" into the page "/x".
    expect(kernel(calls, input).topPaths).toEqual([{ labels: ['Go', '/x'], count: 1 }]);
    expect(kernel(calls, input)).toEqual(referencePaths(input, calls));
  });
});

describe('paths kernel: many labels', () => {
  test('past the dense link table (depth × labels² cells), links are counted in a hash, with the same answer', () => {
    // depth 1: more than √DENSE_LINKS_MAX distinct labels (anchor and terminal included) at depth 1.
    const labels = Math.ceil(Math.sqrt(DENSE_LINKS_MAX)) + 5;
    const calls: Call[] = [];
    const timestamp = (s: number) => new Date(Date.parse('2024-05-06T00:00:00Z') + s * 1000).toISOString();
    for (let u = 0; u < labels; u++) {
      calls.push({ type: 'track', messageId: `a${u}`, userId: `u${u}`, event: 'A', timestamp: timestamp(0) });
      calls.push({ type: 'page', messageId: `p${u}`, userId: `u${u}`, properties: { path: `/p/${u % (labels - 3)}` }, timestamp: timestamp(1) });
    }
    const input = { from: 0, to: 2e12, start: { event: 'A' }, depth: 1, topPaths: 5 };
    const r = kernel(calls, input);
    expect(r.links.length).toBe(labels - 3);
    expect(r).toEqual(referencePaths(input, calls));
  });
});

describe('paths kernel: many customers', () => {
  test('enough customers for several hash partitions of the path counter, with the same answer', () => {
    // 20,000 customers (the counter partitions from 8,192 on), a few events each over few labels, so
    // that equal paths land in one partition and are counted together.
    const random = rng(77);
    const calls: Call[] = [];
    const T = Date.parse('2024-05-06T00:00:00Z');
    for (let u = 0; u < 20_000; u++) {
      const n = 1 + Math.floor(random() * 4);
      for (let k = 0; k < n; k++) {
        const timestamp = new Date(T + k * 60_000).toISOString();
        const id = `c${u}-${k}`;
        calls.push(random() < 0.5 ? { type: 'track', messageId: id, userId: `u${u}`, event: pick(random, ['A', 'B', 'C', 'D']), timestamp } : { type: 'page', messageId: id, userId: `u${u}`, properties: { path: pick(random, ['/a', '/b', '/c']) }, timestamp });
      }
    }
    const columns = columnsOf(calls);
    // The counter partitions by the customers there are (an upper bound of the paths).
    expect(columns.customers.length).toBeGreaterThan(2 * 8192);
    for (const input of [
      { from: 0, to: 2e12, start: { event: 'A' }, depth: 3, topPaths: 20 },
      { from: 0, to: 2e12, end: { type: 'page' as const }, depth: 2, topPaths: 20 },
    ]) {
      const r = kernel(calls, input, columns);
      expect(r.customers).toBeGreaterThan(5000);
      expect(r).toEqual(referencePaths(input, calls));
    }
  });
});
