import { bucketStarts } from '../../../common/analytics/buckets.ts';
import { NONE_GROUP, STAGE_ENTERED } from '../../../common/analytics/query.ts';
import { DIRECT } from '../../../common/analytics/sessions.ts';
import type { PageRow, SessionStats, SessionsQuery, SessionsResult, SessionTableRow } from '../../../common/analytics/sessions.ts';
import { type CustomerEvents, PAGE, SCREEN, TRACK } from './customer-events.ts';
import { BucketClock, codesOf, compareText, grownFloat64, grownInt32, topK } from './kernel-tools.ts';

/**
 * The sessions kernel (docs/analytics.md#sessions-and-engagement), from the columns alone. One pass
 * customer by customer over the activity events of the period cuts sessions where the gap exceeds
 * `inactivityMs`; each finished session is added, by integer keys, to the summary, its bucket and the
 * entry/exit page, UTM and referrer tables. Distinct customers are counted with a stamp per row.
 *
 * Adding a session to a row costs more than the rest of its work, and most sessions name no campaign
 * and no external referrer. So the "(none)" rows of the UTM tables and the "(direct)" row of referrers
 * are not added to session by session: their sums are the summary's minus the table's other rows,
 * and their customers are counted with one flag per customer.
 *
 * Activity is track, page and screen, except track events named `Journey Stage Entered` (derived
 * stage entries), recognised by their name code. Keys are dictionary codes; "(none)" and "(direct)"
 * take the dictionary's code when the data holds the same text, as the reference groups by text.
 */

/** ASCII lower case, one leading "www." dropped: a host as sessions compare it. */
export function normalHost(host: string): string {
  const h = host.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  return h.startsWith('www.') ? h.slice(4) : h;
}

const STRIDE = 6;

/**
 * Session statistics per row of a table, by dense row id, interleaved (sessions, page views, bounces,
 * length, customers, last customer + 1) so that adding a session touches one cache line.
 */
class Rows {
  private data = new Float64Array(64 * STRIDE);

  /** Adds one session of customer c to row r. */
  add(r: number, c: number, pages: number, bounce: number, lengthMs: number): void {
    const o = r * STRIDE;
    if (o >= this.data.length) this.data = grownFloat64(this.data, o + STRIDE);
    const d = this.data;
    d[o] = (d[o] as number) + 1;
    d[o + 1] = (d[o + 1] as number) + pages;
    d[o + 2] = (d[o + 2] as number) + bounce;
    d[o + 3] = (d[o + 3] as number) + lengthMs;
    if (d[o + 5] !== c + 1) {
      d[o + 5] = c + 1;
      d[o + 4] = (d[o + 4] as number) + 1;
    }
  }

  /**
   * Fills row r, to which nothing was added, as what `whole` (a one-row table) has and the other rows
   * do not: the sessions, page views, bounces and length of `whole` minus those of every other row
   * (exact: integer sums), with `customers` given.
   */
  setRest(r: number, whole: Rows, customers: number): void {
    const sums = [0, 0, 0, 0];
    for (let o = 0; o < this.data.length; o += STRIDE) for (let k = 0; k < 4; k++) sums[k] = (sums[k] as number) + (this.data[o + k] as number);
    const o = r * STRIDE;
    if (o >= this.data.length) this.data = grownFloat64(this.data, o + STRIDE);
    for (let k = 0; k < 4; k++) this.data[o + k] = (whole.data[k] as number) - (sums[k] as number);
    this.data[o + 4] = customers;
  }

  /** Sessions in row r. */
  sessions(r: number): number {
    const o = r * STRIDE;
    return o < this.data.length ? (this.data[o] as number) : 0;
  }

  stats(r: number): SessionStats {
    const sessions = this.sessions(r);
    const o = r * STRIDE;
    const pageviews = sessions === 0 ? 0 : (this.data[o + 1] as number);
    const bounces = sessions === 0 ? 0 : (this.data[o + 2] as number);
    return {
      sessions,
      customers: sessions === 0 ? 0 : (this.data[o + 4] as number),
      pageviews,
      bounces,
      bounceRate: sessions === 0 ? null : bounces / sessions,
      pagesPerSession: sessions === 0 ? null : pageviews / sessions,
      meanLengthMs: sessions === 0 ? null : (this.data[o + 3] as number) / sessions,
    };
  }
}

/** Dense ids for the key codes met (shared by all tables), in order of first sight. */
class KeyIds {
  private idOfCode: Int32Array;
  readonly codes: number[] = [];

  constructor(codeCount: number) {
    this.idOfCode = new Int32Array(codeCount).fill(-1);
  }

