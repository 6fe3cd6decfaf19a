// Browser test of the scenario page (Debian's chromium + playwright-core): upload formula inputs,
// withhold the January 2018 list's members, and see the bar chart, the table and the CSV; axe
// finds no violation; a missing file is named. A screenshot goes to build/test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { artifacts, axeViolations, browserWorld } from '../support/browser.mjs';

const world = browserWorld('scenarios');

test('a scenario is run in the page and drawn as a bar chart with a table and a CSV', async () => {
  const states = join(world.work, 'states.csv');
  const units = join(world.work, 'units.csv');
  writeFileSync(states, 'state,population,violent_crime_2014,violent_crime_2015,violent_crime_2016\n' +
    '17,12800000,50000,52000,55000\n06,39000000,150000,155000,160000\n');
  writeFileSync(units, 'unit,name,state,kind,county,county_bears_costs,violent_crime_2014,violent_crime_2015,violent_crime_2016\n' +
    '1714000,Chicago,17,city,,false,20000,21000,22000\n1712385,Champaign,17,city,,false,800,800,800\n' +
    '0644000,Los Angeles,06,city,,false,25000,26000,27000\n0666000,San Diego,06,city,,false,5000,5000,5000\n');
  const context = await world.browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${world.base}/scenarios`);
  await page.click('#scenario-form button[type="submit"]');
  await page.locator('#scenario-form .form-result.bad').waitFor();
  assert.match(await page.textContent('#scenario-form .form-result'), /^states_csv:/);

  await page.setInputFiles('#s-states', states);
  await page.setInputFiles('#s-units', units);
  await page.fill('#s-total', '10000000');
  await page.fill('#s-withhold', 'list:doj-2018-01');
  await page.selectOption('#s-realloc', 'state');
  await page.fill('#s-as-of', '2018-02-01');
  await page.click('#scenario-form button[type="submit"]');
  await page.locator('#scenario-result:not([hidden])').waitFor();
  assert.match(await page.textContent('#scenario-summary'), /Withheld \$[\d,.]+: \$[\d,.]+ paid to others/);
  const bars = await page.locator('#scenario-chart rect').count();
  assert.ok(bars >= 2, `${bars} bars`);
  assert.equal(await page.getAttribute('#scenario-chart rect[data-id="1714000"]', 'fill'), '#b3261e', 'Chicago loses');
  assert.ok(await page.locator('#scenario-table tbody tr').count() >= 2);
  const download = await page.getAttribute('#scenario-csv', 'href');
  assert.match(download, /^blob:/);
  const csv = await page.evaluate(async (href) => (await fetch(href)).text(), download);
  assert.match(csv, /^recipient,kind,state,base,scenario,change,withheld\r\n/);
  assert.match(csv, /1714000,unit,17,[\d.]+,0\.00,-[\d.]+,true/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(artifacts, 'scenarios.png'), fullPage: true });
  assert.deepEqual(errors.filter((e) => !/status of 4\d\d/.test(e)), []);
});
