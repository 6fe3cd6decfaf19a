// Test helpers shared by the Node tests: the grantcheck binary and a server on a free port.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = process.env.GRANTCHECK_SOURCE_DIR ?? process.cwd();
export const bin = process.env.GRANTCHECK_BIN ?? join(root, 'build/grantcheck');

// The backend: SQLite files, or (GRANTCHECK_TEST_PG_DSN_FILE, set by CTest for the *_pg tests)
// databases in the throwaway PostgreSQL cluster of the `pg` fixture. With PostgreSQL every
// grantcheck process this file starts signs with one key file (GRANTCHECK_KEY).
export const onPostgres = Boolean(process.env.GRANTCHECK_TEST_PG_DSN_FILE);
const pgServer = onPostgres ? readFileSync(process.env.GRANTCHECK_TEST_PG_DSN_FILE, 'utf8').trim() : null;
if (onPostgres && !process.env.GRANTCHECK_KEY) {
  process.env.GRANTCHECK_KEY = join(mkdtempSync(join(tmpdir(), 'grantcheck-key-')), 'log.key');
}
let databases = 0;

// A new, empty database named after `name`: a SQLite file in `dir`, or a new database in the
// test cluster (its postgresql:// URL). Either is what --db takes.
export function newDb(dir, name) {
  if (!onPostgres) return join(dir, name);
  const db = `gct_${name.replace(/\W/g, '_')}_${process.pid}_${databases++}`;
  psql(pgServer, `CREATE DATABASE ${db}`);
  return pgServer.replace(/\/postgres$/, `/${db}`);
}

function psql(dsn, statement) {
  const r = spawnSync('psql', [dsn, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`psql ${statement}: ${r.stderr}`);
  return r.stdout;
}

// Runs SQL behind grantcheck's back (as a tampering operator would): the sqlite3 shell or psql.
// `statement` is one string for both, or { sqlite, postgres } where they differ. Returns what
// it prints.
export function sqlOn(db, statement) {
  const text = typeof statement === 'string' ? statement : statement[onPostgres ? 'postgres' : 'sqlite'];
  if (onPostgres) return psql(db, text);
  const r = spawnSync('sqlite3', [db, text], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 ${text}: ${r.stderr}`);
  return r.stdout;
}

// Starts `grantcheck serve` on 127.0.0.1:0 over `db` (with `extra` arguments) and resolves to
// { base, server } once it prints its address; rejects after 20 s or when it exits first.
export function startServer(db, extra = []) {
  const server = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--no-access-log', ...extra], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 20 s')), 20_000);
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1], server });
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

// A campaign's world for end-to-end tests: a loaded database, accounts made with the CLI (as an
// operator would), a server reading its time from a clock file the test moves, and helpers that
// speak the API as scripts and browsers do.
export const PASSWORD = 'correct horse battery staple';

export function cli(db, args, env = {}) {
  const r = spawnSync(bin, ['--db', db, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, GRANTCHECK_PASSWORD: PASSWORD, ...env },
  });
  if (r.status !== 0) throw new Error(`grantcheck ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

export async function startCampaign(work, users) {
  const db = newDb(work, 'campaign.db');
  const clock = join(work, 'clock');
  cli(db, ['load', 'data']);
  for (const [email, role, scope] of users) {
    cli(db, ['user', 'add', email, '--name', email.split('@')[0], '--role', role,
      ...(scope ?? []).flatMap((s) => ['--scope', s])]);
  }
  const setClock = (t) => writeFileSync(clock, `${t}\n`);
  setClock('2026-11-02T12:00:00Z');
  const { base, server } = await startServer(db, ['--clock-file', clock]);
  return { db, base, server, setClock };
}

// Signs in with a session; returns { cookie, csrf, call } where call(method, path, body,
// { csrf: false }) sends JSON (or a Buffer as-is) with the cookie and, unless told not to, the
// CSRF header.
export async function signIn(base, email) {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 201) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { csrf } = await res.json();
  const call = (method, path, body, opts = {}) => send(base, method, path, body, {
    cookie, ...(opts.csrf === false ? {} : { 'x-csrf-token': csrf }),
  });
  return { cookie, csrf, call, setCookie: res.headers.get('set-cookie') };
}

// An API token for `email` (made through a session, as a person would for a script).
export async function tokenFor(base, email, days = 90) {
  const s = await signIn(base, email);
  const r = await s.call('POST', '/api/v1/tokens', { name: `test ${email}`, days });
  if (r.status !== 201) throw new Error(`token for ${email}: ${r.status} ${JSON.stringify(r.body)}`);
  const token = r.body.token;
  const call = (method, path, body) => send(base, method, path, body, { authorization: `Bearer ${token}` });
  call.token = token;
  return call;
}

export async function send(base, method, path, body, headers = {}) {
  const h = { ...headers };
  let payload;
  if (Buffer.isBuffer(body)) {
    payload = body;
    h['content-type'] ??= 'application/pdf';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, body: json, text, headers: res.headers };
}

// A small valid PDF with `note` in it (distinct notes give distinct files).
export function pdfWith(note) {
  return Buffer.from(`%PDF-1.4\n% ${note}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
}
