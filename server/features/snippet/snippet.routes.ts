import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';

const SOURCE_FILE = new URL('./t.src.js', import.meta.url);

/** Serves the browser snippet at /t.js (read once; gzip when the browser accepts it). */
export function createSnippetHandler(): (req: IncomingMessage, res: ServerResponse) => void {
  const source = fs.readFileSync(SOURCE_FILE);
  const gzipped = zlib.gzipSync(source, { level: 9 });
  return (req, res) => {
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      'Access-Control-Allow-Origin': '*',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      'Content-Length': gzip ? gzipped.length : source.length,
      Vary: 'Accept-Encoding',
    });
    res.end(req.method === 'HEAD' ? undefined : gzip ? gzipped : source);
  };
}
