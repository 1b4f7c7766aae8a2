import type { Command } from 'commander';
import type { JourneyList } from '../../../common/journeys/api.ts';
import { type Locale, Locale as LocaleSchema } from '../../../common/journeys/model.ts';
import { journeyTemplate } from '../../../common/journeys/templates.ts';
import type { RunningServer } from '../../main.ts';
import { generateDemoCalls } from '../demo/demo-generator.ts';
import { KeysService } from '../workspaces/keys.service.ts';
import { HttpCallSender, type Rejection } from './call-senders.ts';
import { fmt, rate, secondsSince, startProgress } from './progress.ts';
import { type CommandContext, defaultServerUrl, findTarget, resolveWriteKey } from './server-client.ts';

export interface DemoRunOptions {
  customers: number;
  days: number;
  seed: number;
  url?: string;
  writeKey?: string;
  /** Lets the demo wait for a running server's pipeline (GET /api/stats). */
  adminToken?: string;
  progress?: boolean;
  /** Language of the demo journey map (created from the seven-phase template). */
  locale?: Locale;
  /** Now, for the simulation: calls after it are left out. Default the current time. */
  now?: number;
}

export interface DemoRunResult {
  /** 'http': a server was running; 'in-process': the demo started one for the duration. */
  mode: 'http' | 'in-process';
  url: string;
  sent: number;
  accepted: number;
  rejected: Rejection[];
  /** Calls by event name (track) or type (identify, page). */
  counts: Record<string, number>;
  orders: { count: number; revenue: Record<string, number> };
  /** Distinct userIds, and anonymousIds never seen together with a userId. */
  people: { identified: number; anonymousOnly: number };
  /** Whether the pipeline was seen to finish processing. */
  processed: boolean;
  /** The published demo journey, or why there is none. */
  journey: { id: string; name: string; created: boolean } | { skipped: string };
  /** Sending, and waiting for the pipeline afterwards. */
  sendSeconds: number;
  processSeconds: number;
}

const DAY = 86_400_000;

/**
 * Sends the seeded demo data set through the real ingestion API: to a running server, or to one
 * started in this process on a random port over the configured data (stopped afterwards).
 */
export async function runDemo(opts: DemoRunOptions, ctx: CommandContext): Promise<DemoRunResult> {
  const target = await findTarget({ url: opts.url, config: ctx.config });
  let server: RunningServer | undefined;
  let url: string;
  let writeKey: string;
  if (target.mode === 'http') {
    url = target.url;
    writeKey = await resolveWriteKey({ writeKey: opts.writeKey, ctx });
  } else {
    server = await startLocal(ctx);
    url = server.url;
    writeKey = opts.writeKey ?? server.createdKeys?.writeKey ?? (await activeWriteKey(server));
  }
  try {
    // Published before the events flow, so the map fills live as they arrive.
    const journey = await ensureDemoJourney({ server, url, adminToken: opts.adminToken ?? ctx.config.initialAdminToken, locale: opts.locale ?? 'en' });
    const startedAt = Date.now();
    const now = opts.now ?? startedAt;
    // Laid out up to the next midnight (UTC) and cut at now: the same seed gives the same data all day.
    const end = Math.floor(now / DAY) * DAY + DAY;
    const start = end - opts.days * DAY;
    const counts: Record<string, number> = {};
    const revenue: Record<string, number> = {};
    const users = new Set<string>();
    const anonymous = new Set<string>();
    const linked = new Set<string>();
    const rejected: Rejection[] = [];
    let sent = 0;
    let answered = 0;
    let simulatedDays = 0;
    const bar = startProgress({
      enabled: opts.progress !== false,
      stream: ctx.err,
      format: 'Sending demo data |{bar}| day {value}/{total} | {sent} calls | {rate} calls/s',
      total: opts.days,
      payload: { sent: 0, rate: 0 },
    });
    const sender = new HttpCallSender({
      url,
      writeKey,
      onRejected: (r) => rejected.length < 100 && rejected.push(r),
      onSent: (n) => {
        answered += n;
        bar.update(simulatedDays, { sent: fmt(answered), rate: rate(answered, startedAt) });
      },
    });
    try {
      for (const call of generateDemoCalls({ customers: opts.customers, days: opts.days, seed: opts.seed, end, until: now })) {
        const key = call.type === 'track' ? (call.event ?? 'track') : call.type;
        counts[key] = (counts[key] ?? 0) + 1;
        if (call.userId) users.add(call.userId);
        if (call.anonymousId) {
          anonymous.add(call.anonymousId);
          if (call.userId) linked.add(call.anonymousId);
        }
        if (call.event === 'Order Completed') {
          const p = call.properties ?? {};
          const currency = String(p.currency);
          revenue[currency] = (revenue[currency] ?? 0) + Number(p.total ?? 0);
        }
        sent++;
        simulatedDays = Math.min(opts.days, Math.floor((Date.parse(call.timestamp) - start) / DAY));
        await sender.add({ line: sent, call: call as unknown as Record<string, unknown> });
      }
      await sender.finish();
      bar.update(opts.days, { sent: fmt(answered), rate: rate(answered, startedAt) });
    } finally {
      bar.stop();
    }
    const sendSeconds = secondsSince(startedAt);
    const processStart = Date.now();
    const processed = await waitForPipeline({ server, url, adminToken: opts.adminToken ?? ctx.config.initialAdminToken, ctx, progress: opts.progress !== false });
    const result: DemoRunResult = {
      mode: server ? 'in-process' : 'http',
      url,
      sent,
      accepted: sender.accepted,
      rejected,
      counts,
      orders: { count: counts['Order Completed'] ?? 0, revenue },
      people: { identified: users.size, anonymousOnly: [...anonymous].filter((a) => !linked.has(a)).length },
      processed,
      journey,
      sendSeconds,
      processSeconds: secondsSince(processStart),
    };
    printSummary(ctx, { result, opts, createdKeys: server?.createdKeys ?? null });
    return result;
  } finally {
    await server?.close();
  }
}

