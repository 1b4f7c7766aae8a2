import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** Small helpers the benchmarks share. */

export function positiveInt(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
}

/** Resident memory of a process from /proc (VmRSS now, VmHWM the peak), in MB. */
export function rssMb(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export const round = (n: number) => Math.round(n * 10) / 10;
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
export const log = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

/** The first line a child process prints on stdout (a benchmark child's JSON result). */
export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) resolve(buf.slice(0, i));
    });
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before printing`)));
  });
}
