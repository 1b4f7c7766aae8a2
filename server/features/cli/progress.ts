import cliProgress from 'cli-progress';

/** A progress bar on stderr, or nothing when disabled or not on a terminal (logs, CI, tests). */
export interface Progress {
  update(value: number, payload?: Record<string, string | number>): void;
  setTotal(total: number): void;
  stop(): void;
}

const noop: Progress = { update: () => undefined, setTotal: () => undefined, stop: () => undefined };

/** Starts a bar with a cli-progress format string; `{rate}` etc. come from the payload. */
export function startProgress(opts: { enabled: boolean; stream: NodeJS.WritableStream; format: string; total: number; payload: Record<string, string | number> }): Progress {
  const tty = (opts.stream as NodeJS.WritableStream & { isTTY?: boolean }).isTTY === true;
  if (!opts.enabled || !tty) return noop;
  const bar = new cliProgress.SingleBar({ format: opts.format, stream: opts.stream, hideCursor: true, fps: 8, barsize: 24 }, cliProgress.Presets.shades_classic);
  bar.start(opts.total, 0, opts.payload);
  return {
    update: (value, payload) => bar.update(value, payload ?? {}),
    setTotal: (total) => bar.setTotal(total),
    stop: () => bar.stop(),
  };
}

/** 12 345 → "12,345": counts in summaries. */
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Per-second rate over the elapsed time, formatted. */
export function rate(count: number, startedAt: number): string {
  const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
  return fmt(count / seconds);
}

/** Seconds with one decimal. */
export const secondsSince = (startedAt: number) => Math.round((Date.now() - startedAt) / 100) / 10;