/**
 * Creates and publishes the demo journey map (seven-phase template: the demo shop sends every event it
 * is wired to) unless a journey of that name exists: directly on an in-process server, through the
 * admin API on a running one (which needs the admin token).
 */
async function ensureDemoJourney(w: { server?: RunningServer; url: string; adminToken?: string; locale: Locale }): Promise<DemoRunResult['journey']> {
  const name = journeyTemplate('seven-phase', w.locale).name;
  if (w.server) {
    const { server } = w;
    const existing = (await server.journeys.list(server.workspaceId)).find((j) => j.name === name);
    if (existing) return { id: existing.id, name, created: false };
    const j = await server.journeys.create(server.workspaceId, { template: 'seven-phase', locale: w.locale });
    await server.journeys.publish(server.workspaceId, j.id);
    return { id: j.id, name, created: true };
  }
  if (!w.adminToken) return { skipped: 'pass --admin-token (or set KUNDRESA_ADMIN_TOKEN) to create it on a running server.' };
  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${w.url}${path}`, { ...init, headers: { Authorization: `Bearer ${w.adminToken}`, 'Content-Type': 'application/json' } });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} failed with HTTP ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const existing = (await call<JourneyList>('/api/journeys')).journeys.find((j) => j.name === name);
  if (existing) return { id: existing.id, name, created: false };
  const j = await call<{ id: string }>('/api/journeys', { method: 'POST', body: JSON.stringify({ template: 'seven-phase', locale: w.locale }) });
  await call(`/api/journeys/${j.id}/publish`, { method: 'POST' });
  return { id: j.id, name, created: true };
}

async function startLocal(ctx: CommandContext): Promise<RunningServer> {
  try {
    // A random port on loopback: this server only lives while the demo sends to it.
    return await ctx.startServer({ ...ctx.config, port: 0, host: '127.0.0.1' });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/lock/i.test(message)) throw new Error(`The data files in ${ctx.config.dataDir} are in use by another process, probably a running Kundresa server. Pass its address with --url. (${message})`, { cause: err });
    throw err;
  }
}

async function activeWriteKey(server: RunningServer): Promise<string> {
  const keys = await new KeysService(server.stores.state.db).list(server.workspaceId);
  const key = keys.find((k) => k.kind === 'write' && k.revokedAt === null && k.writeKey !== null)?.writeKey;
  if (!key) throw new Error('The workspace has no active write key: create one with `kundresa keys create`.');
  return key;
}

/**
 * Waits until the pipeline has processed everything: directly for the in-process server, through
 * GET /api/stats for a running one (needs the admin token; without it the demo does not wait).
 */
async function waitForPipeline(w: { server?: RunningServer; url: string; adminToken?: string; ctx: CommandContext; progress: boolean }): Promise<boolean> {
  const lag = w.server
    ? async () => {
        await w.server?.inbox.drain();
        return (await w.server?.pipeline.lag()) ?? 0;
      }
    : w.adminToken
      ? async () => {
          const res = await fetch(`${w.url}/api/stats`, { headers: { Authorization: `Bearer ${w.adminToken}` } });
          if (!res.ok) throw new Error(`GET /api/stats answered ${res.status}`);
          return ((await res.json()) as { pipelineLag: number }).pipelineLag;
        }
      : undefined;
  if (!lag) return false;
  const first = await lag();
  if (first === 0) return true;
  const bar = startProgress({ enabled: w.progress, stream: w.ctx.err, format: 'Processing |{bar}| {percentage}% | {left} requests left', total: first, payload: { left: first } });
  try {
    const deadline = Date.now() + 15 * 60_000;
    for (let left = first; Date.now() < deadline; left = await lag()) {
      bar.update(Math.max(0, first - left), { left });
      if (left === 0) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  } finally {
    bar.stop();
  }
}

function printSummary(ctx: CommandContext, s: { result: DemoRunResult; opts: DemoRunOptions; createdKeys: { writeKey: string; adminToken: string } | null }): void {
  const r = s.result;
  const c = (name: string) => fmt(r.counts[name] ?? 0);
  const revenue = Object.entries(r.orders.revenue)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cur, v]) => `${fmt(v)} ${cur}`)
    .join(', ');
  const dashboard = r.mode === 'http' ? `${r.url}/` : `${defaultServerUrl(ctx.config).replace('127.0.0.1', 'localhost')}/`;
  const lines = [
    '',
    `Sent ${fmt(r.sent)} calls (${fmt(r.accepted)} accepted) to ${r.url}/v1/batch in ${r.sendSeconds} s (${fmt(r.sent / Math.max(0.001, r.sendSeconds))} calls/s): ${fmt(s.opts.customers)} customers over ${s.opts.days} days, seed ${s.opts.seed}.`,
    `  identify ${c('identify')} · page ${c('page')} · Product Viewed ${c('Product Viewed')} · Product Added ${c('Product Added')} · Checkout Started ${c('Checkout Started')} · Order Completed ${c('Order Completed')}`,
    `  Order Shipped ${c('Order Shipped')} · Order Delivered ${c('Order Delivered')} · Product Reviewed ${c('Product Reviewed')} · Support Ticket Created ${c('Support Ticket Created')} · Order Refunded ${c('Order Refunded')}`,
    `  ${fmt(r.people.identified)} signed-in customers, ${fmt(r.people.anonymousOnly)} visitors who never signed in, revenue ${revenue || '0'}.`,
  ];
  if (r.rejected.length > 0) lines.push(`  ${r.rejected.length} calls were rejected, e.g. call ${r.rejected[0]?.line}: ${r.rejected[0]?.reason}`);
  lines.push(r.processed ? `  Processed by the pipeline ${r.processSeconds} s later.` : '  The server is still processing them; they appear in the dashboard as it goes.');
  if ('id' in r.journey) lines.push(`  Journey map "${r.journey.name}" ${r.journey.created ? 'created and published' : 'already there'}: ${dashboard}journeys/${r.journey.id}`);
  else lines.push(`  No demo journey map: ${r.journey.skipped}`);
  lines.push('', r.mode === 'http' ? `Open the dashboard: ${dashboard}` : `Start the server with \`npm start\` (kundresa start) and open the dashboard: ${dashboard}`);
  if (s.createdKeys) {
    lines.push('', 'A new workspace was created. Keep these; the admin token is not shown again:', `  Write key:   ${s.createdKeys.writeKey}`, `  Admin token: ${s.createdKeys.adminToken}`);
  }
  lines.push('The same seed on the same day sends the same calls again, which the server stores once; use --seed for more data.', '');
  ctx.out.write(lines.join('\n'));
}

