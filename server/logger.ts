/** Minimal leveled logger writing one line per message to stderr; passed down, never global. */
export interface Logger {
  debug(msg: string, extra?: unknown): void;
  info(msg: string, extra?: unknown): void;
  warn(msg: string, extra?: unknown): void;
  error(msg: string, extra?: unknown): void;
}

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;

/** Creates a logger that drops messages below `level`. */
export function createLogger(level: keyof typeof levels): Logger {
  const min = levels[level];
  const write = (lvl: keyof typeof levels, msg: string, extra?: unknown) => {
    if (levels[lvl] < min) return;
    const tail = extra instanceof Error ? ` ${extra.stack ?? extra.message}` : extra === undefined ? '' : ` ${JSON.stringify(extra)}`;
    process.stderr.write(`${new Date().toISOString()} ${lvl} ${msg}${tail}\n`);
  };
  return {
    debug: (m, e) => write('debug', m, e),
    info: (m, e) => write('info', m, e),
    warn: (m, e) => write('warn', m, e),
    error: (m, e) => write('error', m, e),
  };
}
