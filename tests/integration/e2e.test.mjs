// End-to-end: `grantcheck load` and `grantcheck serve` as a user runs them, over real HTTP on
// loopback. Every JSON response is validated against the OpenAPI document the server publishes
// (Ajv, JSON Schema 2020-12), so the document cannot drift from what is served.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import http from 'node:http';
import zlib from 'node:zlib';

import { root, bin, newDb, sqlOn, startServer } from '../support/server.mjs';
const require = createRequire(join(root, 'web/assets/package.json'));
const Ajv2020 = require('ajv/dist/2020').default;

const work = mkdtempSync(join(tmpdir(), 'grantcheck-e2e-'));
const db = newDb(work, 'e2e.db');
let server;
let base;
let openapi;
let ajv;

function run(args) {
  return spawnSync(bin, args, { encoding: 'utf8', timeout: 60_000 });
}

before(async () => {
  const load = run(['load', 'data', '--db', db]);
  assert.equal(load.status, 0, load.stderr);
  assert.match(load.stdout, /loaded \d+ records from \d+ files/);
  ({ base, server } = await startServer(db));
  openapi = await (await fetch(`${base}/api/v1/openapi.json`)).json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(openapi, 'openapi');
});

after(() => {
  server?.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

// The schema the OpenAPI document declares for `path` (template) and `status`.
function schemaFor(template, status) {
  const op = openapi.paths[template]?.get;
  assert.ok(op, `OpenAPI has no GET ${template}`);
  const resp = op.responses[String(status)];
  assert.ok(resp, `OpenAPI declares no ${status} for ${template}`);
  return resp.content['application/json'].schema;
}

async function getJson(url, template, expectStatus = 200) {
  const res = await fetch(base + url);
  assert.equal(res.status, expectStatus, `${url}: ${res.status}`);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const body = await res.json();
  const schema = schemaFor(template, expectStatus);
  const validate = ajv.compile({ $ref: `openapi${schema.$ref ?? ''}` });
  const ok = validate(body);
  assert.ok(ok, `${url} does not match the OpenAPI schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  return body;
}

function raw(path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + path, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

test('Chicago comes back with its lists, notices and cases', async () => {
  const chicago = await getJson('/api/v1/jurisdictions/1714000', '/api/v1/jurisdictions/{id}');
  assert.equal(chicago.display_name, 'Chicago, IL');
  assert.equal(chicago.kind, 'city');
  assert.deepEqual(chicago.lists.map((l) => l.id), ['oig-2016-05', 'doj-2018-01', 'doj-2025-08']);
  const april = chicago.notices.find((n) => n.id === 'ojp-2017-04-21-letters');
  assert.equal(april.deadline, '2017-06-30');
  const october = chicago.notices.find((n) => n.id === 'doj-2017-10-12-preliminary');
  assert.equal(october.finding, 'preliminary_noncompliance');
  assert.equal(october.deadline, '2017-10-27');
  const cases = chicago.cases.map((c) => c.id);
  assert.ok(cases.includes('chicago-v-sessions-2017'));
  assert.ok(cases.includes('sf-v-trump-2025'));
  assert.deepEqual(chicago.parents.map((p) => p.id), ['17', '17031']);
  assert.ok(chicago.provenance.sources.length > 0);
  // A name works as well as a GEOID.
  const byName = await getJson('/api/v1/jurisdictions/' + encodeURIComponent('Chicago, IL'), '/api/v1/jurisdictions/{id}');
  assert.equal(byName.id, '1714000');
});

test('the deadlines calendar parses with ical.js and holds Chicago\'s deadlines with reminders', async () => {
  const { default: ICAL } = await import(pathToFileURL(require.resolve('ical.js')).href);
  const res = await fetch(`${base}/feeds/deadlines.ics?jurisdiction=1714000`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/calendar/);
  const calendar = new ICAL.Component(ICAL.parse(await res.text()));
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const june30 = events.find((e) => e.uid === 'ojp-2017-04-21-letters/1714000@grantcheck');
  assert.ok(june30, 'the June 30, 2017 deadline of the April 21 letters');
  assert.equal(june30.startDate.toString(), '2017-06-30');
  assert.ok(june30.startDate.isDate, 'an all-day event');
  assert.match(june30.summary, /Chicago, IL/);
  const triggers = june30.component.getAllSubcomponents('valarm').map((a) => a.getFirstPropertyValue('trigger').toSeconds());
  assert.deepEqual(triggers.sort((a, b) => a - b), [-7 * 86400, -86400], 'reminders a week and a day before');
  const october = events.find((e) => e.uid === 'doj-2017-10-12-preliminary/1714000@grantcheck');
  assert.equal(october.startDate.toString(), '2017-10-27');
  // The whole calendar holds every recipient's, Chicago's among them; the jurisdiction page links to its own.
  const all = new ICAL.Component(ICAL.parse(await (await fetch(`${base}/feeds/deadlines.ics`)).text()));
  const uids = new Set(all.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid')));
  assert.ok(events.every((e) => uids.has(e.uid)));
  assert.ok(uids.size > events.length);
  const page = await (await fetch(`${base}/jurisdictions/1714000`)).text();
  assert.ok(page.includes('href="/feeds/deadlines.ics?jurisdiction=1714000"'));
  const unknown = await fetch(`${base}/feeds/deadlines.ics?jurisdiction=nowhere`);
  assert.equal(unknown.status, 400);
  assert.match(await unknown.text(), /jurisdiction/);
});

// Debian's python3-feedparser reads the Atom feed as a feed reader would.
function parseFeed(body) {
  const script = `import feedparser, json, sys
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({"bozo": int(d.bozo), "version": d.version, "title": d.feed.get("title"),
  "entries": [{"id": e.id, "title": e.title, "link": e.link, "updated": e.updated,
               "tags": [t.term for t in e.get("tags", [])]} for e in d.entries]}))`;
  const out = spawnSync('/usr/bin/python3', ['-c', script], { input: body, encoding: 'utf8', timeout: 30_000 });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

test('the Atom feed of events parses with feedparser and filters by jurisdiction, list and condition', async () => {
  const get = async (q) => {
    const res = await fetch(`${base}/feeds/events.atom${q}`);
    assert.equal(res.status, 200, q);
    assert.match(res.headers.get('content-type'), /^application\/atom\+xml/);
    return parseFeed(await res.text());
  };
  const chicago = await get('?jurisdiction=1714000');
  assert.equal(chicago.bozo, 0, 'well-formed Atom');
  assert.equal(chicago.version, 'atom10');
  assert.match(chicago.title, /Chicago, IL/);
  const pi = chicago.entries.find((e) => e.link.endsWith('/cases/chicago-v-sessions-2017#chicago-2017-09-15-pi'));
  assert.ok(pi, 'the September 15, 2017 injunction');
  assert.ok(pi.tags.includes('order'));
  assert.ok(chicago.entries.some((e) => e.link.endsWith('/notices/ojp-2017-04-21-letters') && e.tags.includes('deadline')));
  const dates = chicago.entries.map((e) => e.updated);
  assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
  assert.equal(new Set(chicago.entries.map((e) => e.id)).size, chicago.entries.length, 'unique ids');
  // Everything is a superset of Chicago's; a condition keeps only what concerns it.
  const all = await get('');
  const ids = new Set(all.entries.map((e) => e.id));
  assert.ok(chicago.entries.every((e) => ids.has(e.id)) && all.entries.length > chicago.entries.length);
  const access = await get('?condition=jag-2017-access&list=doj-2018-01&kind=order');
  assert.ok(access.entries.length > 0);
  assert.ok(access.entries.every((e) => e.tags.includes('order')));
  assert.ok(access.entries.length < all.entries.filter((e) => e.tags.includes('order')).length);
  // The timeline and the jurisdiction page link to the feed of what they show.
  const timeline = await (await fetch(`${base}/timeline?jurisdiction=1714000&kind=order`)).text();
  const link = timeline.match(/href="(\/feeds\/events\.atom[^"]*)"/)[1].replaceAll('&amp;', '&');
  const orders = await get(link.slice('/feeds/events.atom'.length));
  assert.ok(orders.entries.length > 0 && orders.entries.every((e) => e.tags.includes('order')));
  assert.equal(orders.entries.length, chicago.entries.filter((e) => e.tags.includes('order')).length);
  const jurisdictionPage = await (await fetch(`${base}/jurisdictions/1714000`)).text();
  assert.ok(jurisdictionPage.includes('<a href="/feeds/events.atom?jurisdiction=1714000"'));
  assert.ok(jurisdictionPage.includes('<link rel="alternate" type="application/atom+xml" title="Events (Atom)" href="/feeds/events.atom?jurisdiction=1714000">'), 'feed discovery');
  assert.equal((await get('?jurisdiction=&kind=')).entries.length, all.entries.length, 'empty parameters filter nothing');
  const ofCase = await get('?case=chicago-v-sessions-2017');
  assert.ok(ofCase.entries.length > 0 && ofCase.entries.every((e) => e.link.includes('/cases/chicago-v-sessions-2017')));
  for (const [q, name, status] of [['?list=nope', 'list', 400], ['?condition=nope', 'condition', 400], ['?case=nope', 'case', 400], ['?kind=nope', 'kind', 400], ['?jurisdiction=nowhere', 'nowhere', 404]]) {
    const res = await fetch(`${base}/feeds/events.atom${q}`);
    assert.equal(res.status, status, q);
    assert.match(await res.text(), new RegExp(name));
  }
});

test('every endpoint answers what the OpenAPI document says', async () => {
  const lists = await getJson('/api/v1/lists', '/api/v1/lists');
  assert.equal(lists.total, 5);
  for (const l of lists.items) {
    const list = await getJson(`/api/v1/lists/${l.id}`, '/api/v1/lists/{id}');
    assert.equal(list.versions.at(-1).members.length, l.member_count);
    await getJson(`/api/v1/lists/${l.id}/members`, '/api/v1/lists/{id}/members');
  }
  const found = await getJson('/api/v1/search?q=Welcoming%20City', '/api/v1/search');
  assert.equal(found.items[0].id, 'chicago-welcoming-city-ordinance');
  assert.equal(found.items[0].kind, 'policy');
  await getJson('/api/v1/search?q=', '/api/v1/search', 400);
  const cmp = await getJson('/api/v1/lists/compare?a=doj-2017-11&b=doj-2018-01', '/api/v1/lists/compare');
  assert.deepEqual([cmp.only_a.length, cmp.both.length, cmp.only_b.length], [10, 19, 4]);
  const notices = await getJson('/api/v1/notices', '/api/v1/notices');
  for (const n of notices.items) await getJson(`/api/v1/notices/${n.id}`, '/api/v1/notices/{id}');
  const cases = await getJson('/api/v1/cases', '/api/v1/cases');
  for (const c of cases.items) await getJson(`/api/v1/cases/${c.id}`, '/api/v1/cases/{id}');
  const conditions = await getJson('/api/v1/conditions', '/api/v1/conditions');
  for (const c of conditions.items) await getJson(`/api/v1/conditions/${c.id}`, '/api/v1/conditions/{id}');
  const programs = await getJson('/api/v1/programs', '/api/v1/programs');
  for (const p of programs.items) await getJson(`/api/v1/programs/${p.id}`, '/api/v1/programs/{id}');
  const sources = await getJson('/api/v1/sources?limit=1000', '/api/v1/sources');
  assert.equal(sources.items.length, sources.total);
  await getJson(`/api/v1/sources/${sources.items[0].id}`, '/api/v1/sources/{id}');
  const awards = await getJson('/api/v1/awards', '/api/v1/awards');
  assert.ok(awards.items.some((a) => a.amount === null), 'an unknown amount stays null');
  // Every jurisdiction a list names validates too (cities, counties, states, D.C.).
  const page = await getJson('/api/v1/jurisdictions?list=doj-2025-08&limit=100', '/api/v1/jurisdictions');
  assert.equal(page.total, 35); // San Francisco is named twice, as city (0667000) and as county (06075)
  for (const j of page.items) await getJson(`/api/v1/jurisdictions/${j.id}`, '/api/v1/jurisdictions/{id}');
  // Every documented path was exercised.
  for (const p of Object.keys(openapi.paths)) assert.ok(p.startsWith('/api/v1/'), p);
});

test('collections page and filter, and download as CSV', async () => {
  const states = await getJson('/api/v1/jurisdictions?kind=state&limit=10&offset=10', '/api/v1/jurisdictions');
  assert.equal(states.total, 50);
  assert.equal(states.items.length, 10);
  assert.equal(states.offset, 10);
  const il = await getJson('/api/v1/jurisdictions?state=IL&kind=county', '/api/v1/jurisdictions');
  assert.equal(il.total, 102);
  const res = await fetch(`${base}/api/v1/jurisdictions?list=doj-2018-01&format=csv`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="jurisdictions.csv"/);
  const lines = (await res.text()).trim().split('\r\n');
  assert.equal(lines[0], 'id,display_name,name,kind,state,state_id,county_id,ocd_id');
  assert.equal(lines.length, 1 + 23);
  const viaAccept = await fetch(`${base}/api/v1/cases`, { headers: { accept: 'text/csv' } });
  assert.match(viaAccept.headers.get('content-type'), /^text\/csv/);
});

test('bad input gets a clear error naming the parameter', async () => {
  const cases = [
    ['/api/v1/jurisdictions?kind=planet', /kind: 'planet'/],
    ['/api/v1/jurisdictions?limit=abc', /limit: 'abc' is not a whole number/],
    ['/api/v1/jurisdictions?limit=5000', /limit: 5000 is more than the maximum 1000/],
    ['/api/v1/jurisdictions?state=ZZ', /state: 'ZZ'/],
    ['/api/v1/lists?format=xml', /format: 'xml'/],
    ['/api/v1/lists?colour=red', /colour: unknown parameter/],
    ['/api/v1/jurisdictions/' + encodeURIComponent('Cook County'), /ambiguous/],
  ];
  for (const [url, message] of cases) {
    const body = await getJson(url, url.startsWith('/api/v1/jurisdictions/') ? '/api/v1/jurisdictions/{id}' : '/api/v1/lists', 400);
    assert.equal(body.error.code, 'invalid_input');
    assert.match(body.error.message, message);
  }
  const missing = await getJson('/api/v1/jurisdictions/9999999', '/api/v1/jurisdictions/{id}', 404);
  assert.equal(missing.error.code, 'not_found');
  await getJson('/api/v1/cases/no-such-case', '/api/v1/cases/{id}', 404);
  const badEscape = await raw('/api/v1/lists?x=%zz');
  assert.equal(badEscape.status, 400);
  const post = await fetch(`${base}/api/v1/lists`, { method: 'POST', body: '{}' });
  assert.equal(post.status, 405);
});

test('HTTP: ETag and 304, gzip, security headers, HEAD', async () => {
  const first = await raw('/api/v1/jurisdictions/1714000');
  const etag = first.headers.etag;
  assert.match(etag, /^W\/"[0-9a-f]{16}"$/);
  const second = await raw('/api/v1/jurisdictions/1714000', { 'if-none-match': etag });
  assert.equal(second.status, 304);
  assert.equal(second.body.length, 0);
  const gz = await raw('/api/v1/jurisdictions/1714000', { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(JSON.parse(zlib.gunzipSync(gz.body)), JSON.parse(first.body));
  assert.ok(gz.body.length < first.body.length / 2);
  for (const h of ['x-content-type-options', 'content-security-policy', 'x-frame-options', 'referrer-policy']) {
    assert.ok(first.headers[h], `missing ${h}`);
  }
  const head = await fetch(`${base}/api/v1/lists`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal((await head.text()).length, 0);
});

test('pages render, link to each other and escape what users type', async () => {
  const home = await fetch(`${base}/`);
  assert.equal(home.status, 200);
  const homeHtml = await home.text();
  assert.match(homeHtml, /Designation lists/);
  assert.match(homeHtml, /href="\/lists\/doj-2025-08"/);
  const chicago = await (await fetch(`${base}/jurisdictions/1714000`)).text();
  assert.match(chicago, /<h1>Chicago, IL<\/h1>/);
  assert.match(chicago, /href="\/cases\/chicago-v-sessions-2017"/);
  assert.match(chicago, /2017-06-30/);
  const dated = await (await fetch(`${base}/jurisdictions/1714000?as_of=2017-10-01`)).text();
  assert.match(dated, /Status on 2017-10-01/);
  assert.match(dated, /href="\/cases\/chicago-v-sessions-2017#chicago-2017-09-15-pi"/);
  const list = await (await fetch(`${base}/lists/doj-2017-11`)).text();
  assert.match(list, /Middlesex, New Jersey/);
  assert.match(list, /unresolved/);
  const kase = await (await fetch(`${base}/cases/chicago-v-sessions-2017`)).text();
  assert.match(kase, /2017-09-15/);
  assert.match(kase, /nationwide/);
  const search = await (await fetch(`${base}/jurisdictions?q=cook`)).text();
  assert.match(search, /Cook County, IL/);
  const css = await fetch(`${base}/static/style.css`);
  assert.match(css.headers.get('content-type'), /^text\/css/);

  const evil = '<script>alert(1)</script>"\'';
  const page = await fetch(`${base}/jurisdictions?q=${encodeURIComponent(evil)}`);
  const text = await page.text();
  assert.ok(!text.includes('<script>alert(1)'), 'a query is echoed unescaped');
  assert.match(text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  const notFound = await fetch(`${base}/jurisdictions/${encodeURIComponent(evil)}`);
  assert.equal(notFound.status, 404);
  assert.match(notFound.headers.get('content-type'), /^text\/html/);
  const nfText = await notFound.text();
  assert.ok(!nfText.includes('<script>alert(1)'));
  assert.match(nfText, /Not found/);
  const badPage = await fetch(`${base}/jurisdictions?kind=planet`);
  assert.equal(badPage.status, 400);
  assert.match(await badPage.text(), /kind: &(#39|apos);planet&(#39|apos); is not one of/);
});

test('CLI: show, list, ambiguous names, bad data loads nothing', () => {
  const show = run(['show', 'Chicago, IL', '--json', '--db', db]);
  assert.equal(show.status, 0, show.stderr);
  assert.equal(JSON.parse(show.stdout).id, '1714000');
  const text = run(['show', 'ocd-division/country:us/state:pa/place:philadelphia', '--db', db]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Philadelphia, PA/);
  assert.match(text.stdout, /2017-10-27/);
  const ambiguous = run(['show', 'Cook County', '--db', db]);
  assert.equal(ambiguous.status, 2);
  assert.match(ambiguous.stderr, /ambiguous/);
  assert.match(ambiguous.stderr, /Cook County, IL \(17031/);
  const unknown = run(['show', 'Springfield-on-Nowhere', '--db', db]);
  assert.equal(unknown.status, 2);
  const list = run(['list', '--on-list', 'doj-2017-11', '--kind', 'county', '--json', '--db', db]);
  assert.equal(list.status, 0, list.stderr);
  assert.equal(JSON.parse(list.stdout).total, 9); // "Middlesex, New Jersey" stays unresolved

  // A malformed file fails the load with file:line, field and reason, and stores nothing.
  const bad = join(work, 'bad');
  mkdirSync(bad);
  writeFileSync(join(bad, 'awards.csv'),
    'id,program,fiscal_year,jurisdiction,amount,kind,sources\n' +
    'ok-row,byrne-jag,2017,1714000,100,direct,bjs-jag-2016\n' +
    'bad-row,byrne-jag,2017,1714000,-5,direct,bjs-jag-2016\n');
  const before = run(['list', '--json', '--db', db]).stdout;
  const load = run(['load', bad, '--db', db]);
  assert.equal(load.status, 2);
  assert.match(load.stderr, /awards\.csv:3: amount: '-5' is not an amount/);
  assert.equal(run(['list', '--json', '--db', db]).stdout, before);
  const awards = run(['show', '1714000', '--json', '--db', db]);
  assert.ok(!JSON.parse(awards.stdout).awards.some((a) => a.id === 'ok-row'), 'a partial write happened');
});

test('status as of a date answers what is owed, decided and blocked', async () => {
  const chicago = await getJson('/api/v1/jurisdictions/1714000/status?as_of=2017-06-30', '/api/v1/jurisdictions/{id}/status');
  assert.equal(chicago.jurisdiction.id, '1714000');
  assert.equal(chicago.as_of, '2017-06-30');
  assert.deepEqual(chicago.lists.map((l) => l.id), ['oig-2016-05']);
  const doc = chicago.conditions.find((c) => c.id === 'jag-2016-1373-documentation');
  assert.equal(doc.applies, true);
  assert.deepEqual(doc.obligations.map((o) => [o.notice, o.due, o.state]), [['ojp-2017-04-21-letters', '2017-06-30', 'open']]);
  assert.equal(doc.determination, null);
  assert.ok(doc.reasons.every((r) => typeof r.text === 'string' && r.text.length > 0));

  const seattle = await getJson('/api/v1/jurisdictions/5363000/status?as_of=2017-10-01', '/api/v1/jurisdictions/{id}/status');
  const access = seattle.conditions.find((c) => c.id === 'jag-2017-access');
  assert.equal(access.enforceable, false);
  assert.deepEqual(access.blocked_by.map((b) => [b.case, b.order_date]), [['chicago-v-sessions-2017', '2017-09-15']]);
  const cert = seattle.conditions.find((c) => c.id === 'jag-2017-1373-certification');
  assert.equal(cert.enforceable, true);

  const philadelphia = await getJson('/api/v1/jurisdictions/4260000/status?as_of=2017-10-20', '/api/v1/jurisdictions/{id}/status');
  const pd = philadelphia.conditions.find((c) => c.id === 'jag-2016-1373-documentation');
  assert.equal(pd.determination.outcome, 'preliminary_noncompliance');
  assert.ok(pd.obligations.some((o) => o.due === '2017-10-27' && o.state === 'open'));

  for (const [url, message] of [
    ['/api/v1/jurisdictions/1714000/status?as_of=2017-02-30', /as_of: '2017-02-30' is not a date/],
    ['/api/v1/jurisdictions/1714000/status?as_of=yesterday', /as_of: 'yesterday' is not a date/],
    ['/api/v1/jurisdictions/1714000/status?as_of=2015-01-01', /as_of: 2015-01-01 is before the data begins \(2016-/],
    ['/api/v1/jurisdictions/1714000/status?asof=2017-01-01', /asof: unknown parameter/],
  ]) {
    const body = await getJson(url, '/api/v1/jurisdictions/{id}/status', 400);
    assert.match(body.error.message, message);
  }
  await getJson('/api/v1/jurisdictions/9999999/status?as_of=2017-10-01', '/api/v1/jurisdictions/{id}/status', 404);
});

test('history never disagrees with the status', async () => {
  const history = await getJson('/api/v1/jurisdictions/1714000/history', '/api/v1/jurisdictions/{id}/history');
  const kinds = (k) => history.items.filter((i) => i.kind === k);
  assert.ok(kinds('listed').some((i) => i.date === '2016-05-31' && i.list === 'oig-2016-05'));
  assert.ok(kinds('notice_received').some((i) => i.date === '2017-04-21'));
  assert.ok(kinds('enjoined').some((i) => i.date === '2017-09-15' && i.condition === 'jag-2017-access'));
  assert.ok(kinds('enjoined').some((i) => i.date === '2025-08-22' && i.condition === 'eo-2025-funding'));
  const dates = history.items.map((i) => i.date);
  assert.deepEqual(dates, [...dates].sort());
  // Every enjoined / enforceable-again change matches the status on its day and the day before.
  for (const item of history.items.filter((i) => i.kind === 'enjoined' || i.kind === 'enforceable_again')) {
    const day = await getJson(`/api/v1/jurisdictions/1714000/status?as_of=${item.date}`, '/api/v1/jurisdictions/{id}/status');
    const c = day.conditions.find((x) => x.id === item.condition);
    assert.equal(c.enforceable, item.kind === 'enforceable_again', `${item.date} ${item.condition}`);
  }
});

test('the status of every jurisdiction at once, for maps and tables', async () => {
  const after = await getJson('/api/v1/status?as_of=2017-10-01&condition=jag-2017-access&kind=county', '/api/v1/status');
  assert.equal(after.total, 3231);
  assert.ok(after.items.every((r) => r.enforceable === false), 'the nationwide injunction covers every county');
  const before = await getJson('/api/v1/status?as_of=2017-09-01&condition=jag-2017-access&kind=county&limit=10', '/api/v1/status');
  assert.ok(before.items.every((r) => r.enforceable === true));
  const listed = await getJson('/api/v1/status?as_of=2018-02-01&list=doj-2018-01&condition=jag-2016-monitoring-cooperation', '/api/v1/status');
  assert.equal(listed.total, 23);
  assert.ok(listed.items.every((r) => r.obligation === 'open'));
  const csv = await fetch(`${base}/api/v1/status?as_of=2017-10-01&condition=jag-2017-notice&state=IL&format=csv`);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const lines = (await csv.text()).trim().split('\r\n');
  assert.equal(lines[0], 'jurisdiction_id,display_name,kind,state,condition,applies,assessment,enforceable,enforceable_certain,obligation,has_determination,determination,at_stake,unknown_amounts,lists');
  assert.ok(lines.some((l) => l.startsWith('1714000,"Chicago, IL",city,IL,jag-2017-notice,true,unknown,false,true,')));
  const bad = await getJson('/api/v1/status?condition=nope', '/api/v1/status', 400);
  assert.match(bad.error.message, /condition: no condition 'nope'/);
});

test('CLI: status and history', () => {
  const status = run(['status', 'Seattle, WA', '--as-of', '2017-10-01', '--json', '--db', db]);
  assert.equal(status.status, 0, status.stderr);
  const s = JSON.parse(status.stdout);
  assert.equal(s.as_of, '2017-10-01');
  assert.equal(s.conditions.find((c) => c.id === 'jag-2017-access').enforceable, false);
  const text = run(['status', '4260000', '--as-of', '2017-10-20', '--db', db]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /determination: preliminary noncompliance \(2017-10-12/);
  assert.match(text.stdout, /due 2017-10-27 — open/);
  const badDate = run(['status', '1714000', '--as-of', '2017-13-01', '--db', db]);
  assert.equal(badDate.status, 2);
  assert.match(badDate.stderr, /--as-of: '2017-13-01' is not a date/);
  const early = run(['status', '1714000', '--as-of', '1999-01-01', '--db', db]);
  assert.equal(early.status, 2);
  assert.match(early.stderr, /before the data begins/);
  const unknown = run(['status', '9999999', '--db', db]);
  assert.equal(unknown.status, 2);
  const history = run(['history', 'Chicago, IL', '--db', db]);
  assert.equal(history.status, 0, history.stderr);
  assert.match(history.stdout, /2017-09-15 {2}enjoined/);
});

// An independent check of the log: Node's own SHA-256 and Ed25519, not grantcheck's code.
import crypto from 'node:crypto';

const sha256 = (...parts) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();
const leafHash = (entry) => sha256(Buffer.from([0]), Buffer.from(entry, 'utf8'));
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r);

function verifyInclusionJs(leaf, index, size, proof, root) {
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn >>= 1; sn >>= 1; }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}

function verifyNoteJs(verifierKey, note) {
  // name+id+key: the base64 key may itself contain '+'.
  const [name, id, ...rest] = verifierKey.trim().split('+');
  const keyB64 = rest.join('+');
  const raw = Buffer.from(keyB64, 'base64');
  assert.equal(raw[0], 1, 'Ed25519 key');
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(1)]);
  const publicKey = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  const line = note.slice(split + 2).split('\n').find((l) => l.startsWith(`\u2014 ${name} `));
  assert.ok(line, 'a signature line by the key');
  const blob = Buffer.from(line.split(' ')[2], 'base64');
  assert.equal(blob.subarray(0, 4).toString('hex'), id);
  return { ok: crypto.verify(null, Buffer.from(text, 'utf8'), publicKey, blob.subarray(4)), text };
}

test('the log: signed checkpoints and proofs check out with an independent implementation', async () => {
  const key = await (await fetch(`${base}/api/v1/log/key`)).text();
  const note = await (await fetch(`${base}/api/v1/log/checkpoint`)).text();
  const { ok, text } = verifyNoteJs(key, note);
  assert.ok(ok, 'Node verifies the Ed25519 signature');
  const [origin, sizeText, rootB64] = text.trim().split('\n');
  assert.equal(origin, 'grantcheck.local/log');
  const size = Number(sizeText);
  assert.ok(size >= 1);
  const root = Buffer.from(rootB64, 'base64');

  const entries = await (await fetch(`${base}/api/v1/log/entries?start=0&end=${size}`)).json();
  assert.equal(entries.entries.length, size);
  for (const e of entries.entries) {
    assert.equal(leafHash(e.entry).toString('base64'), e.leaf_hash);
    const header = JSON.parse(e.entry.split('\n')[0]);
    assert.equal(header.index, e.index);
    assert.equal(header.command, 'load');
    const proof = await (await fetch(`${base}/api/v1/log/proof/inclusion?index=${e.index}&tree_size=${size}`)).json();
    assert.ok(verifyInclusionJs(leafHash(e.entry), e.index, size, proof.inclusion_proof.map((p) => Buffer.from(p, 'base64')), root));
    const byHash = await (await fetch(`${base}/api/v1/log/proof/inclusion?hash=${encodeURIComponent(e.leaf_hash)}&tree_size=${size}`)).json();
    assert.equal(byHash.index, e.index);
  }
  await getJson(`/api/v1/log/entries?start=0&end=${size}`, '/api/v1/log/entries');
  await getJson(`/api/v1/log/proof/inclusion?index=0&tree_size=${size}`, '/api/v1/log/proof/inclusion');
  await getJson(`/api/v1/log/proof/consistency?first=1&second=${size}`, '/api/v1/log/proof/consistency');
  const receipt = await getJson('/api/v1/log/receipts/0', '/api/v1/log/receipts/{index}');
  assert.equal(receipt.index, 0);
  assert.equal(receipt.verifier_key, key.trim());
  const bad = await fetch(`${base}/api/v1/log/proof/inclusion?index=5&tree_size=${size + 1}`);
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error.message, /tree_size/);
});

test('CLI: a receipt verifies offline, and a flipped byte anywhere, a wrong key or another tree size do not', () => {
  const dir = join(work, 'receipts');
  mkdirSync(dir);
  const data = join(dir, 'one');
  mkdirSync(data);
  writeFileSync(join(data, 'awards.csv'),
    'id,program,fiscal_year,jurisdiction,amount,kind,sources\n' +
    'receipt-test,byrne-jag,2017,1714000,100,direct,bjs-jag-2016\n');
  const receiptPath = join(dir, 'r.json');
  const before = join(dir, 'before.checkpoint');
  writeFileSync(before, run(['log', 'checkpoint', '--db', db]).stdout);
  const load = run(['load', data, '--db', db, '--receipt', receiptPath]);
  assert.equal(load.status, 0, load.stderr);
  const after = join(dir, 'after.checkpoint');
  writeFileSync(after, run(['log', 'checkpoint', '--db', db]).stdout);
  const key = run(['log', 'key', '--db', db]).stdout.trim();
  const keyFile = join(dir, 'key.txt');
  writeFileSync(keyFile, key + '\n');
  const good = run(['verify', receiptPath, '--key', keyFile]);
  assert.equal(good.status, 0, good.stdout + good.stderr);
  assert.match(good.stdout, /^valid: log entry \d+ is in the signed tree/);

  const receipt = JSON.parse(readFileSync(receiptPath, 'utf8'));
  const tamper = (mutate, reason) => {
    const r = structuredClone(receipt);
    mutate(r);
    const p = join(dir, 'bad.json');
    writeFileSync(p, JSON.stringify(r));
    const res = run(['verify', p, '--key', keyFile]);
    assert.equal(res.status, 1, `${reason}: ${res.stdout}${res.stderr}`);
    assert.match(res.stdout, reason);
  };
  const flip = (s, i) => s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ 1) + s.slice(i + 1);
  tamper((r) => { r.entry = flip(r.entry, 10); }, /entry does not hash/);
  tamper((r) => { r.entry = flip(r.entry, r.entry.length - 3); }, /entry does not hash/);
  tamper((r) => { r.checkpoint = flip(r.checkpoint, 3); }, /checkpoint/);
  tamper((r) => { r.checkpoint = flip(r.checkpoint, r.checkpoint.length - 10); }, /checkpoint/);
  if (receipt.inclusion_proof.length > 0) {
    tamper((r) => {
      const b = Buffer.from(r.inclusion_proof[0], 'base64');
      b[7] ^= 1;
      r.inclusion_proof[0] = b.toString('base64');
    }, /does not lead to the root/);
  }
  tamper((r) => { r.index += 1; }, /inclusion|not below/);
  // A proof for another tree size: the receipt's checkpoint is for size n, the proof for n+1.
  tamper((r) => { r.inclusion_proof.push(r.leaf_hash); }, /inclusion/);
  // The log only grew between the two checkpoints, as the server proves.
  const grew = run(['verify-consistency', before, after, '--url', base, '--key', keyFile]);
  assert.equal(grew.status, 0, grew.stdout + grew.stderr);
  assert.match(grew.stdout, /^valid: the log of size \d+ is a prefix of the log of size \d+/);
  const backwards = run(['verify-consistency', after, before, '--url', base, '--key', keyFile]);
  assert.equal(backwards.status, 1);
  assert.match(backwards.stdout, /is larger than the second/);
  const forged = join(dir, 'forged.checkpoint');
  writeFileSync(forged, readFileSync(after, 'utf8').replace(/\n([A-Za-z0-9+/]{10})/, (m, b) => '\n' + (b[0] === 'A' ? 'B' : 'A') + b.slice(1)));
  const fake = run(['verify-consistency', before, forged, '--url', base, '--key', keyFile]);
  assert.equal(fake.status, 1);
  assert.match(fake.stdout, /invalid: .*forged.checkpoint: the signature/);
  const otherKey = 'grantcheck.local/log+00000000+AQ' + 'A'.repeat(42) + '=';
  const wrong = run(['verify', receiptPath, '--key-text', otherKey]);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stdout, /invalid: checkpoint/);
});

test('CLI: log verify finds rows changed behind grantcheck\'s back', () => {
  const dir = join(work, 'audit');
  mkdirSync(dir);
  const auditDb = newDb(dir, 'a.db');
  assert.equal(run(['load', 'data', '--db', auditDb]).status, 0);
  const ok = run(['log', 'verify', '--db', auditDb]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /1 entries, 1 checkpoints: the log and the tables agree/);
  const sql = (statement) => sqlOn(auditDb, statement);
  sql("UPDATE jurisdiction SET name = 'Chicagoland' WHERE geoid = '1714000'");
  sql("DELETE FROM award WHERE id = 'jag-2016-ny-state'");
  const bad = run(['log', 'verify', '--db', auditDb]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /problem: row jurisdiction 1714000 differs from what the log recorded/);
  assert.match(bad.stdout, /problem: row award jag-2016-ny-state was recorded in the log but is missing from the tables/);
  sql({
    sqlite: "UPDATE log_entry SET entry = CAST(replace(CAST(entry AS TEXT), 'Welcoming', 'Welcominh') AS BLOB) WHERE idx = 0",
    postgres: "UPDATE log_entry SET entry = convert_to(replace(convert_from(entry, 'UTF8'), 'Welcoming', 'Welcominh'), 'UTF8') WHERE idx = 0",
  });
  const rewritten = run(['log', 'verify', '--db', auditDb]);
  assert.equal(rewritten.status, 1);
  assert.match(rewritten.stdout, /problem: entry 0: its text does not hash to its stored leaf hash/);
  assert.match(rewritten.stdout, /problem: checkpoint of size 1: its root is not the root/);
});

test('nothing a user types is echoed unescaped: every page and parameter', async () => {
  const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
  const e = encodeURIComponent(evil);
  const urls = [
    `/jurisdictions?q=${e}`, `/jurisdictions?kind=${e}`, `/jurisdictions?state=${e}`,
    `/jurisdictions/${e}`, `/jurisdictions/1714000?as_of=${e}`,
    `/lists/${e}`, `/lists/compare?a=${e}&b=doj-2018-01`, `/lists/compare?a=doj-2017-11&b=${e}`,
    `/cases/${e}`, `/notices/${e}`,
    `/search?q=${e}`, `/search?q=x&kind=${e}`,
    `/timeline?kind=${e}`, `/timeline?case=${e}`, `/timeline?jurisdiction=${e}`, `/timeline?from=${e}`, `/timeline?to=${e}`,
    `/?measure=${e}&condition=${e}&as_of=${e}`, `/receipt?x=${e}`, `/${e}`,
  ];
  for (const url of urls) {
    const res = await fetch(base + url);
    assert.ok([200, 400, 404].includes(res.status), `${url}: ${res.status}`);
    const body = await res.text();
    assert.ok(!body.includes('<script>alert(1)'), `${url} echoes a script`);
    assert.ok(!body.includes('<img src=x'), `${url} echoes markup`);
  }
});

// GeoJSON exports, read by d3-geo (npm) as a GIS consumer would: real outlines in lon/lat.
test('GeoJSON exports: county and state outlines d3-geo can measure, cities without invented points', async () => {
  const geo = await import(pathToFileURL(require.resolve('d3-geo')).href);
  const res = await fetch(`${base}/api/v1/jurisdictions/17031?format=geojson`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/geo\+json/);
  const cook = await res.json();
  assert.equal(cook.type, 'Feature');
  assert.equal(cook.properties.name, 'Cook County');
  // RFC 7946 3.1.6: the right-hand rule (exterior ring counterclockwise: positive planar area).
  const signedArea = (ring) => ring.reduce((a, [x1, y1], i) => {
    const [x2, y2] = ring[(i + 1) % ring.length];
    return a + (x1 * y2 - x2 * y1);
  }, 0) / 2;
  const exteriors = (g) => (g.type === 'Polygon' ? [g.coordinates[0]] : g.coordinates.map((p) => p[0]));
  assert.ok(exteriors(cook.geometry).every((r) => signedArea(r) > 0), 'exterior rings counterclockwise');
  // d3-geo winds the other way on the sphere: rewind before measuring, as d3 users do.
  const rewind = (f) => ({ ...f, geometry: { ...f.geometry, coordinates: f.geometry.type === 'Polygon'
    ? f.geometry.coordinates.map((r) => [...r].reverse())
    : f.geometry.coordinates.map((p) => p.map((r) => [...r].reverse())) } });
  const cookD3 = rewind(cook);
  const [[west, south], [east, north]] = geo.geoBounds(cookD3);
  assert.ok(west > -88.4 && east < -87.4 && south > 41.4 && north < 42.2, `Cook County's bounds ${[west, south, east, north]}`);
  assert.ok(geo.geoArea(cookD3) > 0 && geo.geoArea(cookD3) < 0.001, 'a county, not the world');
  const illinois = rewind(await (await fetch(`${base}/api/v1/jurisdictions/17?format=geojson`)).json());
  assert.ok(geo.geoArea(illinois) > 10 * geo.geoArea(cookD3));
  assert.ok(geo.geoContains(illinois, geo.geoCentroid(cookD3)), 'Cook County lies in Illinois');
  const chicago = await (await fetch(`${base}/api/v1/jurisdictions/1714000?format=geojson`)).json();
  assert.equal(chicago.geometry, null, 'no city outline in the data: none invented');

  const url = '/api/v1/status?format=geojson&condition=jag-2017-access&kind=county&as_of=2017-10-01';
  const all = await (await fetch(base + url)).json();
  assert.equal(all.type, 'FeatureCollection');
  assert.equal(all.features.length, all.total);
  assert.ok(all.features.length > 3000);
  const drawn = all.features.filter((f) => f.geometry !== null);
  assert.ok(drawn.length / all.features.length > 0.99, `${drawn.length} of ${all.features.length} counties have an outline`);
  assert.ok(drawn.every((f) => f.properties.enforceable === false), 'the nationwide injunction of 2017-09-15');
  const one = await (await fetch(`${base}/api/v1/status?format=geojson&jurisdiction=Cook%20County,%20IL&as_of=2017-10-01`)).json();
  assert.ok(one.features.length >= 1 && one.features.every((f) => f.id === '17031'));
  const page = await (await fetch(`${base}/jurisdictions/17031`)).text();
  assert.ok(page.includes('href="/api/v1/jurisdictions/17031?format=geojson"'), 'the page links its GeoJSON');
  for (const [q, name] of [['/api/v1/lists?format=geojson', 'format'], ['/api/v1/status?jurisdiction=Nowhere%2C%20XX', 'jurisdiction']]) {
    const bad = await fetch(base + q);
    assert.equal(bad.status, 400, q);
    assert.match((await bad.json()).error.message, new RegExp(`^${name}:`));
  }
});

test('the bulk status carries the latest determination and the money at stake, unknown amounts apart', async () => {
  const body = await getJson('/api/v1/status?condition=jag-2016-1373-documentation&as_of=2017-11-01&jurisdiction=1714000', '/api/v1/status');
  assert.equal(body.items.length, 1);
  const [chicago] = body.items;
  assert.equal(chicago.determination, 'preliminary_noncompliance');
  assert.equal(chicago.at_stake, '$2,100,000.00');
  assert.equal(chicago.at_stake_cents, 210000000);
  const before = await getJson('/api/v1/status?condition=jag-2016-1373-documentation&as_of=2017-06-01&jurisdiction=1714000', '/api/v1/status');
  assert.equal(before.items[0].determination, null, 'no finding before October 2017');
});

// Scenarios: withhold the awards of a list's members and reallocate within each State.
test('CLI: allocate --withhold list:... --realloc state moves the money and conserves it', () => {
  const dir = join(work, 'scenario');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'states.csv'),
    'state,population,violent_crime_2014,violent_crime_2015,violent_crime_2016\n' +
    '17,12800000,50000,52000,55000\n06,39000000,150000,155000,160000\n');
  writeFileSync(join(dir, 'units.csv'),
    'unit,name,state,kind,county,county_bears_costs,violent_crime_2014,violent_crime_2015,violent_crime_2016\n' +
    '1714000,Chicago,17,city,,false,20000,21000,22000\n' +
    '17031,Cook County,17,county,,false,3000,3000,3000\n' +
    '1712385,Champaign,17,city,,false,800,800,800\n' +
    '0644000,Los Angeles,06,city,,false,25000,26000,27000\n' +
    '0666000,San Diego,06,city,,false,5000,5000,5000\n');
  const args = ['allocate', '--inputs', dir, '--total', '10000000', '--db', db,
    '--withhold', 'list:doj-2018-01', '--realloc', 'state', '--as-of', '2018-02-01'];
  const table = run(args);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /reallocation: state/);
  assert.match(table.stdout, /not recipients in these inputs/);
  const csvOut = run([...args, '--csv']);
  assert.equal(csvOut.status, 0, csvOut.stderr);
  const rows = csvOut.stdout.trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
  const chicago = rows.find((r) => r[0] === '1714000');
  assert.ok(chicago, csvOut.stdout);
  assert.equal(chicago[6], 'yes');
  assert.equal(Number(chicago[4]), 0);
  const cents = (s) => Math.round(Number(s) * 100);
  assert.equal(rows.reduce((a, r) => a + cents(r[5]), 0), 0, 'within each State: nothing created or lost');
  // The same as JSON, as POST /api/v1/allocations answers.
  const asJson = JSON.parse(run([...args, '--json']).stdout);
  assert.equal(asJson.realloc, 'state');
  assert.equal(asJson.recipients.find((r) => r.id === '1714000').withheld, true);
  // Two scenarios compared: the same list, reallocated within the State or nationally.
  const versus = run([...args, '--versus-realloc', 'national', '--csv']);
  assert.equal(versus.status, 0, versus.stderr);
  const vrows = versus.stdout.trim().split(/\r?\n/);
  assert.equal(vrows[0], 'recipient,kind,state,scenario_a,scenario_b,change,withheld');
  assert.ok(vrows.length > 2, versus.stdout);
  assert.equal(vrows.slice(1).map((l) => l.split(',')).reduce((a, r) => a + cents(r[5]), 0), 0,
    'both pay out everything withheld: B - A sums to zero');
  const bad = run(['allocate', '--inputs', dir, '--total', '10000000', '--db', db, '--withhold', 'list:nope']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--withhold: there is no designation list 'nope'/);
});

