/**
 * Seeded synthetic e-commerce events for the journey benchmark, generated inside DuckDB with
 * hash-based pseudo-randomness (the same seed gives the same rows), straight into the `events` and
 * `profile_aliases` tables of an event store that `DuckDbEventStore.open` has created.
 *
 * Every customer lands with a page view (65 % of them with a `context.campaign`), then browses; how far
 * they get is drawn per customer: 35 % only visit, 35 % browse products, 18 % order once, 7 % order two
 * or three times, 4 % review or share after ordering, 1 % share without ordering (so consideration,
 * purchase and retention are skipped), and 3 % of the buyers never look at a product before ordering.
 * 2 % land anonymously: their first event has its own profile, merged into the customer's through
 * `profile_aliases`, as an identify or alias would. Events per customer follow an exponential spread
 * around a depth-dependent mean; the timestamps of one customer increase with their position and all
 * fall in [start, start + 90 days). Rows are stored in time order, as live ingestion would store them.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { backfillAnalyticsColumns } from '../server/storage/events/duckdb-event-store.ts';

const DAY = 86_400_000;
export const PERIOD_DAYS = 90;

export interface GenerateOptions {
  customers: number;
  events: number;
  seed: number;
  workspaceId: string;
  /** Epoch ms of the first day. */
  start: number;
}

/** One row per customer: how far they get, how many events they have, when they start and for how long. */
function customersSql(o: GenerateOptions): string {
  const { customers: C, seed } = o;
  return `
  CREATE TEMP TABLE gen_customers AS
  WITH a AS (
    SELECT range AS c, (hash(range, ${seed}, 1) >> 1)::BIGINT % 1000 AS u1, (hash(range, ${seed}, 2) >> 1)::BIGINT % 1000 AS u2,
      ((hash(range, ${seed}, 3) >> 1)::BIGINT % 1000000 + 1) / 1000002.0 AS u3, (hash(range, ${seed}, 4) >> 1)::BIGINT % 1000 AS u4,
      ((hash(range, ${seed}, 5) >> 1)::BIGINT % 1000) / 1000.0 AS u5
    FROM range(${C})
  ), b AS (
    SELECT *, CASE WHEN u1 < 350 THEN 0 WHEN u1 < 700 THEN 1 WHEN u1 < 880 THEN 2 WHEN u1 < 950 THEN 3 WHEN u1 < 990 THEN 4 ELSE 5 END AS depth FROM a
  ), d AS (
    SELECT *,
      CASE depth WHEN 2 THEN 1 WHEN 3 THEN (CASE WHEN u2 < 300 THEN 3 ELSE 2 END) WHEN 4 THEN (CASE WHEN u2 < 500 THEN 2 ELSE 1 END) ELSE 0 END AS n_orders,
      (depth >= 4)::BIGINT AS adv,
      (depth BETWEEN 2 AND 4 AND u4 < 30) AS direct
    FROM b
  ), e AS (
    -- Orders need room: a consideration event first, and a Checkout Started before each order.
    SELECT *,
      CASE WHEN n_orders > 0 THEN 3 * n_orders + 1 + adv WHEN depth = 0 THEN 1 ELSE 2 END AS base,
      ([0.3, 3.0, 6.0, 9.0, 9.0, 3.0])[depth + 1] * -ln(u3) AS w
    FROM d
  ), f AS (
    SELECT *, sum(w) OVER (ORDER BY c ROWS UNBOUNDED PRECEDING) AS cw, sum(w) OVER () AS tw, sum(base) OVER ()::BIGINT AS tb FROM e
  ), g AS (
    -- Extra events split by cumulative weight: the counts add up to exactly the requested total.
    SELECT *, coalesce(lag(cw) OVER (ORDER BY c), 0) AS cw0 FROM f
  ), h AS (
    SELECT c, depth, n_orders, adv, direct, tb,
      (base + (CASE WHEN c = ${C - 1} THEN ${o.events} - tb ELSE floor(cw * (${o.events} - tb) / tw) END) - floor(cw0 * (${o.events} - tb) / tw))::BIGINT AS k,
      u5
    FROM g
  ), i AS (
    SELECT *, least(${80 * DAY}, greatest(k * 60000, (u5 * u5 * ${60 * DAY})::BIGINT))::BIGINT AS span FROM h
  )
  SELECT c, depth, n_orders, adv, direct, k, span, tb,
    (${o.start} + (hash(c, ${seed}, 6) >> 1)::BIGINT % (${PERIOD_DAYS * DAY} - span))::BIGINT AS t0
  FROM i`;
}

