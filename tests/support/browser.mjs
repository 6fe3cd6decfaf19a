// What the browser tests share: where screenshots go, the npm packages of web/assets, and
// Debian's chromium started headless with the flags it needs on a closed network.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { root, bin, newDb, startServer } from './server.mjs';

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

// The violations axe-core (npm) finds on the page, one line each. The page's context must bypass
// CSP: axe is injected, and the pages' own policy (rightly) refuses that.
export async function axeViolations(page) {
  await page.addScriptTag({ path: requireAsset.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => (await window.axe.run()).violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`));
}

// One test file's world: a database loaded with data/ (then `prepare(world)`), `grantcheck
// serve` over it and a headless chromium, set up before the tests and removed after them.
// world.base, world.browser, world.work and world.db are set by the time a test runs.
export function browserWorld(prefix, prepare = async () => {}) {
  const world = { work: mkdtempSync(join(tmpdir(), `grantcheck-${prefix}-`)) };
  before(async () => {
    world.db = newDb(world.work, 'world.db');
    const load = spawnSync(bin, ['load', 'data', '--db', world.db], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(load.status, 0, load.stderr);
    await prepare(world);
    ({ base: world.base, server: world.server } = await startServer(world.db));
    world.browser = await launchChromium();
  });
  after(async () => {
    await world.browser?.close();
    world.server?.kill('SIGTERM');
    rmSync(world.work, { recursive: true, force: true });
  });
  return world;
}
