import { describe, expect, it } from 'vitest';
import { bucketCountAtMost, bucketLabel, bucketOf, bucketStarts, instantOfWall, MAX_BUCKETS } from './buckets.ts';
import { INTERVALS } from './query.ts';
import { bucketStart as referenceBucketStart } from '../../test/helpers/analytics-reference/events.ts';

const STHLM = 'Europe/Stockholm';
const H = 3_600_000;
const iso = (s: string) => Date.parse(s);
const isoList = (starts: number[]) => starts.map((s) => new Date(s).toISOString());

describe('bucketStarts in Europe/Stockholm', () => {
  it('days start at local midnight; the spring-forward day has 23 hours, the fall-back day 25', () => {
    // 2024-03-31: 02:00 CET jumps to 03:00 CEST. Midnight of the 30th and 31st is CET (UTC+1), of 1 April CEST (UTC+2).
    const spring = bucketStarts('day', iso('2024-03-30T12:00:00Z'), iso('2024-04-01T12:00:00Z'), STHLM);
    expect(isoList(spring)).toEqual(['2024-03-29T23:00:00.000Z', '2024-03-30T23:00:00.000Z', '2024-03-31T22:00:00.000Z']);
    expect((spring[2] as number) - (spring[1] as number)).toBe(23 * H);
    // 2024-10-27: 03:00 CEST goes back to 02:00 CET.
    const fall = bucketStarts('day', iso('2024-10-26T12:00:00Z'), iso('2024-10-28T12:00:00Z'), STHLM);
    expect(isoList(fall)).toEqual(['2024-10-25T22:00:00.000Z', '2024-10-26T22:00:00.000Z', '2024-10-27T23:00:00.000Z']);
    expect((fall[2] as number) - (fall[1] as number)).toBe(25 * H);
  });

  it('hours are clock hours: the skipped hour has no bucket, the repeated hour has two with one label', () => {
    // Local 00:00, 01:00, then 03:00 (02:00 does not exist), 04:00.
    const spring = bucketStarts('hour', iso('2024-03-30T23:00:00Z'), iso('2024-03-31T03:00:00Z'), STHLM);
    expect(spring.map((s) => bucketLabel('hour', s, STHLM))).toEqual(['2024-03-31T00:00', '2024-03-31T01:00', '2024-03-31T03:00', '2024-03-31T04:00']);
    expect(isoList(spring)).toEqual(['2024-03-30T23:00:00.000Z', '2024-03-31T00:00:00.000Z', '2024-03-31T01:00:00.000Z', '2024-03-31T02:00:00.000Z']);
    // Local 01:00, 02:00 (CEST), 02:00 again (CET), 03:00: four buckets of one hour each.
    const fall = bucketStarts('hour', iso('2024-10-26T23:00:00Z'), iso('2024-10-27T03:00:00Z'), STHLM);
    expect(fall.map((s) => bucketLabel('hour', s, STHLM))).toEqual(['2024-10-27T01:00', '2024-10-27T02:00', '2024-10-27T02:00', '2024-10-27T03:00']);
    expect(isoList(fall)).toEqual(['2024-10-26T23:00:00.000Z', '2024-10-27T00:00:00.000Z', '2024-10-27T01:00:00.000Z', '2024-10-27T02:00:00.000Z']);
  });

  it('ISO weeks start on Monday 00:00 local, across the new year', () => {
    // Wednesday 25 December 2024 is in the week of Monday the 23rd; 30 December starts ISO week 1 of 2025.
    const weeks = bucketStarts('week', iso('2024-12-25T12:00:00Z'), iso('2025-01-10T12:00:00Z'), STHLM);
    expect(weeks.map((s) => bucketLabel('week', s, STHLM))).toEqual(['2024-12-23', '2024-12-30', '2025-01-06']);
    expect(isoList(weeks)[0]).toBe('2024-12-22T23:00:00.000Z');
    // A period starting on a Monday at local midnight starts exactly at its first bucket.
    const monday = iso('2024-03-24T23:00:00Z'); // Monday 25 March 00:00 CET
    expect(bucketStarts('week', monday, monday + 1, STHLM)).toEqual([monday]);
    // The week with the spring-forward Sunday is 167 hours long.
    const dst = bucketStarts('week', iso('2024-03-25T12:00:00Z'), iso('2024-04-02T00:00:00Z'), STHLM);
    expect((dst[1] as number) - (dst[0] as number)).toBe(167 * H);
  });

  it('months start on the 1st 00:00 local; the first may lie before `from`', () => {
    // 2024-01-31T23:30Z is already 1 February 00:30 in Stockholm; leap February; April starts in CEST.
    const months = bucketStarts('month', iso('2024-01-31T23:30:00Z'), iso('2024-04-01T12:00:00Z'), STHLM);
    expect(isoList(months)).toEqual(['2024-01-31T23:00:00.000Z', '2024-02-29T23:00:00.000Z', '2024-03-31T22:00:00.000Z']);
    expect(months.map((s) => bucketLabel('month', s, STHLM))).toEqual(['2024-02', '2024-03', '2024-04']);
  });

  it('ends with the bucket holding to − 1 ms: a bucket starting exactly at `to` is not in the list', () => {
    const days = bucketStarts('day', iso('2024-05-01T22:00:00Z'), iso('2024-05-03T22:00:00Z'), STHLM);
    expect(days.map((s) => bucketLabel('day', s, STHLM))).toEqual(['2024-05-02', '2024-05-03']);
  });
});

