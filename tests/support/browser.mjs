// What the browser tests share: where screenshots go, the npm packages of web/assets, and
// Debian's chromium started headless with the flags it needs on a closed network.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { root } from './server.mjs';

export const artifacts = process.env.GRANTCHECK_ARTIFACTS ?? join(root, 'build/test-artifacts');
export const requireAsset = createRequire(join(root, 'web/assets/package.json'));

export async function launchChromium() {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  assert.ok(existsSync(executablePath), `no browser at ${executablePath}: run scripts/install-deps.sh`);
  mkdirSync(artifacts, { recursive: true });
  const { chromium } = requireAsset('playwright-core');
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