test('exposure: the money at stake per condition, each award once in the total', async () => {
  const body = await getJson('/api/v1/jurisdictions/1714000/exposure?as_of=2017-10-01', '/api/v1/jurisdictions/{id}/exposure');
  assert.ok(body.conditions.length >= 2);
  const dollars = (s) => Math.round(Number(s.replace(/[$,]/g, '')) * 100);
  const unique = new Map();
  for (const c of body.conditions) {
    assert.equal(dollars(c.at_stake), c.awards.reduce((a, w) => a + (w.amount ? dollars(w.amount) : 0), 0), c.id);
    for (const w of c.awards) unique.set(w.id, w);
  }
  // The FY2016 eligible amount ($2.1M, rounded by its source) is at stake under two conditions.
  const fy2016 = body.conditions.filter((c) => c.awards.some((w) => w.id === 'jag-2016-chicago-local'));
  assert.ok(fy2016.length >= 2);
  const total = [...unique.values()].reduce((a, w) => a + (w.amount ? dollars(w.amount) : 0), 0);
  assert.equal(dollars(body.at_stake), total, 'each award once in the total');
  // The CLI reads the database itself (which other tests here have added awards to since the
  // server started): its text and its JSON agree with each other.
  const asJson = JSON.parse(run(['exposure', '1714000', '--as-of', '2017-10-01', '--json', '--db', db]).stdout);
  const awards = new Set(asJson.conditions.flatMap((c) => c.awards.map((w) => w.id)));
  const cli = run(['exposure', 'Chicago, IL', '--as-of', '2017-10-01', '--db', db]);
  assert.equal(cli.status, 0, cli.stderr);
  assert.ok(cli.stdout.includes(`at stake: ${asJson.at_stake} in ${awards.size} award${awards.size === 1 ? '' : 's'}`), cli.stdout);
  await getJson('/api/v1/jurisdictions/1714000/exposure?as_of=nope', '/api/v1/jurisdictions/{id}/exposure', 400);
});

