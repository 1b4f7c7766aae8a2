/** `npm run bench -- <name> [flags]`: runs one benchmark; each prints JSON lines, the headline last. */
const benches: Record<string, () => Promise<{ main: (argv: string[]) => Promise<void> }>> = {
  ingest: () => import('./ingest.bench.ts'),
  journey: () => import('./journey.bench.ts'),
  analytics: () => import('./analytics.bench.ts'),
};

const [name, ...rest] = process.argv.slice(2);
const load = name ? benches[name] : undefined;
if (!load) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [flags]\n`);
  process.exit(2);
}
await (await load()).main(rest);