  of(code: number): number {
    let id = this.idOfCode[code] as number;
    if (id < 0) {
      id = this.codes.push(code) - 1;
      this.idOfCode[code] = id;
    }
    return id;
  }
}

/** Bits of `Tally.session`'s answer: which of the first-event tables the session left to the derived row. */
const NO_SOURCE = 1;
const NO_MEDIUM = 2;
const NO_CAMPAIGN = 4;
const NO_REFERRER = 8;

/** Everything a session or a page view adds to. */
class Tally {
  readonly summary = new Rows();
  readonly overTime = new Rows();
  readonly entry = new Rows();
  readonly exit = new Rows();
  readonly source = new Rows();
  readonly medium = new Rows();
  readonly campaign = new Rows();
  readonly referrer = new Rows();
  /** Customers with a session in the derived row of source, medium, campaign, referrer. */
  readonly restCustomers = new Float64Array(4);
  views = new Float64Array(64);
  viewCustomers = new Float64Array(64);
  private viewStamp = new Int32Array(64);
  private readonly clock: BucketClock;

  constructor(
    readonly ev: CustomerEvents,
    readonly keys: KeyIds,
    q: SessionsQuery,
    starts: number[],
    readonly none: number,
    readonly direct: number,
    readonly siteHost: Uint8Array,
  ) {
    this.clock = new BucketClock(q.from, q.to, starts);
  }

  /** A page view of customer c with page key `key` (a code); returns the key's row id. */
  pageView(key: number, c: number): number {
    const r = this.keys.of(key);
    if (r >= this.views.length) {
      this.views = grownFloat64(this.views, r + 1);
      this.viewCustomers = grownFloat64(this.viewCustomers, r + 1);
      this.viewStamp = grownInt32(this.viewStamp, r + 1);
    }
    this.views[r] = (this.views[r] as number) + 1;
    if (this.viewStamp[r] !== c + 1) {
      this.viewStamp[r] = c + 1;
      this.viewCustomers[r] = (this.viewCustomers[r] as number) + 1;
    }
    return r;
  }

  /**
   * A finished session of customer c: first event at position `first`, row ids of its first and last
   * page's keys (-1: none). Returns the NO_* bits of the tables whose derived row it belongs to.
   */
  session(c: number, first: number, firstT: number, lastT: number, events: number, pages: number, entry: number, exit: number): number {
    const ev = this.ev;
    const length = lastT - firstT;
    const bounce = events === 1 && pages === 1 ? 1 : 0;
    const b = this.clock.bucket(firstT);
    this.summary.add(0, c, pages, bounce, length);
    this.overTime.add(b, c, pages, bounce, length);
    if (pages > 0) {
      this.entry.add(entry, c, pages, bounce, length);
      this.exit.add(exit, c, pages, bounce, length);
    }
    let rest = 0;
    const none = this.none;
    const source = ev.utmSource[first] as number;
    if (source < 0 || source === none) rest |= NO_SOURCE;
    else this.source.add(this.keys.of(source), c, pages, bounce, length);
    const medium = ev.utmMedium[first] as number;
    if (medium < 0 || medium === none) rest |= NO_MEDIUM;
    else this.medium.add(this.keys.of(medium), c, pages, bounce, length);
    const campaign = ev.utmCampaign[first] as number;
    if (campaign < 0 || campaign === none) rest |= NO_CAMPAIGN;
    else this.campaign.add(this.keys.of(campaign), c, pages, bounce, length);
    // An external referrer: a host that is neither the page's own host nor one of the site's.
    const host = ev.referrerHost[first] as number;
    if (host < 0 || host === ev.pageHost[first] || host === this.direct || this.siteHost[host] === 1) rest |= NO_REFERRER;
    else this.referrer.add(this.keys.of(host), c, pages, bounce, length);
    return rest;
  }

  /** Customer c is done; `rest`: the NO_* bits of all their sessions. */
  customerDone(rest: number): void {
    for (let k = 0; k < 4; k++) if ((rest & (1 << k)) !== 0) this.restCustomers[k] = (this.restCustomers[k] as number) + 1;
  }

  /** Fills the derived rows: "(none)" of the UTM tables, "(direct)" of referrers. */
  finish(): void {
    const tables = [this.source, this.medium, this.campaign, this.referrer];
    tables.forEach((rows, k) => {
      if ((this.restCustomers[k] as number) > 0) rows.setRest(this.keys.of(k === 3 ? this.direct : this.none), this.summary, this.restCustomers[k] as number);
    });
  }
}

