// Authorization: every write endpoint against every kind of caller, over real HTTP. Exactly the
// allowed callers succeed; every refused request is a 401 or 403 and changes nothing (the
// database's accounts, tokens, evidence, webhooks and log are compared before and after, read
// with the sqlite3 command-line shell, or psql).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { cli, startCampaign, signIn, tokenFor, send, pdfWith, sqlOn } from '../support/server.mjs';

const work = mkdtempSync(join(tmpdir(), 'grantcheck-authz-'));
let world;
let base;
const callers = {};
let notice;

// What the database holds that a write could change.
function fingerprint() {
  const sql = ['account', 'api_token', 'evidence', 'webhook', 'log_entry', 'response', 'notice', 'notice_amendment', 'draft']
    .map((t) => `(SELECT count(*) FROM ${t})`).join(" || ',' || ");
  return sqlOn(world.db, `SELECT ${sql};`).trim();
}

before(async () => {
  world = await startCampaign(work, [
    ['admin@example.org', 'admin'],
    ['rita@doj.example', 'reviewer', ['byrne-jag']],
    ['vic@ovc.example', 'reviewer', ['voca']],
    ['carl@chicago.example', 'certifier', ['Chicago, IL']],
    ['cora@cook.example', 'certifier', ['Cook County, IL']],
    ['gone@chicago.example', 'certifier', ['Chicago, IL']],
    ['old@chicago.example', 'certifier', ['Chicago, IL']],
  ]);
  base = world.base;
  // Tokens made on Nov 2; one lives a day, so it has expired by the time the matrix runs.
  callers.admin = await tokenFor(base, 'admin@example.org');
  callers['reviewer (byrne-jag)'] = await tokenFor(base, 'rita@doj.example');
  callers['reviewer of another program'] = await tokenFor(base, 'vic@ovc.example');
  callers['certifier of Chicago'] = await tokenFor(base, 'carl@chicago.example');
  callers['certifier of Cook County'] = await tokenFor(base, 'cora@cook.example');
  callers['disabled user'] = await tokenFor(base, 'gone@chicago.example');
  callers['expired token'] = await tokenFor(base, 'old@chicago.example', 1);
  world.setClock('2026-11-05T12:00:00Z');
  cli(world.db, ['user', 'disable', 'gone@chicago.example']);
  const session = await signIn(base, 'carl@chicago.example');
  callers['session with CSRF (Chicago)'] = (m, p, b) => session.call(m, p, b);
  callers['session without CSRF (Chicago)'] = (m, p, b) => session.call(m, p, b, { csrf: false });
  callers['session with a wrong CSRF (Chicago)'] = (m, p, b) =>
    send(base, m, p, b, { cookie: session.cookie, 'x-csrf-token': 'f'.repeat(64) });
  callers.anonymous = (m, p, b) => send(base, m, p, b);
  callers['a made-up token'] = (m, p, b) => send(base, m, p, b, { authorization: `Bearer gct_${'0'.repeat(64)}` });
  const issued = await callers.admin('POST', '/api/v1/notices', {
    program: 'byrne-jag', fiscal_year: 2026, conditions: ['jag-2018-1373-certification'],
    recipients: ['1714000', '17031'], deadline: '2027-01-31', title: 'Certify', letter: 'Certify.', signer: 'A',
  });
  assert.equal(issued.status, 201, issued.text);
  notice = issued.body.id;
});