/** One row per event key, sorted by time, numbered. */
function keysSql(o: GenerateOptions): string {
  return `
  CREATE TEMP TABLE gen_keys AS
  SELECT row_number() OVER (ORDER BY ts, c, j) - 1 AS i, * FROM (
    SELECT c, j, depth, n_orders, adv, direct, k,
      (t0 + (span // k) * j + (hash(c, j, ${o.seed}, 7) >> 1)::BIGINT % (span // k))::BIGINT AS ts
    FROM (SELECT *, unnest(range(k)) AS j FROM gen_customers)
  )
  ORDER BY i`;
}

const SOURCES = `['google', 'facebook', 'newsletter', 'instagram', 'partner_blog', 'bing', 'tiktok']`;
const MEDIUMS = `['cpc', 'paid_social', 'email', 'social', 'affiliate', 'cpc', 'paid_social']`;
const CAMPAIGNS = `['spring_sale', 'summer_drop', 'weekly_digest', 'influencer_autumn', 'partner_q1', 'brand_search', 'launch_video']`;
const CATEGORIES = `['bags', 'outdoor', 'kitchen', 'kids', 'home', 'beauty']`;
const QUERIES = `['ryggsäck', 'regnjacka', 'termos', 'kånken', 'vinterskor', 'present']`;
const PAGE_NAMES = `['Home', 'Product', 'Category', 'Search', 'Stores', 'Order tracking']`;
const USER_AGENTS = `['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15']`;

/** A profile id shaped like the pipeline's (`prf_` + UUID) from a customer number and a salt. */
const profileId = (c: string, seed: number, salt: number) =>
  `'prf_' || format('{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}', (hash(${c}, ${seed}, ${salt}) >> 1)::BIGINT % 4294967296, ((hash(${c}, ${seed}, ${salt}) >> 1)::BIGINT >> 32) % 65536, ((hash(${c}, ${seed}, ${salt}) >> 1)::BIGINT >> 48) % 4096, 32768 + (hash(${c}, ${seed}, ${salt + 1}) >> 1)::BIGINT % 16384, (hash(${c}, ${seed}, ${salt + 1}) >> 1)::BIGINT >> 16)`;

