import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Resolved from this file, not the working directory, so `vite build --config web/vite.config.ts`
// works from the repo root (npm scripts, tests) and from anywhere else.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    // `npm run dev:web` talks to a server started with `npm start` on the default port.
    proxy: { '/api': 'http://localhost:3000', '/v1': 'http://localhost:3000', '/t.js': 'http://localhost:3000' },
  },
});
