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

import { bin, startServer } from '../support/server.mjs';
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
    const db = join(work, 'crash.db');
    assert.equal(runToEnd(['load', 'data', '--db', db]).status, 0);
    const acknowledged = [];
    let killed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const dir = join(work, `round-${round}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'awards.csv'),
        'id,program,fiscal_year,jurisdiction,amount,kind,sources\n' +
        `crash-${round},byrne-jag,2017,1714000,${round + 1},direct,bjs-jag-2016\n`);
      const receipt = join(work, `receipt-${round}.json`);
      const delay = Math.floor(Math.random() * 250);
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