// Imported bindings can be getters once transpiled; the hot loop reads module constants.
const T_PAGE = PAGE;
const T_SCREEN = SCREEN;
const T_TRACK = TRACK;

/** The sessions answer over the columns, exactly as the reference gives it. `q` is the parsed query. */
export function sessionsKernel(ev: CustomerEvents, q: SessionsQuery): SessionsResult {
  const L = ev.strings.length;
  const sites = [...new Set(q.siteHosts.map(normalHost))];
  const found = codesOf(ev.strings, [NONE_GROUP, DIRECT, STAGE_ENTERED, ...sites]);
  const code = (k: number) => found[k] as number;
  const none = code(0) >= 0 ? code(0) : L;
  const direct = code(1) >= 0 ? code(1) : L + 1;
  const textOf = (c: number) => (c < L ? (ev.strings[c] as string) : c === L ? NONE_GROUP : DIRECT);
  const siteHost = new Uint8Array(L);
  for (let k = 3; k < found.length; k++) if (code(k) >= 0) siteHost[code(k)] = 1;

  const keys = new KeyIds(L + 2);
  const starts = bucketStarts(q.interval, q.from, q.to, q.timeZone);
  const tally = new Tally(ev, keys, q, starts, none, direct, siteHost);
  cutSessions(ev, q, code(2) >= 0 ? code(2) : -2, none, tally);
  tally.finish();

  const keyText = (id: number) => textOf(keys.codes[id] as number);
  const table = (rows: Rows): SessionTableRow[] =>
    topK(keys.codes.length, q.limit, (id) => rows.sessions(id) > 0, (x, y) => rows.sessions(y) - rows.sessions(x) || compareText(keyText(x), keyText(y))).map((id) => ({
      key: keyText(id),
      ...rows.stats(id),
    }));
  const topPages: PageRow[] = topK(keys.codes.length, q.limit, (id) => id < tally.views.length && (tally.views[id] as number) > 0, (x, y) => (tally.views[y] as number) - (tally.views[x] as number) || compareText(keyText(x), keyText(y))).map((id) => ({
    path: keyText(id),
    views: tally.views[id] as number,
    customers: tally.viewCustomers[id] as number,
  }));
  return {
    summary: tally.summary.stats(0),
    overTime: starts.map((start, b) => ({ start: new Date(start).toISOString(), ...tally.overTime.stats(b) })),
    topPages,
    entryPages: table(tally.entry),
    exitPages: table(tally.exit),
    utmSources: table(tally.source),
    utmMediums: table(tally.medium),
    utmCampaigns: table(tally.campaign),
    referrers: table(tally.referrer),
  };
}

/**
 * The pass over the customers: activity events in [from, to) cut into sessions, each handed to the
 * tally when it ends. Closure-free, so it stays optimised from query to query.
 */
function cutSessions(ev: CustomerEvents, q: SessionsQuery, stage: number, none: number, tally: Tally): void {
  const { offsets, ts, type, name, path } = ev;
  const from = q.from;
  const to = q.to;
  const gap = q.inactivityMs;
  const nCustomers = offsets.length - 1;
  for (let c = 0; c < nCustomers; c++) {
    const hi = offsets[c + 1] as number;
    let i = offsets[c] as number;
    while (i < hi && (ts[i] as number) < from) i++;
    let rest = 0;
    let first = -1;
    let firstT = 0;
    let lastT = 0;
    let events = 0;
    let pages = 0;
    let entry = -1;
    let exit = -1;
    for (; i < hi; i++) {
      const t = ts[i] as number;
      if (t >= to) break;
      const ty = type[i] as number;
      if (ty === T_TRACK) {
        if (name[i] === stage) continue;
      } else if (ty !== T_PAGE && ty !== T_SCREEN) continue;
      // More than `inactivityMs` since the last activity: a new session (exactly that long continues).
      if (first >= 0 && t - lastT > gap) {
        rest |= tally.session(c, first, firstT, lastT, events, pages, entry, exit);
        first = -1;
      }
      if (first < 0) {
        first = i;
        firstT = t;
        events = 0;
        pages = 0;
        entry = -1;
        exit = -1;
      }
      lastT = t;
      events++;
      if (ty === T_PAGE) {
        const p = path[i] as number;
        const row = tally.pageView(p >= 0 ? p : none, c);
        pages++;
        if (entry < 0) entry = row;
        exit = row;
      }
    }
    if (first >= 0) rest |= tally.session(c, first, firstT, lastT, events, pages, entry, exit);
    if (rest !== 0) tally.customerDone(rest);
  }
}
