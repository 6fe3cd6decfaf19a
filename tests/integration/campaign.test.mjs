// End-to-end: a whole certification campaign over real HTTP on loopback. A reviewer issues a
// notice to three jurisdictions; the PDF letters are read back with poppler's pdftotext; one
// certifier answers on time with a PDF, one late, one never; the obligations show met / met late
// / missed; the reviewer records a preliminary finding with a response window; the calendar
// parses with ical.js, the Atom feed with feedparser; a webhook receiver on loopback gets signed
// deliveries it verifies; every response validates against the served OpenAPI document; the
// receipt verifies offline; and `grantcheck log verify` finds the log and tables in agreement.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import http from 'node:http';
import crypto from 'node:crypto';

import { root, bin, cli, startCampaign, signIn, tokenFor, pdfWith } from '../support/server.mjs';
const require = createRequire(join(root, 'web/assets/package.json'));
const Ajv2020 = require('ajv/dist/2020').default;

const work = mkdtempSync(join(tmpdir(), 'grantcheck-campaign-'));
let world;
let base;
let ajv;
let openapi;
let hook;
const deliveries = [];

before(async () => {
  world = await startCampaign(work, [
    ['admin@example.org', 'admin'],
    ['rita@doj.example', 'reviewer', ['byrne-jag']],
    ['carl@chicago.example', 'certifier', ['Chicago, IL']],
    ['cora@cook.example', 'certifier', ['Cook County, IL']],
    ['dana@dc.example', 'certifier', ['1150000']],
  ]);
  base = world.base;
  openapi = await (await fetch(`${base}/api/v1/openapi.json`)).json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(openapi, 'openapi');
  // A webhook receiver on loopback that records what it gets (and fails the first attempt of
  // every delivery, so retries are exercised).
  const seen = new Set();
  hook = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const id = req.headers['x-grantcheck-delivery'];
      const first = !seen.has(id);
      seen.add(id);
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString(), failed: first });
      res.writeHead(first ? 503 : 204).end();
    });
  });
  await new Promise((r) => hook.listen(0, '127.0.0.1', r));
});

after(() => {
  world?.server.kill('SIGTERM');
  hook?.close();
  rmSync(work, { recursive: true, force: true });
});

