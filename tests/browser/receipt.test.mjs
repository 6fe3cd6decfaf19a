// Browser test: the receipt page checks a receipt in the page (Debian's chromium driven by
// playwright-core): a real receipt is valid, a tampered one is invalid with the reason, and the
// page logs no console error. Screenshots go to build/test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { bin } from '../support/server.mjs';
import { artifacts, browserWorld } from '../support/browser.mjs';

// Three more entries, so that entry 0's inclusion proof is not empty.
const world = browserWorld('receipt', async ({ work, db }) => {
  for (let i = 0; i < 3; i++) {
    const dir = join(work, `more-${i}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'awards.csv'), 'id,program,fiscal_year,jurisdiction,amount,kind,sources\n' +
      `browser-${i},byrne-jag,2017,1714000,${i + 1},direct,bjs-jag-2016\n`);
    assert.equal(spawnSync(bin, ['load', dir, '--db', db]).status, 0);
  }
});

test('the receipt page checks a receipt in the browser', async () => {
  const receipt = await (await fetch(`${world.base}/api/v1/log/receipts/0`)).text();
  const page = await world.browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${world.base}/receipt`);
  assert.match(await page.inputValue('#key'), /^grantcheck\.local\/log\+[0-9a-f]{8}\+/);

  await page.fill('#receipt', receipt);
  await page.click('#receipt-form button');
  await page.waitForSelector('.verdict-line');
  assert.match(await page.textContent('.verdict-line'), /^Valid: log entry 0 is in the signed tree of 4 entries\./);
  assert.equal(JSON.parse(receipt).inclusion_proof.length, 2);
  assert.equal(await page.locator('#result li.ok').count(), 4);
  await page.screenshot({ path: join(artifacts, 'receipt-valid.png'), fullPage: true });

  const tampered = JSON.parse(receipt);
  tampered.entry = tampered.entry.replace('Chicago', 'Chicagx');
  await page.fill('#receipt', JSON.stringify(tampered));
  await page.click('#receipt-form button');
  await page.waitForSelector('.verdict-line.invalid');
  assert.match(await page.textContent('#result li.bad'), /the entry or its hash was changed/);
  await page.screenshot({ path: join(artifacts, 'receipt-tampered.png'), fullPage: true });

  await page.fill('#key', 'grantcheck.local/log+00000000+AQ' + 'A'.repeat(42));
  await page.fill('#receipt', receipt);
  await page.click('#receipt-form button');
  await page.waitForSelector('.verdict-line.invalid');
  assert.match(await page.textContent('#result'), /✗ The checkpoint is signed by the log's key/);

  assert.deepEqual(errors, []);
  // The check ran in the page: after loading it, no request went back to the server.
  const origin = new URL(world.base).origin;
  assert.ok(requests.every((u) => u.startsWith(origin)), `a request left the origin: ${requests}`);
  assert.ok(!requests.some((u) => u.includes('/api/')), 'the page asked the server to check');
});