// Awards from a USAspending.gov download: matched by State and name, the rest reported for a
// person to decide, decisions kept for the next import, bad files refused by file:line.
test('CLI: awards import matches recipients, reports the rest, and awards resolve decides', () => {
  const dir = join(work, 'usaspending');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'awards.csv');
  writeFileSync(file,
    'assistance_award_unique_key,award_id_fain,recipient_name,recipient_uei,cfda_number,total_obligated_amount,award_base_action_date_fiscal_year,recipient_state_code,recipient_county_code\n' +
    'A1,2016-DJ-BX-0001,CITY OF CHICAGO,ABC123,16.738,2212292.00,2016,IL,031\n' +
    'A2,2016-DJ-BX-0002,COUNTY OF COOK,DEF456,16.738,305000.50,2016,IL,031\n' +
    'A3,2016-DJ-BX-0003,CITY AND COUNTY OF DENVER,GHI789,16.738,650000,2016,CO,031\n' +
    'A4,2016-DJ-BX-0004,GOTHAM CITY,JKL000,16.738,100,2016,IL,\n' +
    'A5,2016-VF-0005,STATE OF ILLINOIS,MNO111,16.575,999,2016,IL,\n' +
    'A6,2016-DJ-BX-0006,STATE OF ILLINOIS,MNO111,16.738,5000000,2016,IL,\n');
  const first = run(['awards', 'import', file, '--db', db]);
  assert.equal(first.status, 1, 'something is left for a person to decide');
  assert.match(first.stdout, /6 rows; 1 of other assistance listings; 3 matched; 2 for a person to decide/);
  assert.match(first.stdout, /award 2016-DJ-BX-0003 to "CITY AND COUNTY OF DENVER": several jurisdictions match; choose one \(0820000, 08031\)/);
  assert.match(first.stdout, /award 2016-DJ-BX-0004 to "GOTHAM CITY": no jurisdiction of that name/);
  const awardsOf = (geoid) => JSON.parse(run(['show', geoid, '--json', '--db', db]).stdout).awards.map((a) => a.id);
  assert.ok(awardsOf('1714000').includes('usaspending-2016-DJ-BX-0001'));
  assert.ok(awardsOf('17031').includes('usaspending-2016-DJ-BX-0002'), 'COUNTY OF COOK is Cook County');
  assert.ok(awardsOf('17').includes('usaspending-2016-DJ-BX-0006'));
  assert.ok(!awardsOf('17').includes('usaspending-2016-VF-0005'), 'another assistance listing');
  assert.ok(!awardsOf('0820000').includes('usaspending-2016-DJ-BX-0003'), 'no guess');

  assert.equal(run(['awards', 'resolve', '2016-DJ-BX-0003', 'Denver, CO', '--db', db]).status, 0);
  assert.equal(run(['awards', 'resolve', '2016-DJ-BX-0004', '--skip', '--db', db]).status, 0);
  const second = run(['awards', 'import', file, '--db', db]);
  assert.equal(second.status, 0, second.stdout);
  assert.match(second.stdout, /4 matched; 0 for a person to decide; 1 left out by decision/);
  assert.ok(awardsOf('0820000').includes('usaspending-2016-DJ-BX-0003'));
  assert.equal(run(['log', 'verify', '--db', db]).status, 0);

  // A file without an amount column, or with a bad amount: file:line named, nothing stored.
  const before = run(['log', 'checkpoint', '--db', db]).stdout;
  writeFileSync(file, 'award_id_fain,recipient_name,cfda_number,award_base_action_date_fiscal_year,recipient_state_code\nX,CITY OF CHICAGO,16.738,2016,IL\n');
  const missing = run(['awards', 'import', file, '--db', db]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /awards\.csv:1: the column total_obligated_amount is missing/);
  writeFileSync(file, 'award_id_fain,recipient_name,cfda_number,total_obligated_amount,award_base_action_date_fiscal_year,recipient_state_code\nX,CITY OF CHICAGO,16.738,lots,2016,IL\n');
  const badAmount = run(['awards', 'import', file, '--db', db]);
  assert.equal(badAmount.status, 2);
  assert.match(badAmount.stderr, /awards\.csv:2: total_obligated_amount: 'lots' is not an amount/);
  assert.equal(run(['log', 'checkpoint', '--db', db]).stdout, before, 'nothing stored');
});