// Checks a response against what the OpenAPI document declares for the operation.
function conforms(method, template, r) {
  const op = openapi.paths[template]?.[method.toLowerCase()];
  assert.ok(op, `OpenAPI has no ${method} ${template}`);
  const declared = op.responses[String(r.status)];
  assert.ok(declared, `OpenAPI declares no ${r.status} for ${method} ${template}: ${r.text}`);
  const schema = declared.content?.['application/json']?.schema;
  if (!schema) return r;
  // The schema by its JSON pointer in the document, so references inside it resolve.
  const pointer = ['paths', template, method.toLowerCase(), 'responses', String(r.status), 'content',
    'application/json', 'schema'].map((p) => encodeURIComponent(p.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');
  const validate = ajv.compile({ $ref: `openapi#/${pointer}` });
  assert.ok(validate(r.body), `${method} ${template}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  return r;
}

function pdfText(buffer) {
  const file = join(work, `letter-${crypto.randomUUID()}.pdf`);
  writeFileSync(file, buffer);
  const out = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout;
}

async function obligation(geoid, notice, asOf) {
  const status = await (await fetch(`${base}/api/v1/jurisdictions/${geoid}/status?as_of=${asOf}`)).json();
  for (const c of status.conditions) {
    for (const o of c.obligations) if (o.notice === notice) return { ...o, determination: c.determination };
  }
  return null;
}

test('a whole campaign: notices, letters, certifications on time, late and never, a finding, feeds and webhooks', async () => {
  // The administrator adds a webhook, signed in with a session (cookie + CSRF).
  const admin = await signIn(base, 'admin@example.org');
  assert.match(admin.setCookie, /HttpOnly/);
  assert.match(admin.setCookie, /SameSite=Strict/);
  const webhook = conforms('POST', '/api/v1/webhooks',
    await admin.call('POST', '/api/v1/webhooks', { url: `http://127.0.0.1:${hook.address().port}/hook` }));
  assert.equal(webhook.status, 201);
  const secret = webhook.body.secret;

  // The reviewer's script issues the notice with an API token.
  const reviewer = await tokenFor(base, 'rita@doj.example');
  const issued = conforms('POST', '/api/v1/notices', await reviewer('POST', '/api/v1/notices', {
    program: 'byrne-jag',
    fiscal_year: 2026,
    conditions: ['jag-2018-1373-certification'],
    recipients: ['Chicago, IL', 'Cook County, IL', '1150000'],
    addressees: { 1714000: 'Mayor Brandon Johnson' },
    deadline: '2026-12-01',
    deliverables: ['certification', 'legal opinion'],
    title: 'Certify compliance with 8 U.S.C. § 1373',
    letter: '{jurisdiction} must certify its compliance by {deadline}.',
    signer: 'Rita Reviewer',
    signer_title: 'Director, Bureau of Justice Assistance',
  }));
  assert.equal(issued.status, 201, issued.text);
  const notice = issued.body.id;
  assert.equal(issued.body.letters.length, 3);
  assert.ok(issued.body.receipt.entry.includes('"command":"issue_notice"'));

  // One PDF letter per recipient, naming the addressee, the condition and the deadline.
  for (const letter of issued.body.letters) {
    const res = await fetch(base + letter.url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    assert.ok(text.includes(letter.addressee.split(' ').slice(-1)[0]), `${letter.url}: ${text}`);
    assert.ok(text.includes('FY2018 Section 1373 condition'), text);
    assert.ok(text.includes('December 1, 2026'), text);
  }
  assert.ok(pdfText(Buffer.from(await (await fetch(`${base}/api/v1/notices/${notice}/letters/1714000`)).arrayBuffer()))
    .includes('Mayor Brandon Johnson'));
  assert.equal((await fetch(`${base}/api/v1/notices/${notice}/letters/06037`)).status, 404);
  const detail = await (await fetch(`${base}/api/v1/notices/${notice}`)).json();
  assert.equal(detail.recipients.length, 3);
  const page = await (await fetch(`${base}/notices/${notice}`)).text();
  assert.ok(page.includes(`href="/api/v1/notices/${notice}/letters/1714000"`), 'the notice page links each letter');
  assert.ok(page.includes(`href="/api/v1/log/receipts/${issued.body.log_index}"`), 'and the log entry that recorded it');

  // Chicago answers on time, with a PDF, signed in with a session.
  const chicago = await signIn(base, 'carl@chicago.example');
  const file = conforms('POST', '/api/v1/evidence', await chicago.call('POST', '/api/v1/evidence', pdfWith('Chicago opinion')));
  assert.equal(file.status, 201, file.text);
  assert.equal(file.body.sha256, crypto.createHash('sha256').update(pdfWith('Chicago opinion')).digest('hex'));
  // Over HTTP too: a file over 20 MiB is a 413 naming the file; a GIF is not a PDF, whatever
  // its name; an anonymous client cannot send a large body at all.
  // (curl: the server answers 413 and closes before the client has sent everything, which
  // Node's fetch reports as a failure rather than a response.)
  const bigFile = join(work, 'big.pdf');
  writeFileSync(bigFile, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 << 20, 0x20), Buffer.from('%%EOF\n')]));
  const tooBig = spawnSync('curl', ['-s', '-w', '\n%{http_code}', '--data-binary', `@${bigFile}`,
    '-H', `cookie: ${chicago.cookie}`, '-H', `x-csrf-token: ${chicago.csrf}`, '-H', 'content-type: application/pdf',
    `${base}/api/v1/evidence`], { encoding: 'utf8', timeout: 60_000 });
  const [tooBigBody, tooBigStatus] = tooBig.stdout.trim().split('\n');
  assert.equal(tooBigStatus, '413', tooBig.stdout + tooBig.stderr);
  assert.match(JSON.parse(tooBigBody).error.message, /^file: evidence files are at most 20 MiB/);
  const gif = await chicago.call('POST', '/api/v1/evidence', Buffer.from('GIF89a....'));
  assert.equal(gif.status, 400);
  assert.match(gif.body.error.message, /^file: not a PDF/);
  const anonymous = spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--data-binary', `@${bigFile}`,
    `${base}/api/v1/evidence`], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(anonymous.stdout, '413');
  const onTime = conforms('POST', '/api/v1/certifications', await chicago.call('POST', '/api/v1/certifications', {
    notice, jurisdiction: '1714000', statement: 'Chicago complies with 8 U.S.C. 1373.',
    signer_name: 'Mary Richardson-Lowry', signer_title: 'Corporation Counsel', evidence: [file.body.sha256],
  }));
  assert.equal(onTime.status, 201, onTime.text);
  assert.equal(onTime.body.obligation.state, 'met');
  // The receipt verifies offline with the CLI, against the log's published key.
  const key = await (await fetch(`${base}/api/v1/log/key`)).text();
  const receiptFile = join(work, 'receipt.json');
  writeFileSync(receiptFile, JSON.stringify(onTime.body.receipt));
  const verified = spawnSync(bin, ['verify', receiptFile, '--key-text', key.trim()], { encoding: 'utf8' });
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  // The file is served only as an attachment, and only to signed-in callers.
  const download = await fetch(`${base}/api/v1/evidence/${file.body.sha256}`, { headers: { cookie: chicago.cookie } });
  assert.equal(download.status, 200);
  assert.match(download.headers.get('content-disposition'), /^attachment/);
  assert.equal((await fetch(`${base}/api/v1/evidence/${file.body.sha256}`)).status, 401);
  const cookToken = await tokenFor(base, 'cora@cook.example');
  assert.equal((await cookToken('GET', `/api/v1/evidence/${file.body.sha256}`)).status, 403,
    "another jurisdiction's certifier may not read Chicago's evidence");
  assert.equal((await reviewer('GET', `/api/v1/evidence/${file.body.sha256}`)).status, 200, 'the agency side may');

  // Two days after the deadline, Cook County answers late; D.C. never does.
  world.setClock('2026-12-03T10:00:00Z');
  const cook = cookToken;
  const late = conforms('POST', '/api/v1/certifications', await cook('POST', '/api/v1/certifications', {
    notice, jurisdiction: '17031', statement: 'Cook County complies.', signer_name: 'Cora', signer_title: "State's Attorney",
  }));
  assert.equal(late.status, 201, late.text);
  assert.equal(late.body.obligation.state, 'met_late');
  assert.equal((await obligation('1714000', notice, '2026-12-03')).state, 'met');
  assert.equal((await obligation('17031', notice, '2026-12-03')).state, 'met_late');
  assert.equal((await obligation('1150000', notice, '2026-12-03')).state, 'missed');

  // The reviewer drafts a preliminary finding for D.C., with a window to respond: only the
  // agency side sees the draft until it is released.
  const drafted = conforms('POST', '/api/v1/determinations', await reviewer('POST', '/api/v1/determinations', {
    jurisdiction: '1150000', conditions: ['jag-2018-1373-certification'], outcome: 'preliminary_noncompliance',
    reasons: 'No certification was received by December 1, 2026.', relied_on: [notice],
    response_deadline: '2026-12-17', draft: true,
  }));
  assert.equal(drafted.status, 201, drafted.text);
  const drafts = conforms('GET', '/api/v1/drafts', await reviewer('GET', '/api/v1/drafts'));
  assert.equal(drafts.body.items[0].id, drafted.body.draft);
  assert.equal(drafts.body.items[0].released_as, null);
  const dcToken = await tokenFor(base, 'dana@dc.example');
  assert.equal((await dcToken('GET', '/api/v1/drafts')).status, 403, 'a certifier sees no drafts');
  assert.equal((await obligation('1150000', notice, '2026-12-03')).determination?.notice?.startsWith('gc-') ?? false, false,
    'a draft is not published');
  const finding = conforms('POST', '/api/v1/drafts/{id}/release',
    await reviewer('POST', `/api/v1/drafts/${drafted.body.draft}/release`));
  assert.equal(finding.status, 201, finding.text);
  assert.equal((await reviewer('POST', `/api/v1/drafts/${drafted.body.draft}/release`)).status, 409, 'released once');
  const window = await obligation('1150000', finding.body.id, '2026-12-03');
  assert.equal(window.due, '2026-12-17');
  assert.equal(window.state, 'open');
  assert.equal(window.determination.outcome, 'preliminary_noncompliance');
  // D.C.'s certifier sees the window and answers within it.
  const response = await dcToken('POST', '/api/v1/certifications', {
    notice: finding.body.id, jurisdiction: '1150000', statement: 'We dispute the finding.', signer_name: 'Dana', signer_title: 'Attorney General',
  });
  assert.equal(response.status, 201, response.text);
  assert.equal(response.body.obligation.state, 'met');

  // The calendar holds both deadlines, read by ical.js.
  const { default: ICAL } = await import(pathToFileURL(require.resolve('ical.js')).href);
  const ics = await (await fetch(`${base}/feeds/deadlines.ics?jurisdiction=1150000`)).text();
  const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const starts = events.map((e) => e.startDate.toString());
  assert.ok(starts.includes('2026-12-01'), starts.join());
  assert.ok(starts.includes('2026-12-17'), starts.join());
  assert.ok(events.every((e) => e.component.getAllSubcomponents('valarm').length === 2));

  // The Atom feed, read by feedparser, names the notice and the finding.
  const atom = await (await fetch(`${base}/feeds/events.atom?jurisdiction=1150000`)).text();
  const script = `import feedparser, json, sys
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({"bozo": d.bozo, "links": [e.link for e in d.entries]}))`;
  const parsed = spawnSync('/usr/bin/python3', ['-c', script], { input: atom, encoding: 'utf8', timeout: 30_000 });
  assert.equal(parsed.status, 0, parsed.stderr);
  const feed = JSON.parse(parsed.stdout);
  assert.ok(!feed.bozo, "the feed is well-formed");
  assert.ok(feed.links.some((l) => l.endsWith(`/notices/${notice}`)), feed.links.join('\n'));
  assert.ok(feed.links.some((l) => l.endsWith(`/notices/${finding.body.id}`)), feed.links.join('\n'));

  // Webhooks: every published event arrives, signed, after a retry; the log says delivered.
  const expected = 5;  // the notice, three certifications, the finding
  const deadline = Date.now() + 30_000;
  while (new Set(deliveries.filter((d) => !d.failed).map((d) => d.headers['x-grantcheck-delivery'])).size < expected) {
    assert.ok(Date.now() < deadline, `only ${deliveries.length} deliveries in 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const kinds = new Set();
  for (const d of deliveries) {
    const mac = crypto.createHmac('sha256', secret).update(`${d.headers['x-grantcheck-timestamp']}.${d.body}`).digest('hex');
    assert.equal(d.headers['x-grantcheck-signature'], `sha256=${mac}`);
    const event = JSON.parse(d.body);
    assert.equal(event.id, d.headers['x-grantcheck-delivery'], 'the idempotency key is the event id');
    kinds.add(event.kind);
  }
  assert.deepEqual([...kinds].sort(), ['certification.submitted', 'determination.recorded', 'notice.issued']);
  // The administrator's session ended a month ago (sessions last 12 hours): sign in again.
  assert.equal((await admin.call('GET', '/api/v1/webhooks/deliveries')).status, 401);
  const again = await signIn(base, 'admin@example.org');
  const log = conforms('GET', '/api/v1/webhooks/deliveries', await again.call('GET', '/api/v1/webhooks/deliveries'));
  assert.ok(log.body.items.filter((i) => i.status === 'delivered').length >= expected);
  assert.ok(log.body.items.every((i) => i.attempts >= 2), 'the first attempt of each failed and was retried');

  // The log replays to exactly what the tables hold.
  const audit = cli(world.db, ['log', 'verify']);
  assert.match(audit, /the log and the tables agree/);
});
