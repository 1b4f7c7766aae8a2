/**
 * Load generator, run as its own process so it does not share a core's event loop with the server.
 * Sends batches (or single calls) of ~500-byte track calls with unique messageIds over keep-alive
 * connections for a fixed time and prints {requests, events, p50Ms, p99Ms, errors} as JSON.
 */
import net from 'node:net';
import { journeyCustomers, journeyStep } from './journey-mix.ts';

interface LoadOptions {
  url: string;
  writeKey: string;
  seconds: number;
  concurrency: number;
  batchSize: number;
  /** Each process gets its own messageId prefix so parallel generators never collide. */
  idPrefix: string;
  /** Stop after this many calls (a multiple of batchSize), if the time is not up first. */
  events?: number;
  /** `journey`: calls that walk customers through the five-phase journey's stages (bench/journey-mix.ts); default: Product Viewed only. */
  mix?: 'product-viewed' | 'journey';
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

const walkCustomers = journeyCustomers(opts.events ?? 500_000);

/** A ~500-byte call of the five-phase walk (bench/journey-mix.ts). */
function journeyCall(n: number): string {
  const { user, name } = journeyStep(n, walkCustomers);
  const sku = `sku-${n % 977}`;
  const common = { userId: `user-${user}`, messageId: `${opts.idPrefix}-${n}`, timestamp: new Date().toISOString() };
  const context = { page: { path: `/products/${sku}`, url: `https://shop.example.se/products/${sku}`, referrer: 'https://www.google.com/' }, locale: 'sv-SE', campaign: { source: 'google', medium: 'cpc', name: 'spring_sale' } };
  if (name === 'page') return JSON.stringify({ type: 'page', name: 'Product', ...common, properties: { path: `/products/${sku}`, title: 'Fjällräven Kånken Classic', url: `https://shop.example.se/products/${sku}` }, context });
  const properties =
    name === 'Order Completed'
      ? { order_id: `o-${n}`, total: 1244, revenue: 1195, shipping: 49, currency: 'SEK', products: [{ product_id: sku, price: 1195, quantity: 1 }] }
      : name === 'Product Reviewed'
        ? { product_id: sku, review_id: `r-${n}`, rating: 5, review_body: 'Bra kvalitet' }
        : { product_id: sku, name: 'Fjällräven Kånken Classic', category: 'Bags', price: 1195, currency: 'SEK', brand: 'Fjällräven' };
  return JSON.stringify({ type: 'track', event: name, ...common, properties, context });
}

const call = opts.mix === 'journey' ? journeyCall : trackCall;

/**
 * One keep-alive HTTP/1.1 connection on a raw socket, one request in flight. Node's http client costs
 * more CPU per request than the server under test, so it would measure itself; this costs a few µs.
 */
class Connection {
  private socket: net.Socket;
  private buffer = '';
  private waiting: ((status: number) => void) | undefined;

  constructor(host: string, port: number) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => this.onData(chunk));
    this.socket.on('error', () => this.finish(0));
    this.socket.on('close', () => this.finish(0));
  }

  request(head: string, body: string): Promise<number> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(head + Buffer.byteLength(body) + '\r\n\r\n' + body);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private finish(status: number): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.(status);
  }

  /** Waits for a whole response (headers and Content-Length bytes), then hands back its status. */
  private onData(chunk: string): void {
    this.buffer += chunk;
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const m = /content-length:\s*(\d+)/i.exec(this.buffer.slice(0, headerEnd));
    const total = headerEnd + 4 + Number(m?.[1] ?? 0);
    if (this.buffer.length < total) return;
    const status = Number(this.buffer.slice(9, 12));
    this.buffer = this.buffer.slice(total);
    this.finish(status);
  }
}

async function main(): Promise<void> {
  const target = new URL(opts.url);
  const path = opts.batchSize === 1 ? '/v1/track' : '/v1/batch';
  const auth = `Basic ${Buffer.from(`${opts.writeKey}:`).toString('base64')}`;
  const head = `POST ${path} HTTP/1.1\r\nHost: ${target.host}\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nContent-Length: `;
  const latencies: number[] = [];
  let counter = 0;
  let events = 0;
  let errors = 0;
  let throttled = 0;
  const deadline = Date.now() + opts.seconds * 1000;

  const body = (): string => {
    if (opts.batchSize === 1) return call(counter++);
    const calls: string[] = [];
    for (let i = 0; i < opts.batchSize; i++) calls.push(call(counter++));
    return `{"batch":[${calls.join(',')}],"sentAt":"${new Date().toISOString()}"}`;
  };

  const worker = async () => {
    let conn = new Connection(target.hostname, Number(target.port));
    while (Date.now() < deadline && (opts.events === undefined || counter < opts.events)) {
      const payload = body();
      const started = performance.now();
      const status = await conn.request(head, payload);
      const ms = performance.now() - started;
      if (status === 200) {
        latencies.push(ms);
        events += opts.batchSize;
      } else if (status === 429) {
        throttled++;
        await new Promise((r) => setTimeout(r, 100));
      } else {
        errors++;
        conn.close();
        conn = new Connection(target.hostname, Number(target.port));
      }
    }
    conn.close();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  process.stdout.write(
    JSON.stringify({ requests: latencies.length, events, seconds: elapsed, eventsPerSecond: events / elapsed, requestsPerSecond: latencies.length / elapsed, p50Ms: pct(0.5), p99Ms: pct(0.99), errors, throttled, lastMessageId: `${opts.idPrefix}-${counter - 1}` }) + '\n',
  );
}

void main();
