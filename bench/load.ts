/**
 * Load generator, run as its own process so it does not share a core's event loop with the server.
 * Sends batches (or single calls) of ~500-byte track calls with unique messageIds over keep-alive
 * connections for a fixed time and prints {requests, events, p50Ms, p99Ms, errors} as JSON.
 */
import http from 'node:http';

interface LoadOptions {
  url: string;
  writeKey: string;
  seconds: number;
  concurrency: number;
  batchSize: number;
  /** Each process gets its own messageId prefix so parallel generators never collide. */
  idPrefix: string;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;

/** A realistic ~500-byte e-commerce track call; only messageId and userId vary. */
function trackCall(n: number): string {
  const user = n % 50_000;
  return JSON.stringify({
    type: 'track',
    event: 'Product Viewed',
    userId: `user-${user}`,
    messageId: `${opts.idPrefix}-${n}`,
    timestamp: new Date().toISOString(),
    properties: { product_id: `sku-${n % 977}`, name: 'Fjällräven Kånken Classic', category: 'Bags', price: 1195, currency: 'SEK', brand: 'Fjällräven' },
    context: { page: { path: '/products/kanken-classic', url: 'https://shop.example.se/products/kanken-classic', referrer: 'https://www.google.com/' }, locale: 'sv-SE', campaign: { source: 'google', medium: 'cpc', name: 'spring_sale' } },
  });
}

async function main(): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const auth = `Basic ${Buffer.from(`${opts.writeKey}:`).toString('base64')}`;
  const target = new URL(opts.url);
  const path = opts.batchSize === 1 ? '/v1/track' : '/v1/batch';
  const latencies: number[] = [];
  let counter = 0;
  let events = 0;
  let errors = 0;
  let throttled = 0;
  const deadline = Date.now() + opts.seconds * 1000;

  const body = (): string => {
    if (opts.batchSize === 1) return trackCall(counter++);
    const calls: string[] = [];
    for (let i = 0; i < opts.batchSize; i++) calls.push(trackCall(counter++));
    return `{"batch":[${calls.join(',')}],"sentAt":"${new Date().toISOString()}"}`;
  };

  const send = (payload: string): Promise<number> =>
    new Promise((resolve) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path, method: 'POST', agent, headers: { Authorization: auth, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(payload);
    });

  const worker = async () => {
    while (Date.now() < deadline) {
      const payload = body();
      const started = performance.now();
      const status = await send(payload);
      const ms = performance.now() - started;
      if (status === 200) {
        latencies.push(ms);
        events += opts.batchSize;
      } else if (status === 429) {
        throttled++;
        await new Promise((r) => setTimeout(r, 100));
      } else errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  process.stdout.write(
    JSON.stringify({ requests: latencies.length, events, seconds: elapsed, eventsPerSecond: events / elapsed, requestsPerSecond: latencies.length / elapsed, p50Ms: pct(0.5), p99Ms: pct(0.99), errors, throttled, lastMessageId: `${opts.idPrefix}-${counter - 1}` }) + '\n',
  );
  agent.destroy();
}

void main();
