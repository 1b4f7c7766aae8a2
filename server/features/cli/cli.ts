import { Command } from 'commander';
import type { Config, Service } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import type { RunningServer, Stores } from '../../main.ts';
import { openStateStore, type StateStore } from '../../storage/state/state-store.ts';
import { KeysService } from '../workspaces/keys.service.ts';
import { registerDemoCommand } from './demo.command.ts';
import { registerExportCommand } from './export.command.ts';
import { registerImportCommand } from './import.command.ts';
import type { CommandContext } from './server-client.ts';

/** What the CLI needs from the composition root (passed in to keep main.ts the only wiring place). */
export interface CliDeps {
  env: NodeJS.ProcessEnv;
  loadConfig: (env: NodeJS.ProcessEnv, overrides?: Partial<Config>) => Config;
  startServer: (config: Config) => Promise<RunningServer>;
  openStores: (config: Config) => Promise<Stores>;
  /** The state store alone (default: as configured); tests bind a PostgreSQL schema here. */
  openState?: (config: Config) => Promise<StateStore>;
  /** Default process.stdout / process.stderr. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Default sets process.exitCode. */
  setExitCode?: (code: number) => void;
}

/** `kundresa <command>`: start, keys, import, export, demo. */
export async function runCli(argv: string[], deps: CliDeps): Promise<void> {
  const program = new Command('kundresa').description('Kundresa — the customer journey platform').showHelpAfterError();

  program
    .command('start')
    .description('Start the server (ingestion API, admin API, dashboard, pipeline)')
    .option('--services <list>', 'comma-separated: api,worker', 'api,worker')
    .option('--port <port>', 'port to listen on (default PORT or 3000)')
    .action(async (opts: { services: string; port?: string }) => {
      const services = opts.services.split(',').map((s) => s.trim()) as Service[];
      const portFlag = opts.port !== undefined ? { port: Number(opts.port) } : {};
      const config = deps.loadConfig(deps.env, { services, ...portFlag });
      const server = await deps.startServer(config);
      printStartBanner(server, config);
      const shutdown = () => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });

  const keys = program.command('keys').description('Manage write keys and admin tokens');
  keys
    .command('list')
    .description('List keys (admin tokens by prefix only)')
    .action(async () => {
      await withKeys(deps, async (svc, ws) => {
        const list = await svc.list(ws);
        for (const k of list) {
          const status = k.revokedAt ? `revoked ${new Date(k.revokedAt).toISOString()}` : 'active';
          process.stdout.write(`${k.id}\t${k.kind}\t${k.kind === 'write' ? k.writeKey : `${k.prefix}…`}\t${status}\t${k.name}\n`);
        }
      });
    });
  keys
    .command('create')
    .description('Create a key and print it once')
    .option('--kind <kind>', 'write or admin', 'write')
    .option('--name <name>', 'a label for the key', 'CLI key')
    .action(async (opts: { kind: string; name: string }) => {
      if (opts.kind !== 'write' && opts.kind !== 'admin') throw new Error('--kind must be write or admin');
      const kind = opts.kind;
      await withKeys(deps, async (svc, ws) => {
        const { key, token } = await svc.create({ workspaceId: ws, kind, name: opts.name });
        process.stdout.write(`${key.id}\t${key.kind}\t${token}\n`);
      });
    });
  keys
    .command('revoke <idOrKey>')
    .description('Revoke a key by id, write key or admin token prefix')
    .action(async (idOrKey: string) => {
      await withKeys(deps, async (svc, ws) => {
        const k = await svc.revoke(ws, idOrKey);
        process.stdout.write(`revoked ${k.id} (${k.kind}, ${k.name})\n`);
      });
    });

  const context = (): CommandContext => {
    const config = deps.loadConfig(deps.env);
    return {
      config,
      openStores: deps.openStores,
      openState: deps.openState ?? ((c) => openStateStore({ databaseUrl: c.databaseUrl, dataDir: c.dataDir })),
      startServer: deps.startServer,
      // Info lines would interleave with progress bars; the data commands report their own outcome.
      log: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
      out: deps.stdout ?? process.stdout,
      err: deps.stderr ?? process.stderr,
    };
  };
  const setExitCode =
    deps.setExitCode ??
    ((code: number) => {
      process.exitCode = code;
    });
  registerImportCommand(program, { context, setExitCode });
  registerExportCommand(program, { context });
  registerDemoCommand(program, { context });

  await program.parseAsync(argv, { from: 'user' });
}

/** Opens only the state store (SQLite allows this next to a running server) and runs a keys command. */
async function withKeys(deps: CliDeps, fn: (svc: KeysService, workspaceId: string) => Promise<void>): Promise<void> {
  const config = deps.loadConfig(deps.env);
  const { openStateStore } = await import('../../storage/state/state-store.ts');
  const state = await openStateStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const svc = new KeysService(state.db);
    const { workspaceId, created } = await svc.bootstrap({ writeKey: config.initialWriteKey, adminToken: config.initialAdminToken });
    if (created) process.stdout.write(`Created workspace ${workspaceId}\nwrite key: ${created.writeKey}\nadmin token: ${created.adminToken}\n`);
    await fn(svc, workspaceId);
  } finally {
    await state.close();
  }
}

function printStartBanner(server: RunningServer, config: Config): void {
  const lines = [
    '',
    `  Kundresa ${config.databaseUrl ? 'on PostgreSQL' : `with embedded storage in ${config.dataDir}`}`,
    `  Dashboard:     ${server.url}/`,
    `  Ingestion API: ${server.url}/v1/batch (Segment-compatible)`,
    `  OpenAPI:       ${server.url}/api/openapi.json`,
  ];
  if (server.createdKeys) {
    lines.push(
      '',
      '  A new workspace was created. Keep these; the admin token is not shown again:',
      `  Write key:     ${server.createdKeys.writeKey}`,
      `  Admin token:   ${server.createdKeys.adminToken}`,
    );
  } else {
    lines.push('', '  Keys: `npm run kundresa -- keys list` (create a new admin token with `keys create --kind admin`).');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
