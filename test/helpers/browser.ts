import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** The repository root and where browser tests keep their screenshots for people to look at. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = path.join(ROOT, '.test-artifacts');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Builds the dashboard if needed, makes the artefact folder, and starts Debian's headless Chromium. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'pipe' });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Fills the dashboard's sign-in form (in any of its languages) with an admin token and submits it. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel(/Admin token|Admintoken|Admin-token/).fill(token);
  await page.getByRole('button', { name: /Sign in|Logga in|Log ind/ }).click();
}