/** `kundresa demo` */
export function registerDemoCommand(program: Command, deps: { context: () => CommandContext }): void {
  program
    .command('demo')
    .description('Send a seeded demo data set (a Nordic web shop) through the ingestion API')
    .option('--customers <n>', 'number of customers', '2000')
    .option('--days <n>', 'days of history, ending now', '90')
    .option('--seed <n>', 'random seed; the same seed gives the same data', '1')
    .option('--url <url>', 'a running Kundresa server (default: the local one on PORT, else one started for the demo)')
    .option('--write-key <key>', 'write key for the server (default: KUNDRESA_WRITE_KEY or the local state store)')
    .option('--admin-token <token>', 'lets the demo wait until a running server has processed everything')
    .option('--locale <locale>', 'language of the demo journey map: en, sv or da', 'en')
    .option('--no-progress', 'no progress bar')
    .action(async (o: { customers: string; days: string; seed: string; url?: string; writeKey?: string; adminToken?: string; locale: string; progress: boolean }) => {
      const locale = LocaleSchema.safeParse(o.locale);
      if (!locale.success) throw new Error('--locale must be en, sv or da');
      const customers = positiveInt(o.customers, '--customers');
      const days = positiveInt(o.days, '--days');
      const seed = Number(o.seed);
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error('--seed must be an integer between 0 and 4294967295');
      await runDemo({ customers, days, seed, url: o.url, writeKey: o.writeKey, adminToken: o.adminToken, locale: locale.data, progress: o.progress }, deps.context());
    });
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer`);
  return n;
}
