import { describe, expect, test } from 'vitest';
import { SessionsQuery } from '../../../common/analytics/sessions.ts';
import type { SessionsQueryInput, SessionsResult } from '../../../common/analytics/sessions.ts';
import { columnsOf } from '../../../test/helpers/analytics-columns.ts';
import { referenceSessions } from '../../../test/helpers/analytics-reference/sessions.ts';
import type { Call } from '../../../test/helpers/journey-reference.ts';
import { pick, randomCalls, randomPeriod, rng, SITE_HOSTS } from '../../../test/helpers/kernel-test-streams.ts';
import { normalHost, sessionsKernel } from './sessions-kernel.ts';

/**
 * The sessions kernel against the plain reference (docs/analytics.md#sessions-and-engagement) on random
 * streams and queries (periods cutting through visits, every interval, DST zones, inactivity at and
 * around the gaps the streams contain, site hosts, table limits), plus hand-picked edges.
 */

function kernel(calls: Call[], input: SessionsQueryInput, columns = columnsOf(calls)): SessionsResult {
  return sessionsKernel(columns.columns, SessionsQuery.parse(input));
}

function reference(calls: Call[], input: SessionsQueryInput): SessionsResult {
  return referenceSessions(calls, SessionsQuery.parse(input));
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const ZONES = ['UTC', 'Europe/Stockholm', 'Europe/Stockholm', 'America/Santiago', 'Asia/Kolkata'];
const MAX_SPAN = { hour: 3 * DAY, day: 12 * DAY, week: 60 * DAY, month: 200 * DAY } as const;

function randomQuery(random: () => number, calls: Call[]): SessionsQueryInput {
  const interval = pick(random, ['hour', 'day', 'day', 'week', 'month'] as const);
  const period = randomPeriod(random, calls);
  return {
    from: period.from,
    to: Math.min(period.to, period.from + MAX_SPAN[interval]),
    interval,
    timeZone: pick(random, ZONES),
    // The streams step by 29, 30 and 31 minutes and 30 minutes + 1 ms: every side of the default edge.
    inactivityMs: pick(random, [MIN, 29 * MIN, 30 * MIN, 30 * MIN, 30 * MIN + 1, 2 * 60 * MIN, DAY]),
    siteHosts: SITE_HOSTS.filter(() => random() < 0.3),
    limit: pick(random, [1, 2, 3, 5, 20, 200]),
  };
}

describe('sessions kernel = reference', () => {
  test('random streams, random queries', () => {
    let cases = 0;
    let withSessions = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const calls = randomCalls(seed + 2000, 150 + seed * 5, 4 + (seed % 20));
      const columns = columnsOf(calls);
      const random = rng(seed * 7_777);
      for (let k = 0; k < 8; k++) {
        const input = randomQuery(random, calls);
        const expected = reference(calls, input);
        expect(kernel(calls, input, columns), `seed ${seed} query ${k}: ${JSON.stringify(input)}`).toEqual(expected);
        cases++;
        if (expected.summary.sessions > 1) withSessions++;
      }
    }
    expect(cases).toBe(320);
    expect(withSessions).toBeGreaterThan(250);
  });
});

describe('sessions kernel: hand-picked edges', () => {
  let n = 0;
  const call = (type: Call['type'], user: string, timestamp: string, rest: Partial<Call> = {}): Call => ({ type, messageId: `s${++n}`, userId: user, timestamp, ...rest });
  const base = { from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z' };

  test('a gap of exactly inactivityMs continues the session, 1 ms more cuts it; stage entries do not bridge gaps', () => {
    const calls = [
      call('page', 'a', '2024-01-01T10:00:00Z', { properties: { path: '/' } }),
      call('track', 'a', '2024-01-01T10:30:00Z', { event: 'X' }),
      call('track', 'a', '2024-01-01T10:45:00Z', { event: 'Journey Stage Entered', properties: { journey_id: 'j', stage_key: 's' } }),
      call('page', 'a', '2024-01-01T11:00:00.001Z', { properties: { path: '/' } }),
    ];
    const r = kernel(calls, base);
    expect(r).toEqual(reference(calls, base));
    expect(r.summary.sessions).toBe(2);
    expect(r.summary.bounces).toBe(1);
    expect(kernel(calls, { ...base, inactivityMs: 30 * MIN + 1 }).summary.sessions).toBe(1);
  });

  test('literal "(none)" and "(direct)" values share rows with the absent ones; site hosts by case and www.', () => {
    const calls = [
      call('page', 'a', '2024-01-01T10:00:00Z', { properties: { path: '(none)' }, context: { campaign: { source: '(none)' }, page: { referrer: 'https://(direct)/x' } } }),
      call('page', 'b', '2024-01-01T10:00:00Z', { context: { page: { referrer: 'https://WWW.Shop.se/', url: 'https://other.se/' } } }),
      call('page', 'c', '2024-01-01T10:00:00Z', { context: { page: { referrer: 'https://news.se/' } } }),
    ];
    for (const siteHosts of [[], ['www.SHOP.se'], ['news.se', 'shop.se']]) {
      const input = { ...base, siteHosts };
      expect(kernel(calls, input), JSON.stringify(siteHosts)).toEqual(reference(calls, input));
    }
    expect(kernel(calls, base).utmSources).toEqual([{ key: '(none)', sessions: 3, customers: 3, pageviews: 3, bounces: 3, bounceRate: 1, pagesPerSession: 1, meanLengthMs: 0 }]);
    expect(normalHost('WWW.Shop.SE')).toBe('shop.se');
    expect(normalHost('www.www.x.se')).toBe('www.x.se');
  });

  test('"(none)" and "(direct)" rows count exactly the customers with such a session, whichever tables they miss', () => {
    const campaign = (c: Record<string, string>, referrer?: string) => ({ context: { campaign: c, page: { referrer: referrer ?? '', url: 'https://shop.se/' } } });
    const calls = [
      // a: no source only (medium, campaign and an external referrer there).
      call('page', 'a', '2024-01-01T10:00:00Z', campaign({ medium: 'cpc', name: 'x' }, 'https://google.com/')),
      // b: everything there, then a second session with nothing: in every derived row.
      call('page', 'b', '2024-01-01T10:00:00Z', campaign({ source: 's', medium: 'm', name: 'n' }, 'https://t.co/')),
      call('page', 'b', '2024-01-01T12:00:00Z', campaign({})),
      // c: no referrer only.
      call('screen', 'c', '2024-01-01T10:00:00Z', { ...campaign({ source: 's', medium: 'm', name: 'n' }), name: 'Home' }),
    ];
    const r = kernel(calls, base);
    expect(r).toEqual(reference(calls, base));
    expect(r.utmSources.find((row) => row.key === '(none)')?.customers).toBe(2);
    expect(r.referrers.find((row) => row.key === '(direct)')?.customers).toBe(2);
  });

  test('no activity: empty tables, null ratios, every bucket listed', () => {
    const calls = [call('identify', 'a', '2024-01-01T10:00:00Z', { traits: { plan: 'pro' } })];
    const input = { ...base, interval: 'hour' as const, timeZone: 'Europe/Stockholm' };
    const r = kernel(calls, input);
    expect(r).toEqual(reference(calls, input));
    expect(r.overTime).toHaveLength(24);
    expect(r.summary.meanLengthMs).toBeNull();
  });
});
