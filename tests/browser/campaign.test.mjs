// Browser test of the campaign pages (Debian's chromium driven by playwright-core): a reviewer
// signs in through the form and issues a notice; a certifier of Chicago signs in, sees what it
// owes, is told which field is missing, then submits with a PDF file; both pages pass axe and
// log no console error. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startCampaign, PASSWORD, pdfWith } from '../support/server.mjs';
import { artifacts, axeViolations, launchChromium } from '../support/browser.mjs';

const work = mkdtempSync(join(tmpdir(), 'grantcheck-browser-campaign-'));
let world;
let browser;

before(async () => {
  world = await startCampaign(work, [
    ['rita@doj.example', 'reviewer', ['byrne-jag']],
    ['carl@chicago.example', 'certifier', ['Chicago, IL']],
  ]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  world?.server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

// A signed-in page for `email` in a context of its own (its own cookies).
async function signedIn(email) {
  // axe is injected into the page; the pages' own CSP would (rightly) refuse it.
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // A refused request (the bad-input step) logs a 4xx on the console; nothing else may.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  const bounced = await page.goto(`${world.base}/campaign`);
  assert.match(bounced.url(), /\/signin$/, 'not signed in: sent to the sign-in page');
  await page.fill('#email', email);
  await page.fill('#password', 'not the password');
  await page.click('main form button[type="submit"]');
  await page.waitForSelector('.form-result.bad');
  assert.match(await page.textContent('.form-result'), /wrong e-mail address or password/);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/campaign$/), page.click('main form button[type="submit"]')]);
  return { page, errors };
}

test('a reviewer issues a notice and a certifier answers it, through the pages', async () => {
  const { page: reviewer, errors: reviewerErrors } = await signedIn('rita@doj.example');
  assert.match(await reviewer.textContent('main'), /Signed in as rita/);
  await reviewer.selectOption('#n-program', 'byrne-jag');
  await reviewer.fill('#n-year', '2026');
  await reviewer.check('input[name="conditions"][value="jag-2018-1373-certification"] >> nth=0');
  await reviewer.fill('#n-recipients', 'Chicago, IL\n17031');
  await reviewer.fill('#n-deadline', '2026-12-01');
  await reviewer.fill('#n-title', 'Certify compliance with 8 U.S.C. 1373');
  await reviewer.fill('#n-letter', '{jurisdiction} must certify by {deadline}.');
  await reviewer.click('section[aria-labelledby="issue-h"] button[type="submit"]');
  const issued = reviewer.locator('section[aria-labelledby="issue-h"] .form-result');
  await issued.filter({ hasText: 'Recorded' }).waitFor();
  assert.match(await issued.textContent(), /Recorded gc-byrne-jag-2026-1, in log entry \d+/);
  await reviewer.waitForSelector('article.issued h3 a');  // the page reloads with the notice
  assert.equal(await reviewer.locator('article.issued details li').count(), 2);

  // A determination kept as a draft, then released from the drafts list.
  const det = reviewer.locator('section[aria-labelledby="det-h"]');
  await det.locator('#d-j').fill('Cook County, IL');
  await det.locator('input[name="conditions"][value="jag-2018-1373-certification"]').check();
  await det.locator('#d-outcome').selectOption('insufficient_evidence');
  await det.locator('#d-reasons').fill('The opinion of counsel does not address section 1373(b).');
  await det.locator('input[name="draft"]').check();
  await det.locator('button[type="submit"]').click();
  await det.locator('.form-result').filter({ hasText: 'Kept as draft' }).waitFor();
  const release = reviewer.locator('ul.drafts button', { hasText: 'Release draft' });
  await release.waitFor();  // after the reload
  await release.click();
  await reviewer.locator('ul.drafts .form-result').filter({ hasText: 'Recorded gc-determination-17031-1' }).waitFor();
  await reviewer.locator('ul.drafts a[href="/notices/gc-determination-17031-1"]').waitFor();
  assert.deepEqual(await axeViolations(reviewer), []);
  await reviewer.screenshot({ path: join(artifacts, 'campaign-reviewer.png'), fullPage: true });
  assert.deepEqual(reviewerErrors, []);

  const { page: certifier, errors: certifierErrors } = await signedIn('carl@chicago.example');
  const owed = certifier.locator('article.obligation');
  assert.equal(await owed.count(), 1);
  assert.match(await owed.textContent(), /Chicago, IL: Certify compliance with 8 U\.S\.C\. 1373/);
  assert.match(await owed.textContent(), /Due 2026-12-01/);
  // Bad input: no statement. The field is named, marked and focused; nothing is stored.
  await certifier.fill('input[name="signer_name"]', 'Mary Richardson-Lowry');
  await certifier.fill('input[name="signer_title"]', 'Corporation Counsel');
  await certifier.click('article.obligation button[type="submit"]');
  await certifier.waitForSelector('article.obligation .form-result.bad');
  assert.match(await certifier.textContent('article.obligation .form-result'), /^statement: required/);
  assert.equal(await certifier.getAttribute('textarea[name="statement"]', 'aria-invalid'), 'true');
  // Now complete, with a PDF.
  const pdf = join(work, 'opinion.pdf');
  writeFileSync(pdf, pdfWith('opinion of counsel'));
  await certifier.fill('textarea[name="statement"]', 'Chicago complies with 8 U.S.C. 1373.');
  await certifier.setInputFiles('input[type="file"]', pdf);
  await certifier.click('article.obligation button[type="submit"]');
  const done = certifier.locator('article.obligation .form-result');
  await done.filter({ hasText: 'Recorded' }).waitFor();
  assert.match(await done.textContent(), /the obligation is now met/);
  await certifier.waitForSelector('.badge.state-met');  // after the reload
  assert.deepEqual(await axeViolations(certifier), []);
  await certifier.screenshot({ path: join(artifacts, 'campaign-certifier.png'), fullPage: true });
  assert.deepEqual(certifierErrors, []);

  // The certification holds the file's hash; the notice page shows the recipients.
  const status = await (await fetch(`${world.base}/api/v1/jurisdictions/1714000/status`)).json();
  const ob = status.conditions.flatMap((c) => c.obligations).find((o) => o.notice === 'gc-byrne-jag-2026-1');
  assert.equal(ob.state, 'met');
});
