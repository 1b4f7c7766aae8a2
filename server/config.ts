import path from 'node:path';
import { z } from 'zod';

/** Which parts of Kundresa this process runs (`--services=api,worker`). */
export const Service = z.enum(['api', 'worker']);
export type Service = z.infer<typeof Service>;

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  KUNDRESA_DATA_DIR: z.string().default('./data'),
  KUNDRESA_WRITE_KEY: z.string().min(8).optional(),
  KUNDRESA_ADMIN_TOKEN: z.string().min(16).optional(),
  KUNDRESA_MAX_EVENT_BYTES: z.coerce.number().int().positive().default(32 * 1024),
  KUNDRESA_MAX_REQUEST_BYTES: z.coerce.number().int().positive().default(500 * 1024),
  KUNDRESA_PUBLIC_URL: z.string().url().optional(),
  KUNDRESA_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

/** Validated, frozen configuration; the only place that reads process.env. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly initialWriteKey: string | undefined;
  readonly initialAdminToken: string | undefined;
  readonly maxEventBytes: number;
  readonly maxRequestBytes: number;
  readonly publicUrl: string | undefined;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly services: readonly Service[];
  /** Group commit: how long the first waiting request may wait for others to share its fsync (0: next tick). */
  readonly commitIntervalMs: number;
  /** Requests accepted into memory but not yet durable (in validation or waiting for a commit); beyond this the API answers 429. */
  readonly maxPendingEvents: number;
}

/** Reads and validates the environment once; overrides come from CLI flags and tests. */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Partial<Config> = {}): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.KUNDRESA_DATA_DIR),
    initialWriteKey: e.KUNDRESA_WRITE_KEY,
    initialAdminToken: e.KUNDRESA_ADMIN_TOKEN,
    maxEventBytes: e.KUNDRESA_MAX_EVENT_BYTES,
    maxRequestBytes: e.KUNDRESA_MAX_REQUEST_BYTES,
    publicUrl: e.KUNDRESA_PUBLIC_URL,
    logLevel: e.KUNDRESA_LOG_LEVEL,
    services: ['api', 'worker'] as const,
    commitIntervalMs: 0,
    // Requests, not calls: 2,000 batches of up to 500 KB bound the memory a burst can take.
    maxPendingEvents: 2_000,
    ...overrides,
  });
}