after(() => {
  world?.server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

const SESSION = 'session with CSRF (Chicago)';
const EVERYONE = ['admin', 'reviewer (byrne-jag)', 'reviewer of another program', 'certifier of Chicago',
  'certifier of Cook County', SESSION];
let n = 0;
// Each endpoint with a request the allowed callers can make (fresh each time) and who they are.
const endpoints = [
  ['POST /api/v1/accounts', () => ({ email: `new${++n}@example.org`, name: 'New', role: 'certifier', scope: ['17031'], password: 'a long enough password' }),
    ['admin']],
  ['POST /api/v1/notices', () => ({ program: 'byrne-jag', fiscal_year: 2026, conditions: ['jag-2018-1373-certification'], recipients: ['1714000'], deadline_days: 30, title: 'T', letter: 'L', signer: 'S' }),
    ['admin', 'reviewer (byrne-jag)']],
  [() => `POST /api/v1/notices/${notice}/amendments`, () => ({ kind: 'extension', deadline: `2027-02-${String(10 + ++n % 15).padStart(2, '0')}` }),
    ['admin', 'reviewer (byrne-jag)']],
  ['POST /api/v1/evidence', () => pdfWith(`file ${++n}`), EVERYONE],
  ['POST /api/v1/certifications', () => ({ notice, jurisdiction: '1714000', statement: 'We comply.', signer_name: 'S', signer_title: 'T' }),
    ['certifier of Chicago', SESSION]],
  ['POST /api/v1/determinations', () => ({ jurisdiction: '17031', conditions: ['jag-2018-1373-certification'], outcome: 'insufficient_evidence', reasons: 'R' }),
    ['admin', 'reviewer (byrne-jag)']],
  ['POST /api/v1/determinations (a draft)', () => ({ jurisdiction: '17031', conditions: ['jag-2018-1373-certification'], outcome: 'compliant', reasons: 'R', draft: true }),
    ['admin', 'reviewer (byrne-jag)']],
  // A fresh draft (by the administrator) for every caller to try to release.
  [async () => {
    const d = await callers.admin('POST', '/api/v1/determinations', { jurisdiction: '17031', conditions: ['jag-2018-1373-certification'], outcome: 'compliant', reasons: 'R', draft: true });
    assert.equal(d.status, 201, d.text);
    return `POST /api/v1/drafts/${d.body.draft}/release`;
  }, () => undefined, ['admin', 'reviewer (byrne-jag)']],
  ['POST /api/v1/webhooks', () => ({ url: 'http://127.0.0.1:9/never' }), ['admin']],
  ['POST /api/v1/tokens', () => ({ name: `t${++n}`, days: 7 }), EVERYONE],
  // Last: signing out ends the session the other rows use.
  ['DELETE /api/v1/session', () => undefined, EVERYONE],
];

test('every write endpoint against every caller: exactly the allowed set succeeds', async () => {
  const table = [];
  for (const [route, body, allowed] of endpoints) {
    for (const [name, call] of Object.entries(callers)) {
      const [method, path] = (typeof route === 'function' ? await route() : route).split(' ');
      const before = fingerprint();
      const r = await call(method, path, body());
      const ok = r.status >= 200 && r.status < 300;
      table.push(`${method} ${path.replace(notice, '{id}').replace(/drafts\/\d+/, 'drafts/{id}')} as ${name}: ${r.status}`);
      assert.equal(ok, allowed.includes(name), `${method} ${path} as ${name}: ${r.status} ${r.text}`);
      if (!ok) {
        assert.ok([401, 403].includes(r.status), `${method} ${path} as ${name}: ${r.status} ${r.text}`);
        assert.equal(r.body.error.code, r.status === 401 ? 'unauthenticated' : 'forbidden');
        assert.equal(fingerprint(), before, `${method} ${path} as ${name} changed something`);
      }
    }
  }
  // Spot checks of why: a certifier of Cook County acting for Chicago is refused by scope.
  const cook = await callers['certifier of Cook County']('POST', '/api/v1/certifications',
    { notice, jurisdiction: '1714000', statement: 'x', signer_name: 'S', signer_title: 'T' });
  assert.match(cook.body.error.message, /you do not certify for Chicago, IL/);
  const expired = await callers['expired token']('POST', '/api/v1/tokens', { name: 'x' });
  assert.match(expired.body.error.message, /expired/);
  assert.equal(table.length, endpoints.length * Object.keys(callers).length);
});
