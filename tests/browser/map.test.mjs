// Browser test: the national map on the home page (Debian's chromium, playwright-core). States and
// counties render from us-atlas; moving the date from 2017-09-01 to 2017-10-01 turns the FY2017
// access condition from enforceable to blocked everywhere (the nationwide injunction of September
// 15, 2017); the URL keeps the view; no console error. Screenshots go to build/test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, browserWorld } from '../support/browser.mjs';
const world = browserWorld('map');

const states = (page) => page.$$eval('#map g.counties path', (ps) => ps.map((p) => p.getAttribute('data-state')));

test('the map replays the nationwide injunction', async () => {
  const page = await world.browser.newPage({ viewport: { width: 1200, height: 1100 } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${world.base}/?measure=enforceable&condition=jag-2017-access&as_of=2017-09-01`);
  await page.waitForFunction(() => document.querySelectorAll('#map path[data-state]').length > 3000);
  const before = await states(page);
  assert.ok(before.length > 3000, `${before.length} counties drawn`);
  assert.ok(before.every((s) => s === 'enforceable'), 'on 2017-09-01 the access condition is enforceable everywhere');
  assert.ok(await page.locator('#map .state-borders').count() === 1);
  await page.screenshot({ path: join(artifacts, 'map-2017-09-01.png') });

  await page.fill('#as-of', '2017-10-01');
  await page.dispatchEvent('#as-of', 'change');
  await page.waitForFunction(() => [...document.querySelectorAll('#map path[data-state]')]
    .every((p) => p.getAttribute('data-state') === 'blocked by a court'));
  assert.match(page.url(), /as_of=2017-10-01/);
  assert.match(await page.textContent('#map-summary'), /As of 2017-10-01: \d+ blocked by a court\./);
  assert.ok(await page.locator('#legend li').count() >= 1);
  assert.ok(await page.locator('#map-table tbody tr').count() >= 50, 'the same data as a table');
  await page.screenshot({ path: join(artifacts, 'map-2017-10-01.png') });

  // Cities are drawn too; Chicago opens its page, where the September 15, 2017 order protects it.
  assert.equal(await page.getAttribute('#map circle[data-geoid="1714000"]', 'data-state'), 'blocked by a court');
  await page.click('#map circle[data-geoid="1714000"]');
  await page.waitForURL(/\/jurisdictions\/1714000$/);
  assert.match(await page.textContent('h1'), /Chicago, IL/);
  await page.fill('#as_of', '2017-10-01');
  await page.click('#status button');
  await page.waitForURL(/as_of=2017-10-01/);
  assert.ok(await page.locator('#condition-jag-2017-access a[href="/cases/chicago-v-sessions-2017#chicago-2017-09-15-pi"]').count() >= 1);
  assert.deepEqual(errors, []);
});

test('the map shows money at stake and the latest determination', async () => {
  const page = await world.browser.newPage({ viewport: { width: 1200, height: 1100 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // FY2016: Chicago's eligible local award (BJS, $2.1 million as the source rounds it).
  await page.goto(`${world.base}/?measure=money&condition=jag-2016-1373-documentation&as_of=2017-11-01`);
  await page.waitForFunction(() => document.querySelector('#map circle[data-geoid="1714000"]')?.getAttribute('data-state'));
  assert.equal(await page.getAttribute('#map circle[data-geoid="1714000"]', 'data-state'), '$1 million or more');
  const chicagoRow = page.locator('#map-table tbody tr', { hasText: 'Chicago, IL' });
  assert.match(await chicagoRow.textContent(), /\$2,100,000\.00/);
  await page.screenshot({ path: join(artifacts, 'map-money.png') });
  // The October 2017 preliminary findings name Chicago.
  await page.selectOption('#measure', 'determination');
  await page.waitForFunction(() => document.querySelector('#map circle[data-geoid="1714000"]')?.getAttribute('data-state') !== '$1 million or more');
  assert.equal(await page.getAttribute('#map circle[data-geoid="1714000"]', 'data-state'), 'preliminary noncompliance');
  assert.match(page.url(), /measure=determination/);
  assert.deepEqual(errors, []);
});
