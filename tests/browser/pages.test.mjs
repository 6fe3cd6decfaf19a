// Browser test of the pages people read (Debian's chromium, playwright-core): no console error,
// an automated accessibility check (axe-core from npm) with no violation, a screenshot of each,
// and the flows the web app exists for: search finds Chicago's ordinance, the list comparison of
// November 2017 against January 2018 shows the right differences, and Chicago's page names the
// September 15, 2017 order among its protections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, axeViolations, browserWorld } from '../support/browser.mjs';

const world = browserWorld('pages');
let context;

async function open(path) {
  // One context for every page; axe is injected, which the pages' own CSP would (rightly) refuse.
  context ??= await world.browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(world.base + path);
  if (path === '/') await page.waitForFunction(() => document.querySelectorAll('#map path[data-state]').length > 3000);
  return { page, errors };
}

const PAGES = ['/', '/jurisdictions/1714000?as_of=2017-10-01', '/jurisdictions?q=cook', '/lists', '/lists/doj-2017-11',
  '/lists/compare?a=doj-2017-11&b=doj-2018-01', '/cases', '/cases/chicago-v-sessions-2017',
  '/notices/ojp-2017-04-21-letters', '/timeline', '/search?q=Welcoming%20City', '/receipt', '/no/such/page'];

test('every page reads without a console error and passes axe', async () => {
  for (const path of PAGES) {
    const { page, errors } = await open(path);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${path}: accessibility`);
    // A deliberate 404 logs the failed load of that page itself, nothing else.
    const expected = path === '/no/such/page' ? 1 : 0;
    assert.equal(errors.length, expected, `${path}: ${errors.join(' | ')}`);
    const name = path === '/' ? 'home' : path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
    await page.screenshot({ path: join(artifacts, `page-${name}.png`), fullPage: path !== '/' });
    await page.close();
  }
});

test('search for "Welcoming City" finds Chicago\'s ordinance', async () => {
  const { page } = await open('/search');
  await page.fill('#search-q', 'Welcoming City');
  await page.press('#search-q', 'Enter');
  await page.waitForSelector('.hits li');
  const first = page.locator('.hits li').first();
  assert.match(await first.textContent(), /Welcoming City Ordinance/);
  await first.locator('a').click();
  await page.waitForURL(/\/jurisdictions\/1714000#policy-chicago-welcoming-city-ordinance$/);
  await page.close();
});

test('the list comparison of November 2017 against January 2018 shows the right differences', async () => {
  const { page } = await open('/lists/compare');
  await page.selectOption('select[name=a]', 'doj-2017-11');
  await page.selectOption('select[name=b]', 'doj-2018-01');
  await page.click('form.filters button');
  await page.waitForURL(/a=doj-2017-11&b=doj-2018-01/);
  const sections = page.locator('.compare section');
  assert.match(await sections.nth(0).locator('h2').textContent(), /\(10\)/);
  assert.match(await sections.nth(1).locator('h2').textContent(), /\(19\)/);
  const added = await sections.nth(2).locator('li').allTextContents();
  assert.deepEqual(added.sort(), ['California', 'Chicago, IL', 'Cook County, IL', 'New York, NY']);
  await page.close();
});

test('Chicago\'s page names the September 15, 2017 order among its protections', async () => {
  const { page } = await open('/jurisdictions/1714000');
  await page.fill('#as_of', '2017-10-01');
  await page.click('#status button');
  await page.waitForURL(/as_of=2017-10-01/);
  const access = page.locator('#condition-jag-2017-access');
  assert.match(await access.textContent(), /Not enforceable: blocked by a court/);
  assert.ok(await access.locator('a[href="/cases/chicago-v-sessions-2017#chicago-2017-09-15-pi"]').count() >= 1);
  await page.close();
});
