import fs from 'node:fs';
import http from 'node:http';
import js from '@eslint/js';
import { Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/server.ts';

const SOURCE = fs.readFileSync(new URL('./t.src.js', import.meta.url), 'utf8');

/** The browser APIs t.js may use; anything else is a no-undef error (a stray global or a typo). */
const BROWSER_GLOBALS = [
  'window', 'document', 'location', 'navigator', 'history', 'crypto', 'localStorage', 'fetch', 'Blob', 'URL',
  'URLSearchParams', 'Intl', 'setTimeout', 'clearTimeout', 'console',
];

/** GETs a path without decompressing, so the bytes on the wire can be measured. */
function getRaw(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('the t.js snippet as served', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is under 5 KB gzipped on the wire', async () => {
    const res = await getRaw(`${t.url}/t.js`, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/^application\/javascript/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body.length).toBeGreaterThan(1000); // the real snippet, not a placeholder
    expect(res.body.length).toBeLessThan(5120);
  });

  it('is served as-is to clients that do not accept gzip', async () => {
    const res = await getRaw(`${t.url}/t.js`, {});
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString('utf8')).toBe(SOURCE);
  });

  it('is ES2017 script code that uses only the browser APIs it declares', () => {
    const messages = new Linter().verify(SOURCE, {
      languageOptions: { ecmaVersion: 2017, sourceType: 'script', globals: Object.fromEntries(BROWSER_GLOBALS.map((g) => [g, 'readonly'])) },
      // ES2017 has no optional catch binding, so unused catch parameters are expected.
      rules: { ...js.configs.recommended.rules, 'no-unused-vars': ['error', { caughtErrors: 'none' }], 'no-var': 'error', 'prefer-const': 'error' },
    });
    expect(messages.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([]);
  });
});
