// Several `grantcheck serve` processes over one database, as behind a load balancer: what one
// process commits, the other serves; commands sent to both at once make one log whose receipts
// all verify against one later checkpoint; a process killed under load loses nothing it
// acknowledged. On PostgreSQL also: a database restarted under load is used again without
// restarting grantcheck (503 while it is away, nothing half-applied), and an unreachable
// database at start-up is a clear error. Bounded in count and time; loopback only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, bin, cli, newDb, onPostgres, startServer, tokenFor, send } from '../support/server.mjs';

const work = mkdtempSync(join(tmpdir(), 'grantcheck-processes-'));
const servers = [];
after(() => {
  for (const s of servers) s.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

// SQLite has no notifications: its followers check every 100 ms here.
const follow = ['--follow-ms', '100'];

async function serve(db) {
  const s = await startServer(db, follow);
  servers.push(s.server);
  return s;
}

async function until(what, check, ms = 15_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function world(name) {
  const db = newDb(work, `${name}.db`);
  cli(db, ['load', 'data']);
  cli(db, ['user', 'add', 'rev@doj.example', '--name', 'R', '--role', 'reviewer', '--scope', 'byrne-jag']);
  cli(db, ['user', 'add', 'cert@chicago.example', '--name', 'C', '--role', 'certifier', '--scope', '1714000']);
  cli(db, ['user', 'add', 'cora@cook.example', '--name', 'K', '--role', 'certifier', '--scope', '17031']);
  return db;
}

const notice = {
  program: 'byrne-jag', fiscal_year: 2026, conditions: ['jag-2018-1373-certification'],
  recipients: ['1714000', '17031'], deadline_days: 60, title: 'Certify', letter: 'Certify.', signer: 'A',
};
const certify = (noticeId, jurisdiction, statement) => ({
  notice: noticeId, jurisdiction, statement, signer_name: 'S', signer_title: 'T',
});

test('what one process commits, another serves; the writer reads its own write at once', async () => {
  const db = world('visible');
  const a = await serve(db);
  const b = await serve(db);
  const reviewerA = await tokenFor(a.base, 'rev@doj.example');
  const certB = await tokenFor(b.base, 'cert@chicago.example');  // tokens live in the database

  const issued = await reviewerA('POST', '/api/v1/notices', notice);
  assert.equal(issued.status, 201, issued.text);
  // The writer's own process shows it on the next request.
  assert.equal((await send(a.base, 'GET', `/api/v1/notices/${issued.body.id}`)).status, 200);
  // The other process shows it once its snapshot follows.
  const started = Date.now();
  await until('the notice on the other process', async () =>
    (await send(b.base, 'GET', `/api/v1/notices/${issued.body.id}`)).status === 200);
  const lag = Date.now() - started;

  // The certifier answers through B; B's status says met at once, A's once it follows.
  const answer = await certB('POST', '/api/v1/certifications', certify(issued.body.id, '1714000', 'We comply.'));
  assert.equal(answer.status, 201, answer.text);
  const obligation = async (base) => {
    const s = (await send(base, 'GET', '/api/v1/jurisdictions/1714000/status')).body;
    return s.conditions.flatMap((c) => c.obligations).find((o) => o.notice === issued.body.id)?.state;
  };
  assert.equal(await obligation(b.base), 'met');
  await until('the certification on the first process', async () => (await obligation(a.base)) === 'met');
  // Full-text search reads the database: either process finds the new notice.
  for (const base of [a.base, b.base]) {
    const hits = (await send(base, 'GET', '/api/v1/search?q=Certify&kind=notice')).body;
    assert.ok(JSON.stringify(hits).includes(issued.body.id), `search on ${base} misses the notice`);
  }
  console.log(`# ${onPostgres ? 'PostgreSQL' : 'SQLite'}: another process served the notice after ${lag} ms`);
});

test('commands sent to two processes at once make one log; every receipt verifies against one later checkpoint', async () => {
  const db = world('concurrent');
  const a = await serve(db);
  const b = await serve(db);
  const reviewer = await tokenFor(a.base, 'rev@doj.example');
  const issued = await reviewer('POST', '/api/v1/notices', notice);
  assert.equal(issued.status, 201, issued.text);
  await until('the notice on B', async () => (await send(b.base, 'GET', `/api/v1/notices/${issued.body.id}`)).status === 200);
  const chicagoA = await tokenFor(a.base, 'cert@chicago.example');
  const cookB = await tokenFor(b.base, 'cora@cook.example');

  // Two clients, one per process, 4 requests in flight each, 30 commands each.
  const acks = [];
  const client = async (call, jurisdiction, tag) => {
    const lanes = Array.from({ length: 4 }, async (_, lane) => {
      for (let i = lane; i < 30; i += 4) {
        const r = await call('POST', '/api/v1/certifications', certify(issued.body.id, jurisdiction, `${tag} #${i}`));
        assert.equal(r.status, 201, r.text);
        acks.push({ ...r.body, via: tag });
      }
    });
    await Promise.all(lanes);
  };
  await Promise.all([client(chicagoA, '1714000', 'A'), client(cookB, '17031', 'B')]);
  assert.equal(acks.length, 60);

  // One order: every acknowledged index once, and the log holds nothing else since the notice.
  const indices = acks.map((x) => x.log_index).sort((x, y) => x - y);
  assert.equal(new Set(indices).size, 60, 'two commands were given the same log index');
  const checkpoint = (await send(a.base, 'GET', '/api/v1/log/checkpoint')).text;
  const size = Number(checkpoint.split('\n')[1]);
  assert.equal(indices[59], size - 1);
  assert.equal(indices[0], size - 60);

  // Every command's receipt, fetched again from the other process, is against that one
  // checkpoint, holds the acknowledged leaf, and verifies offline.
  const key = cli(db, ['log', 'key']).trim();
  for (const [i, ack] of acks.entries()) {
    const other = ack.via === 'A' ? b.base : a.base;
    const fresh = await (await fetch(`${other}/api/v1/log/receipts/${ack.log_index}`)).json();
    assert.equal(fresh.checkpoint, checkpoint, 'the processes serve different checkpoints');
    assert.equal(fresh.leaf_hash, ack.receipt.leaf_hash, `entry ${ack.log_index} is not what ${ack.via} acknowledged`);
    if (i % 6 === 0) {  // each is a process start
      const file = join(work, `receipt-${i}.json`);
      writeFileSync(file, JSON.stringify(fresh));
      const v = spawnSync(bin, ['verify', file, '--key-text', key], { encoding: 'utf8' });
      assert.equal(v.status, 0, v.stdout + v.stderr);
    }
  }
  const audit = spawnSync(bin, ['log', 'verify', '--db', db], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
});

test('a process killed under load loses nothing it acknowledged; the other keeps serving', async () => {
  const db = world('killed');
  const a = await serve(db);
  const b = await serve(db);
  const reviewer = await tokenFor(b.base, 'rev@doj.example');
  const issued = await reviewer('POST', '/api/v1/notices', notice);
  assert.equal(issued.status, 201, issued.text);
  await until('the notice on A', async () => (await send(a.base, 'GET', `/api/v1/notices/${issued.body.id}`)).status === 200);
  const token = (await tokenFor(a.base, 'cert@chicago.example')).token;
  const acked = [];
  let cut = 0;
  const killer = setTimeout(() => a.server.kill('SIGKILL'), 400);
  for (let i = 0; i < 5000; i++) {
    try {
      const r = await send(a.base, 'POST', '/api/v1/certifications', certify(issued.body.id, '1714000', `#${i}`),
        { authorization: `Bearer ${token}` });
      assert.equal(r.status, 201, r.text);
      acked.push(r.body);
    } catch (e) {
      if (e.code === 'ERR_ASSERTION') throw e;
      cut++;
      break;
    }
  }
  clearTimeout(killer);
  assert.equal(cut, 1, 'the process was not killed within 5000 commands');
  assert.ok(acked.length > 0);
  // B serves everything A acknowledged.
  await until('A\'s last command on B', async () =>
    (await send(b.base, 'GET', `/api/v1/log/receipts/${acked.at(-1).log_index}`)).status === 200);
  for (const ack of acked) {
    const fresh = await (await fetch(`${b.base}/api/v1/log/receipts/${ack.log_index}`)).json();
    assert.equal(fresh.leaf_hash, ack.receipt.leaf_hash, `${ack.id} was acknowledged but is lost`);
  }
  // And B still takes commands.
  const more = await reviewer('POST', '/api/v1/notices', { ...notice, title: 'After the crash' });
  assert.equal(more.status, 201, more.text);
  const audit = spawnSync(bin, ['log', 'verify', '--db', db], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
  console.log(`# killed under load: ${acked.length} acknowledged, all present on the other process`);
});

test('an unreachable database at start-up is a clear error and a non-zero exit', { skip: !onPostgres }, () => {
  const r = spawnSync(bin, ['serve', '--db', 'postgresql://gc:hunter2@127.0.0.1:1/grantcheck', '--listen', '127.0.0.1:0'],
    { encoding: 'utf8', timeout: 30_000, env: { ...process.env, GRANTCHECK_KEY: join(work, 'unused.key') } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot connect to postgresql:\/\/gc@127\.0\.0\.1:1\/grantcheck/);
  assert.match(r.stderr, /check that the server runs/);
  assert.doesNotMatch(r.stderr + r.stdout, /hunter2/);
  const noKey = spawnSync(bin, ['log', 'verify', '--db', 'postgresql://gc@127.0.0.1:1/grantcheck'],
    { encoding: 'utf8', timeout: 30_000, env: { ...process.env, GRANTCHECK_KEY: '' } });
  assert.notEqual(noKey.status, 0);
});

// Its own cluster: restarting the shared one would cut the other tests off.
test('a database restarted under load is used again without restarting grantcheck', { skip: !onPostgres }, async () => {
  const script = join(root, 'scripts/pg-test-cluster.sh');
  const state = join(work, 'own-cluster');
  const run = (...args) => {
    const r = spawnSync(script, args, { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  };
  run('start', state);
  try {
    const server = readFileSync(join(state, 'dsn'), 'utf8').trim();
    const created = spawnSync('psql', [server, '-X', '-q', '-c', 'CREATE DATABASE restarted'], { encoding: 'utf8' });
    assert.equal(created.status, 0, created.stderr);
    const db = server.replace(/\/postgres$/, '/restarted');
    cli(db, ['load', 'data']);
    cli(db, ['user', 'add', 'rev@doj.example', '--name', 'R', '--role', 'reviewer', '--scope', 'byrne-jag']);
    const a = await serve(db);
    const reviewer = await tokenFor(a.base, 'rev@doj.example');
    const statuses = new Map();
    const acked = [];
    let stop = false;
    const load = (async () => {
      for (let i = 0; i < 20_000 && !stop; i++) {
        const r = await reviewer('POST', '/api/v1/notices', { ...notice, title: `Under load #${i}` });
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 201) acked.push(r.body);
        else {
          assert.equal(r.status, 503, r.text);
          assert.equal(r.body.error.code, 'unavailable');
          await new Promise((res) => setTimeout(res, 20));
        }
      }
    })();
    await until('some commands before the restart', async () => acked.length >= 5);
    run('restart', state);
    const before = acked.length;
    await until('commands after the restart', async () => acked.length >= before + 5, 30_000);
    stop = true;
    await load;
    assert.ok(statuses.get(201) >= 10);
    // Reads never needed the database: the snapshot served them throughout.
    assert.equal((await send(a.base, 'GET', '/api/v1/jurisdictions/1714000')).status, 200);
    // Nothing half-applied: every acknowledged notice is in the log, and the log and the
    // tables agree.
    const audit = spawnSync(bin, ['log', 'verify', '--db', db], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(audit.status, 0, audit.stdout + audit.stderr);
    for (const ack of acked) {
      assert.equal((await send(a.base, 'GET', `/api/v1/notices/${ack.id}`)).status, 200, `${ack.id} lost`);
    }
    console.log(`# restart under load: ${JSON.stringify(Object.fromEntries(statuses))}`);
  } finally {
    run('stop', state);
  }
});