test('POST /api/v1/allocations runs a scenario on the inputs sent, validated against the OpenAPI document', async () => {
  const states = 'state,population,violent_crime_2014,violent_crime_2015,violent_crime_2016\n17,12800000,50000,52000,55000\n06,39000000,150000,155000,160000\n';
  const units = 'unit,name,state,kind,county,county_bears_costs,violent_crime_2014,violent_crime_2015,violent_crime_2016\n' +
    '1714000,Chicago,17,city,,false,20000,21000,22000\n1712385,Champaign,17,city,,false,800,800,800\n0644000,Los Angeles,06,city,,false,25000,26000,27000\n';
  const post = async (body) => {
    const res = await fetch(`${base}/api/v1/allocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const r = await post({ total: '10000000', states_csv: states, units_csv: units, withhold: ['1714000', 'nowhere'], realloc: 'state' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const schema = openapi.paths['/api/v1/allocations'].post.responses['200'].content['application/json'].schema;
  const validate = ajv.compile({ $ref: `openapi${schema.$ref}` });
  assert.ok(validate(r.body), JSON.stringify(validate.errors?.slice(0, 3)));
  const chicago = r.body.recipients.find((x) => x.id === '1714000');
  assert.equal(chicago.withheld, true);
  assert.equal(Number(chicago.scenario), 0);
  assert.deepEqual(r.body.not_recipients, ['nowhere']);
  const cents = (s) => Math.round(Number(s) * 100);
  assert.equal(r.body.recipients.reduce((a, x) => a + cents(x.change), 0), 0, 'within the State: conserved');
  assert.equal(cents(r.body.paid), 1000000000);
  for (const [body, name] of [[{ total: 'x', states_csv: states }, 'total'], [{ total: '1', states_csv: states, realloc: 'moon' }, 'realloc'],
    [{ total: '1', states_csv: 'state,population\nIL,1\n' }, 'upload/states.csv']]) {
    const bad = await post(body);
    assert.equal(bad.status, 400, JSON.stringify(body));
    assert.ok(bad.body.error.message.includes(name), bad.body.error.message);
  }
});