describe('bucketOf', () => {
  const starts = [100, 200, 300];
  it('finds the last start at or before the time', () => {
    expect(bucketOf(99, starts)).toBe(-1);
    expect(bucketOf(100, starts)).toBe(0);
    expect(bucketOf(199, starts)).toBe(0);
    expect(bucketOf(200, starts)).toBe(1);
    expect(bucketOf(10_000, starts)).toBe(2);
    expect(bucketOf(5, [])).toBe(-1);
  });
});

describe('other zones', () => {
  it('a day whose midnight is skipped starts at the first instant of that date (America/Santiago, 8 September 2024)', () => {
    // Clocks jump from 00:00 (UTC−4) to 01:00 (UTC−3) at 04:00Z.
    const days = bucketStarts('day', iso('2024-09-07T12:00:00Z'), iso('2024-09-09T12:00:00Z'), 'America/Santiago');
    expect(isoList(days)).toEqual(['2024-09-07T04:00:00.000Z', '2024-09-08T04:00:00.000Z', '2024-09-09T03:00:00.000Z']);
    expect(instantOfWall(iso('2024-09-08T00:30:00Z'), 'America/Santiago')).toBe(iso('2024-09-08T04:00:00Z'));
  });

  it('hours in a half-hour zone start at :30 UTC (Asia/Kolkata)', () => {
    expect(isoList(bucketStarts('hour', iso('2024-01-01T00:00:00Z'), iso('2024-01-01T01:00:00Z'), 'Asia/Kolkata'))).toEqual(['2023-12-31T23:30:00.000Z', '2024-01-01T00:30:00.000Z']);
  });

  it('agrees with the test reference (which walks clock hours) for times all over the year', () => {
    const zones = ['UTC', STHLM, 'America/New_York', 'America/Santiago', 'Asia/Kolkata', 'Australia/Adelaide'];
    const from = iso('2024-01-01T00:00:00Z');
    const to = iso('2025-01-15T00:00:00Z');
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const zone of zones) {
      for (const interval of INTERVALS) {
        for (let i = 0; i < 8; i++) {
          // A window of a few buckets around a random time, boundary instants included.
          const t = from + Math.floor(random() * (to - from));
          const span = interval === 'hour' ? 6 * H : interval === 'day' ? 4 * 24 * H : interval === 'week' ? 20 * 24 * H : 70 * 24 * H;
          const starts = bucketStarts(interval, t, t + span, zone);
          for (const s of starts) expect(referenceBucketStart(s, interval, zone)).toBe(s);
          for (const probe of [t, t + span - 1, ...starts, ...starts.map((s) => s - 1)]) {
            const k = bucketOf(probe, starts);
            if (k >= 0) expect(starts[k], `${zone} ${interval} ${new Date(probe).toISOString()}`).toBe(referenceBucketStart(probe, interval, zone));
          }
        }
      }
    }
  });
});

describe('bucketCountAtMost', () => {
  it('is an upper bound of the real count', () => {
    for (const interval of INTERVALS) {
      const from = iso('2024-03-01T00:00:00Z');
      const to = iso(interval === 'hour' ? '2024-04-05T00:00:00Z' : '2024-11-30T00:00:00Z');
      expect(bucketCountAtMost(interval, from, to)).toBeGreaterThanOrEqual(bucketStarts(interval, from, to, STHLM).length);
    }
  });

  it('bucketStarts refuses more than MAX_BUCKETS buckets', () => {
    expect(() => bucketStarts('hour', 0, (MAX_BUCKETS + 5) * H, 'UTC')).toThrow(RangeError);
  });
});
