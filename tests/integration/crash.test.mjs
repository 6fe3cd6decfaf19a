// Crash test: commands are killed with SIGKILL at random moments, 50 rounds. Afterwards every
// command whose receipt was acknowledged (the process finished and wrote it) is present, its
// receipt verifies, the log only grew from every checkpoint a receipt carried (consistency
// proofs checked here with Node's own SHA-256), and `grantcheck log verify` passes: no command
// was half-applied. Bounded: 50 rounds, each killed within 250 ms or finished.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import crypto from 'node:crypto';

import { bin, cli, newDb, startServer, tokenFor, send } from '../support/server.mjs';
const ROUNDS = 50;

const sha256 = (...parts) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r);

// RFC 9162 2.1.4.2, independently of grantcheck's code.
function verifyConsistency(first, second, firstRoot, secondRoot, proof) {
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (proof.length === 0) return false;
  const path = [...proof];
  if ((first & (first - 1)) === 0) path.unshift(firstRoot);
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) { fn >>= 1; sn >>= 1; }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn >>= 1; sn >>= 1; }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

const checkpointOf = (note) => {
  const [, size, rootB64] = note.slice(0, note.lastIndexOf('\n\n')).split('\n');
  return { size: Number(size), root: Buffer.from(rootB64, 'base64') };
};

function runToEnd(args) {
  return spawnSync(bin, args, { encoding: 'utf8', timeout: 60_000 });
}

