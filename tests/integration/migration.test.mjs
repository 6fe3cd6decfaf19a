// Moving a deployment: the bundled data and a campaign (a notice, a certification with an
// evidence file, an account and a webhook) in SQLite, exported, imported into PostgreSQL,
// verified there with the same checkpoint root, served (old receipts still verify, the evidence
// is still there), and moved back; the SQL form loaded with psql; a bad export refused by line
// with nothing stored. Needs the test cluster: runs as e2e_migration_pg.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, cli, newDb, onPostgres, pdfWith, startServer, tokenFor, send } from '../support/server.mjs';

const work = mkdtempSync(join(tmpdir(), 'grantcheck-migration-'));
const servers = [];
after(() => {
  for (const s of servers) s.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

const run = (args, env = {}) => spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
const checkpointRoot = (db) => cli(db, ['log', 'checkpoint']).split('\n').slice(0, 3).join('\n');
const sortedLines = (file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).sort();

test('a deployment moves from SQLite to PostgreSQL and back with its log intact', { skip: !onPostgres && 'needs the PostgreSQL test cluster' }, async () => {
  // One key for every database here, as an operator copies the key with the data.
  const env = { GRANTCHECK_KEY: join(work, 'log.key') };
  process.env.GRANTCHECK_KEY = env.GRANTCHECK_KEY;
  const sqlite = join(work, 'origin.db');
  cli(sqlite, ['load', 'data']);
  cli(sqlite, ['user', 'add', 'rev@doj.example', '--name', 'R', '--role', 'reviewer', '--scope', 'byrne-jag']);
  cli(sqlite, ['user', 'add', 'cert@chicago.example', '--name', 'C', '--role', 'certifier', '--scope', '1714000']);
  const origin = await startServer(sqlite);
  servers.push(origin.server);
  const reviewer = await tokenFor(origin.base, 'rev@doj.example');
  const certifier = await tokenFor(origin.base, 'cert@chicago.example');
  const issued = await reviewer('POST', '/api/v1/notices', {
    program: 'byrne-jag', fiscal_year: 2026, conditions: ['jag-2018-1373-certification'],
    recipients: ['1714000'], deadline_days: 30, title: 'Certify', letter: 'Certify.', signer: 'A',
  });
  assert.equal(issued.status, 201, issued.text);
  const file = await certifier('POST', '/api/v1/evidence', pdfWith('legal opinion'));
  assert.equal(file.status, 201, file.text);
  const answer = await certifier('POST', '/api/v1/certifications', {
    notice: issued.body.id, jurisdiction: '1714000', statement: 'We comply.', signer_name: 'S',
    signer_title: 'T', evidence: [file.body.sha256],
  });
  assert.equal(answer.status, 201, answer.text);
  origin.server.kill('SIGTERM');
  const root = checkpointRoot(sqlite);

  // SQLite -> PostgreSQL.
  const exported = join(work, 'origin.jsonl');
  const ex = run(['export', '--db', sqlite, '--out', exported]);
  assert.equal(ex.status, 0, ex.stderr);
  const pg = newDb(work, 'moved.db');
  assert.equal(run(['migrate', '--db', pg]).status, 0);
  const im = run(['import', exported, '--db', pg], env);
  assert.equal(im.status, 0, im.stderr);
  const audit = run(['log', 'verify', '--db', pg], env);
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
  assert.match(audit.stdout, /the log and the tables agree/);
  assert.equal(checkpointRoot(pg), root, 'the checkpoint root changed in the move');

  // Served from PostgreSQL: the old receipt verifies, the evidence and the account are there,
  // and the log goes on from where it was.
  const moved = await startServer(pg);
  servers.push(moved.server);
  const key = cli(pg, ['log', 'key']).trim();
  const receiptFile = join(work, 'receipt.json');
  writeFileSync(receiptFile, JSON.stringify((await send(moved.base, 'GET', `/api/v1/log/receipts/${answer.body.log_index}`)).body));
  assert.equal(run(['verify', receiptFile, '--key-text', key]).status, 0);
  const reviewerThere = await tokenFor(moved.base, 'rev@doj.example');
  const evidence = await reviewerThere('GET', `/api/v1/evidence/${file.body.sha256}`);
  assert.equal(evidence.status, 200);
  assert.match(evidence.text, /legal opinion/);
  const more = await reviewerThere('POST', '/api/v1/notices', {
    program: 'byrne-jag', fiscal_year: 2026, conditions: ['jag-2018-1373-certification'],
    recipients: ['17031'], deadline_days: 30, title: 'After the move', letter: 'Certify.', signer: 'A',
  });
  assert.equal(more.status, 201, more.text);
  assert.equal(more.body.log_index, answer.body.log_index + 1);
  moved.server.kill('SIGTERM');

  // PostgreSQL -> SQLite: the same rows, and a log that verifies.
  const again = join(work, 'moved.jsonl');
  assert.equal(run(['export', '--db', pg, '--out', again]).status, 0);
  const back = join(work, 'back.db');
  const im2 = run(['import', again, '--db', back], env);
  assert.equal(im2.status, 0, im2.stderr);
  assert.equal(run(['log', 'verify', '--db', back], env).status, 0);
  const roundTrip = join(work, 'back.jsonl');
  assert.equal(run(['export', '--db', back, '--out', roundTrip]).status, 0);
  assert.deepEqual(sortedLines(roundTrip), sortedLines(again));

  // The SQL form, loaded with psql into tables grantcheck migrate made.
  const sqlFile = join(work, 'origin.sql');
  assert.equal(run(['export', '--db', sqlite, '--format', 'sql', '--out', sqlFile]).status, 0);
  const viaSql = newDb(work, 'via-sql.db');
  assert.equal(run(['migrate', '--db', viaSql]).status, 0);
  const psql = spawnSync('psql', [viaSql, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', sqlFile], { encoding: 'utf8' });
  assert.equal(psql.status, 0, psql.stderr);
  assert.equal(run(['log', 'verify', '--db', viaSql], env).status, 0);
  assert.equal(checkpointRoot(viaSql), root);

  // Refused: a line that is not a row, and an import into a database that holds records. The
  // target stays as it was.
  const bad = join(work, 'bad.jsonl');
  writeFileSync(bad, readFileSync(exported, 'utf8').split('\n').slice(0, 3).join('\n') + '\n{"table":"nonsense","row":{}}\n');
  const empty = newDb(work, 'empty.db');
  const refused = run(['import', bad, '--db', empty], env);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /bad\.jsonl:4: row 4: table: 'nonsense' is not a table grantcheck copies/);
  assert.match(run(['migrate', '--db', empty]).stdout, /journal at #0/);
  assert.equal(spawnSync('psql', [empty, '-X', '-At', '-c', 'SELECT count(*) FROM source'], { encoding: 'utf8' }).stdout.trim(), '0');
  const twice = run(['import', exported, '--db', pg], env);
  assert.equal(twice.status, 2);
  assert.match(twice.stderr, /holds records or accounts already/);
});