function eventsSql(o: GenerateOptions): [string, string] {
  const s = o.seed;
  // The order positions of a customer: q × (kk − 1) // n for q = 1..n (kk: events before the advocacy one).
  const isOrder = (x: string) => `(n_orders > 0 AND ${x} < k - adv AND (${x} = (k - adv - 1) // n_orders OR (n_orders >= 2 AND ${x} = 2 * (k - adv - 1) // n_orders) OR (n_orders >= 3 AND ${x} = 3 * (k - adv - 1) // n_orders)))`;
  const kinds = `
    SELECT *,
      CASE
        WHEN j = 0 THEN 'page'
        WHEN adv = 1 AND j = k - 1 THEN (CASE WHEN depth = 5 OR (hash(c, ${s}, 8) >> 1)::BIGINT % 10 < 4 THEN 'Product Shared' ELSE 'Product Reviewed' END)
        WHEN ${isOrder('j')} THEN 'Order Completed'
        WHEN ${isOrder('j + 1')} THEN 'Checkout Started'
        WHEN depth = 0 OR depth = 5 OR direct THEN (CASE WHEN r < 90 THEN 'page' ELSE 'screen' END)
        WHEN j = 1 THEN (CASE WHEN r < 60 THEN 'Product Viewed' WHEN r < 85 THEN 'Product List Viewed' ELSE 'Products Searched' END)
        ELSE (CASE WHEN r < 28 THEN 'page' WHEN r < 40 THEN 'Product List Viewed' WHEN r < 47 THEN 'Products Searched' WHEN r < 72 THEN 'Product Viewed'
          WHEN r < 82 THEN 'Product Added' WHEN r < 86 THEN 'Cart Viewed' WHEN r < 88 THEN 'Coupon Applied' WHEN r < 91 THEN 'Product Clicked'
          WHEN r < 94 THEN 'screen' WHEN r < 97 THEN 'identify' ELSE 'page' END)
      END AS kind
    FROM (SELECT *, (hash(c, j, ${s}, 9) >> 1)::BIGINT % 100 AS r, (hash(c, j, ${s}, 10) >> 1)::BIGINT AS h FROM gen_keys)`;
  const fields = `
    SELECT *,
      CASE kind WHEN 'page' THEN 'page' WHEN 'screen' THEN 'screen' WHEN 'identify' THEN 'identify' ELSE 'track' END AS type,
      'sku-' || (h % 5000) AS sku,
      (49 + (h >> 16) % 2950)::BIGINT AS price,
      ${CATEGORIES}[1 + ((h >> 8) % 6)::BIGINT] AS category,
      ((h >> 24) % 6)::BIGINT AS pg,
      (j = 0 AND (hash(c, ${s}, 11) >> 1)::BIGINT % 100 < 65) OR (j > 0 AND (h >> 32) % 100 < 3) AS has_campaign,
      1 + ((h >> 40) % 7)::BIGINT AS camp
    FROM (${kinds})`;
  const strings = `
    CREATE TEMP TABLE gen_rows AS
    SELECT i, c, j, k, depth, ts, h, kind, type, sku, price, category, pg, has_campaign, camp,
      CASE pg WHEN 0 THEN '/' WHEN 1 THEN '/products/' || sku WHEN 2 THEN '/category/' || category WHEN 3 THEN '/search' WHEN 4 THEN '/stores/stockholm' ELSE '/order-tracking' END AS path
    FROM (${fields})`;
  const order = `'{"order_id":"o-' || c || '-' || j || '","checkout_id":"co-' || c || '-' || j || '","total":' || (price + 49) || ',"revenue":' || price || ',"shipping":49,"tax":' || (price // 5) || ',"currency":"SEK"' || (CASE WHEN (h >> 48) % 4 = 0 THEN ',"coupon":"SPRING10","discount":' || (price // 10) ELSE '' END) || ',"products":[{"product_id":"' || sku || '","sku":"' || sku || '","category":"' || category || '","price":' || price || ',"quantity":1}]}'`;
  const product = `'{"product_id":"' || sku || '","sku":"' || sku || '","name":"Product ' || sku || '","category":"' || category || '","brand":"Fjällräven","price":' || price || ',"currency":"SEK","quantity":1}'`;
  const properties = `CASE kind
      WHEN 'page' THEN '{"path":"' || path || '","url":"https://shop.example.se' || path || '","title":"' || ${PAGE_NAMES}[1 + pg] || ' – Example Shop","referrer":"https://www.google.com/"}'
      WHEN 'screen' THEN '{"name":"' || (CASE WHEN pg < 3 THEN 'Product' ELSE 'Home' END) || '"}'
      WHEN 'identify' THEN '{}'
      WHEN 'Product List Viewed' THEN '{"list_id":"' || category || '","category":"' || category || '"}'
      WHEN 'Products Searched' THEN '{"query":"' || ${QUERIES}[1 + pg] || '"}'
      WHEN 'Cart Viewed' THEN '{"cart_id":"cart-' || c || '","products":[{"product_id":"' || sku || '","price":' || price || ',"quantity":1}]}'
      WHEN 'Coupon Applied' THEN '{"cart_id":"cart-' || c || '","coupon_id":"SPRING10","coupon_name":"spring10","discount":10}'
      WHEN 'Checkout Started' THEN '{"order_id":"o-' || c || '-' || (j + 1) || '","value":' || price || ',"revenue":' || price || ',"currency":"SEK"}'
      WHEN 'Order Completed' THEN ${order}
      WHEN 'Product Reviewed' THEN '{"product_id":"' || sku || '","review_id":"r-' || c || '","review_body":"Bra kvalitet, snabb leverans","rating":' || (CASE WHEN pg < 4 THEN 5 ELSE 1 + pg % 4 END) || '}'
      WHEN 'Product Shared' THEN '{"share_via":"' || (CASE WHEN pg < 3 THEN 'facebook' ELSE 'email' END) || '","product_id":"' || sku || '"}'
      ELSE ${product}
    END`;
  const campaign = `CASE WHEN has_campaign THEN ',"campaign":{"source":"' || ${SOURCES}[camp] || '","medium":"' || ${MEDIUMS}[camp] || '","name":"' || ${CAMPAIGNS}[camp] || '"}' ELSE '' END`;
  const context = `CASE WHEN type = 'screen'
      THEN '{"library":{"name":"analytics-ios","version":"4.1.8"},"app":{"name":"Example Shop","version":"3.2.0"},"device":{"type":"ios"},"locale":"sv-SE"' || ${campaign} || '}'
      ELSE '{"library":{"name":"analytics.js","version":"5.2.0"},"locale":"sv-SE","userAgent":"' || ${USER_AGENTS}[1 + c % 3] || '","page":{"path":"' || path || '","url":"https://shop.example.se' || path || '"}' || ${campaign} || '}'
    END`;
  const traits = `CASE WHEN kind = 'identify' THEN '{"email":"kund' || c || '@example.se","first_name":"Kund","plan":"' || (CASE WHEN pg < 2 THEN 'member' ELSE 'guest' END) || '"}' ELSE '{}' END`;
  return [strings, `
  INSERT INTO events (seq, workspace_id, message_id, type, event, name, profile_id, user_id, anonymous_id, ts, received_at, properties, context, traits, group_id, previous_id)
  SELECT (i // 100 + 1) * 16384 + i % 100 AS seq, '${o.workspaceId.replaceAll("'", "''")}', 'm-${s}-' || i, type,
    CASE WHEN type = 'track' THEN kind END,
    CASE type WHEN 'page' THEN ${PAGE_NAMES}[1 + pg] WHEN 'screen' THEN (CASE WHEN pg < 3 THEN 'Product' ELSE 'Home' END) END,
    CASE WHEN j = 0 AND c % 50 = 7 AND k >= 2 THEN ${profileId('c', s, 22)} ELSE ${profileId('c', s, 20)} END,
    CASE WHEN depth >= 2 AND j >= 1 THEN 'user-' || c END,
    format('{:016x}', (hash(c, ${s}, 24) >> 1)::BIGINT),
    ts, ts + 100 + h % 900, ${properties}, ${context}, ${traits}, NULL, NULL
  FROM gen_rows`];
}