function killedRun(args, delayMs) {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

test(`${ROUNDS} commands killed at random moments lose nothing acknowledged and apply nothing by half`, async () => {
  const work = mkdtempSync(join(tmpdir(), 'grantcheck-crash-'));
  try {
    const db = newDb(work, 'crash.db');
    assert.equal(runToEnd(['load', 'data', '--db', db]).status, 0);
    const acknowledged = [];
    let killed = 0;
    const awardsDir = (round) => {
      const dir = join(work, `round-${round}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'awards.csv'),
        'id,program,fiscal_year,jurisdiction,amount,kind,sources\n' +
        `crash-${round},byrne-jag,2017,1714000,${Number.isInteger(round) ? round + 1 : 1},direct,bjs-jag-2016\n`);
      return dir;
    };
    // The kill window follows this machine's speed: up to 1.5 times one whole command, timed
    // here, so that some commands finish and some are cut off wherever they stand.
    const started = Date.now();
    assert.equal(runToEnd(['load', awardsDir('timed'), '--db', db]).status, 0);
    const window = Math.max(50, 1.5 * (Date.now() - started));
    for (let round = 0; round < ROUNDS; round++) {
      const dir = awardsDir(round);
      const receipt = join(work, `receipt-${round}.json`);
      const delay = Math.floor(Math.random() * window);
      const { code, signal } = await killedRun(['load', dir, '--db', db, '--receipt', receipt], delay);
      if (code === 0 && existsSync(receipt)) {
        acknowledged.push({ round, receipt });
      } else {
        assert.equal(signal, 'SIGKILL', `round ${round} failed without being killed (exit ${code})`);
        killed++;
      }
    }
    // Both outcomes happened, or the test would prove little.
    assert.ok(killed > 0, 'no command was killed: raise the delay range');
    assert.ok(acknowledged.length > 0, 'no command finished: lower the delay range');

    const audit = runToEnd(['log', 'verify', '--db', db]);
    assert.equal(audit.status, 0, audit.stdout + audit.stderr);

    const chicago = JSON.parse(runToEnd(['show', '1714000', '--json', '--db', db]).stdout);
    const present = new Set(chicago.awards.map((a) => a.id));
    for (const { round } of acknowledged) assert.ok(present.has(`crash-${round}`), `round ${round} was acknowledged but is lost`);

    const key = runToEnd(['log', 'key', '--db', db]).stdout.trim();
    const latest = checkpointOf(runToEnd(['log', 'checkpoint', '--db', db]).stdout);
    const { base, server } = await startServer(db);
    try {
      for (const { round, receipt } of acknowledged) {
        const v = runToEnd(['verify', receipt, '--key-text', key]);
        assert.equal(v.status, 0, `receipt of round ${round}: ${v.stdout}`);
        const acknowledgedReceipt = JSON.parse(readFileSync(receipt, 'utf8'));
        const seen = checkpointOf(acknowledgedReceipt.checkpoint);
        // The entry is in the new tree too: its receipt against the latest checkpoint verifies.
        const fresh = await (await fetch(`${base}/api/v1/log/receipts/${acknowledgedReceipt.index}`)).json();
        assert.equal(fresh.leaf_hash, acknowledgedReceipt.leaf_hash);
        assert.equal(checkpointOf(fresh.checkpoint).size, latest.size);
        const freshPath = join(work, `fresh-${round}.json`);
        writeFileSync(freshPath, JSON.stringify(fresh));
        const fv = runToEnd(['verify', freshPath, '--key-text', key]);
        assert.equal(fv.status, 0, `round ${round} against the new checkpoint: ${fv.stdout}`);
        const res = await fetch(`${base}/api/v1/log/proof/consistency?first=${seen.size}&second=${latest.size}`);
        const proof = (await res.json()).consistency_proof.map((p) => Buffer.from(p, 'base64'));
        assert.ok(verifyConsistency(seen.size, latest.size, seen.root, latest.root, proof),
          `the log did not only grow from size ${seen.size} to ${latest.size}`);
      }
    } finally {
      server.kill('SIGTERM');
    }
    console.log(`# crash test: ${acknowledged.length} acknowledged, ${killed} killed, log size ${latest.size}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

// The server killed while a client sends commands over HTTP: every certification the client
// got a receipt for survives the crash, its receipt verifies, the log only grew from every
// checkpoint the client saw, and `grantcheck log verify` passes. Bounded: 50 rounds, each
// killed 100-600 ms after the server is up.
test(`a server killed ${ROUNDS} times while a client sends certifications loses nothing acknowledged`, async () => {
  const work = mkdtempSync(join(tmpdir(), 'grantcheck-crash-server-'));
  let server;
  try {
    const db = newDb(work, 'server.db');
    cli(db, ['load', 'data']);
    cli(db, ['user', 'add', 'rev@doj.example', '--name', 'R', '--role', 'reviewer', '--scope', 'byrne-jag']);
    cli(db, ['user', 'add', 'cert@chicago.example', '--name', 'C', '--role', 'certifier', '--scope', '1714000']);
    let base;
    ({ base, server } = await startServer(db));
    const reviewer = await tokenFor(base, 'rev@doj.example', 366);
    const certifier = (await tokenFor(base, 'cert@chicago.example', 366)).token;
    const issued = await reviewer('POST', '/api/v1/notices', {
      program: 'byrne-jag', fiscal_year: 2026, conditions: ['jag-2018-1373-certification'],
      recipients: ['1714000'], deadline_days: 60, title: 'Certify', letter: 'Certify.', signer: 'A',
    });
    assert.equal(issued.status, 201, issued.text);
    server.kill('SIGKILL');
    const acknowledged = [];
    let refusedConnections = 0;
    for (let round = 0; round < ROUNDS; round++) {
      ({ base, server } = await startServer(db));
      const exited = new Promise((resolve) => server.on('exit', resolve));
      const timer = setTimeout(() => server.kill('SIGKILL'), 100 + Math.floor(Math.random() * 500));
      let alive = true;
      exited.then(() => { alive = false; });
      let n = 0;
      while (alive) {
        try {
          const r = await send(base, 'POST', '/api/v1/certifications', {
            notice: issued.body.id, jurisdiction: '1714000', statement: `round ${round} #${n++}`,
            signer_name: 'S', signer_title: 'T',
          }, { authorization: `Bearer ${certifier}` });
          assert.equal(r.status, 201, r.text);
          acknowledged.push(r.body);
        } catch (e) {
          if (e.code === 'ERR_ASSERTION') throw e;
          refusedConnections++;  // the server died mid-request: not acknowledged
          break;
        }
      }
      clearTimeout(timer);
      await exited;
    }
    assert.ok(acknowledged.length > ROUNDS, `only ${acknowledged.length} commands acknowledged`);

    const audit = spawnSync(bin, ['log', 'verify', '--db', db], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(audit.status, 0, audit.stdout + audit.stderr);
    const key = cli(db, ['log', 'key']).trim();
    const latest = checkpointOf(cli(db, ['log', 'checkpoint']));
    ({ base, server } = await startServer(db));
    const seenSizes = new Map();
    for (const [i, ack] of acknowledged.entries()) {
      // Present: the log entry at its index is the one acknowledged, and names its record.
      const fresh = await (await fetch(`${base}/api/v1/log/receipts/${ack.log_index}`)).json();
      assert.equal(fresh.leaf_hash, ack.receipt.leaf_hash, `certification ${ack.id} was acknowledged but is lost`);
      assert.ok(fresh.entry.includes(`"id":"${ack.id}"`));
      // Its own receipt, and one against the new checkpoint, verify offline (a sample of the
      // latter: each is a process start).
      if (i % 10 === 0) {
        for (const [name, receipt] of [['acknowledged', ack.receipt], ['fresh', fresh]]) {
          const file = join(work, `${name}-${i}.json`);
          writeFileSync(file, JSON.stringify(receipt));
          const v = spawnSync(bin, ['verify', file, '--key-text', key], { encoding: 'utf8' });
          assert.equal(v.status, 0, `${name} receipt of ${ack.id}: ${v.stdout}`);
        }
      }
      const seen = checkpointOf(ack.receipt.checkpoint);
      seenSizes.set(seen.size, seen.root);
    }
    // The log only grew from every checkpoint the client saw.
    for (const [size, root] of seenSizes) {
      const res = await fetch(`${base}/api/v1/log/proof/consistency?first=${size}&second=${latest.size}`);
      const proof = (await res.json()).consistency_proof.map((p) => Buffer.from(p, 'base64'));
      assert.ok(verifyConsistency(size, latest.size, root, latest.root, proof),
        `the log did not only grow from size ${size} to ${latest.size}`);
    }
    console.log(`# server crash test: ${acknowledged.length} acknowledged, ${refusedConnections} cut off, ` +
      `${seenSizes.size} checkpoints checked, log size ${latest.size}`);
  } finally {
    server?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
});