function aliasesSql(o: GenerateOptions): string {
  return `
  INSERT INTO profile_aliases
  SELECT '${o.workspaceId.replaceAll("'", "''")}', ${profileId('c', o.seed, 22)}, ${profileId('c', o.seed, 20)}
  FROM gen_customers WHERE c % 50 = 7 AND k >= 2`;
}

/** Fills the event store's tables; returns how many events and merged (anonymous) profiles it wrote. */
export async function generateEvents(conn: DuckDBConnection, o: GenerateOptions): Promise<{ events: number; aliases: number }> {
  await conn.run(customersSql(o));
  const minimum = Number((await conn.runAndReadAll('SELECT max(tb) AS tb FROM gen_customers')).getRowObjects()[0]?.tb ?? 0);
  if (minimum > o.events) throw new Error(`--events ${o.events} is too few for ${o.customers} customers: their journeys need at least ${minimum} events`);
  await conn.run(keysSql(o));
  const [rows, insert] = eventsSql(o);
  await conn.run(rows);
  await conn.run(insert);
  // The analytics columns the store writes with each event, filled the way an upgrade fills old rows.
  await backfillAnalyticsColumns(conn);
  await conn.run(aliasesSql(o));
  const [row] = (await conn.runAndReadAll('SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM profile_aliases) AS aliases')).getRowObjects();
  await conn.run('DROP TABLE gen_rows');
  await conn.run('DROP TABLE gen_keys');
  await conn.run('DROP TABLE gen_customers');
  await conn.run('CHECKPOINT');
  return { events: Number(row?.events ?? 0), aliases: Number(row?.aliases ?? 0) };
}
