// The server half at team scale, for real: a throwaway PostgreSQL cluster (Debian's postgresql,
// `log_statement=all`), three `patmint serve --store postgres://…` instances behind nginx (the
// shipped docs/nginx-git.conf, its upstream given all three) in front of git http-backend.
// Tokens are minted into the store and used by `git clone`/`git push`; `patmint revoke` must be
// refused by every instance within a second; with PostgreSQL stopped the instances serve their
// last good records for --max-staleness, then refuse everything (and /healthz says so); a
// revocation made while they cannot reach the store applies once they can; lastUsedAt is
// written. No log — the three verifiers', nginx's, PostgreSQL's own statement log — and no git
// output may hold any 12 characters of any token.
//
// Run by `./build.sh test server` (once: it does not depend on a browser). Needs root (initdb
// runs as the `postgres` user through runuser) and build.sh's setup (nginx, fcgiwrap, git,
// postgresql).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile, rm, chmod, chown } from 'node:fs/promises';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitClient } from '../e2e/git-client.mjs';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const FCGIWRAP = process.env.FCGIWRAP ?? '/usr/sbin/fcgiwrap';
const HTTP_BACKEND = process.env.GIT_HTTP_BACKEND ?? '/usr/lib/git-core/git-http-backend';
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const PATMINT = join(ROOT, 'target', 'debug', 'patmint');
/** Seconds an instance serves its last good records without the store (short, for the test). */
const MAX_STALENESS = 4;
/** A database password in the store URL (the cluster trusts, so it is never checked): no log may show it. */
const DB_PASSWORD = 'Db-Passw0rd-e2e';

let dir;
let pgdir;
let pgport;
let ports;
let store; // postgres://… over TCP (what the instances use)
const instances = [];
const children = [];
const tokens = [];
const outputs = [];

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

/** Every 12-character window of `secret` (but the public prefix): is one in `haystack`? */
function leaks(haystack, secret) {
  assert.ok(secret.length >= 20, 'not a token');
  for (let i = 0; i + 12 <= secret.length; i++) {
    const w = secret.slice(i, i + 12);
    if (/^[a-z_]+$/.test(w)) continue;
    if (haystack.includes(w)) return true;
  }
  return false;
}

function start(name, cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...opts });
  const chunks = [];
  child.stdout.on('data', (d) => chunks.push(d));
  child.stderr.on('data', (d) => chunks.push(d));
  child.output = () => Buffer.concat(chunks).toString();
  child.label = name;
  children.push(child);
  return child;
}

async function waitFor(what, probe, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await probe().catch(() => false)) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function pg(...args) {
  execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, args[0]), ...args.slice(1)], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Starts the cluster; `tcp: false` listens on its socket only (the instances cannot reach it). */
function pgStart({ tcp = true } = {}) {
  const listen = tcp ? '127.0.0.1' : "''";
  pg('pg_ctl', '-D', pgdir, '-l', join(pgdir, 'server.log'), '-w', 'start', '-o',
    `-p ${pgport} -k ${pgdir} -c listen_addresses=${listen} -c log_statement=all -c log_min_error_statement=info`);
}

const pgStop = () => pg('pg_ctl', '-D', pgdir, '-m', 'fast', '-w', 'stop');

/** `patmint ARGS` against `url` (PATMINT_STORE: never in argv) with `input` on stdin. */
function patmint(args, { input = '', url = store } = {}) {
  const r = spawnSync(PATMINT, args, { input, encoding: 'utf8', env: { ...process.env, PATMINT_STORE: url } });
  outputs.push(r.stderr);
  if (r.status !== 0) throw new Error(`patmint ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}

function mint(name) {
  const token = patmint(['mint', '--name', name, '--scope', 'repo']);
  tokens.push(token);
  return token;
}

/** git with the token only through GIT_ASKPASS (git-client.mjs); set before the tests. */
let git;

const repoUrl = () => `http://127.0.0.1:${ports.nginx}/acme/widgets.git`;
let clones = 0;
function clone(token) {
  const target = join(dir, `clone-${++clones}`);
  return { ...git(['clone', '--quiet', repoUrl(), target], { token }), target };
}

/** The status an instance answers for `token` (a clone's requirement, asked directly). */
async function status(port, token) {
  const auth = Buffer.from(`git:${token}`).toString('base64');
  const r = await fetch(`http://127.0.0.1:${port}/auth?scope=repo`, { headers: { authorization: `Basic ${auth}` } });
  return r.status;
}

const health = async (port) => (await fetch(`http://127.0.0.1:${port}/healthz`)).status;

/** Milliseconds until every instance refuses `token` (at most `ms`, else Infinity each). */
async function refusedWithin(token, since, ms = 3000) {
  return Promise.all(
    instances.map(async (port) => {
      while (Date.now() - since < ms) {
        if ((await status(port, token)) === 401) return Date.now() - since;
        await sleep(5);
      }
      return Infinity;
    }),
  );
}

before(async () => {
  assert.equal(userInfo().uid, 0, 'this test runs PostgreSQL as the postgres user: run it as root (./build.sh test server)');
  for (const bin of [NGINX, FCGIWRAP, HTTP_BACKEND, join(PG_BIN, 'initdb')]) {
    assert.ok(existsSync(bin), `${bin} is missing: run ./build.sh test server (it installs nginx, fcgiwrap, git, postgresql)`);
  }
  execFileSync('cargo', ['build', '--quiet', '--bin', 'patmint'], { cwd: ROOT, stdio: 'inherit' });
  dir = await mkdtemp(join(tmpdir(), 'patmint-store-'));
  pgdir = await mkdtemp(join(tmpdir(), 'patmint-pg-'));
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  await chown(pgdir, uid, gid);
  await chmod(pgdir, 0o700);
  pgport = await freePort();
  pg('initdb', '-D', pgdir, '-A', 'trust', '-U', 'postgres', '--no-sync');
  pgStart();
  store = `postgres://postgres:${DB_PASSWORD}@127.0.0.1:${pgport}/postgres`;
  patmint(['store', 'migrate']);

  ports = { nginx: await freePort() };
  for (let i = 0; i < 3; i++) instances.push(await freePort());
  await mkdir(join(dir, 'home'));
  await mkdir(join(dir, 'nginx'));
  git = await gitClient(dir, outputs);
  const bare = join(dir, 'repos', 'acme', 'widgets.git');
  await mkdir(bare, { recursive: true });
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  execFileSync('git', ['-C', bare, 'config', 'http.receivepack', 'true']);
  const seed = join(dir, 'seed');
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', seed]);
  writeFileSync(join(seed, 'README'), 'widgets\n');
  execFileSync('git', ['-C', seed, 'add', '.']);
  execFileSync('git', ['-C', seed, '-c', 'user.name=seed', '-c', 'user.email=seed@example.invalid', 'commit', '--quiet', '-m', 'seed']);
  execFileSync('git', ['-C', seed, 'push', '--quiet', bare, 'main']);

  for (const [i, port] of instances.entries()) {
    start(`patmint-${i}`, PATMINT, ['serve', '--listen', `127.0.0.1:${port}`, '--max-staleness', String(MAX_STALENESS), '--instance-id', `verifier-${i}`], {
      env: { ...process.env, PATMINT_STORE: store },
    });
  }
  const socket = join(dir, 'fcgiwrap.sock');
  start('fcgiwrap', FCGIWRAP, ['-c', '4', '-s', `unix:${socket}`]);
  // The shipped configuration; its upstream gets one `server` per instance.
  const site = (await readFile(join(ROOT, 'docs', 'nginx-git.conf'), 'utf8'))
    .replaceAll('@PATMINT@', instances.map((p) => `127.0.0.1:${p}`).join(';\n    server '))
    .replaceAll('@LISTEN@', `127.0.0.1:${ports.nginx}`)
    .replaceAll('@FCGI_SOCKET@', socket)
    .replaceAll('@HTTP_BACKEND@', HTTP_BACKEND)
    .replaceAll('@GIT_ROOT@', join(dir, 'repos'));
  assert.doesNotMatch(site, /@[A-Z_]+@/);
  const n = join(dir, 'nginx');
  await writeFile(join(n, 'site.conf'), site);
  await writeFile(
    join(n, 'nginx.conf'),
    [
      'user root;',
      'worker_processes 1;',
      `pid ${n}/nginx.pid;`,
      `error_log ${dir}/nginx-error.log info;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${dir}/nginx-access.log;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${n}/${t}_temp;`),
      `  include ${n}/site.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  start('nginx', NGINX, ['-p', n, '-c', join(n, 'nginx.conf'), '-e', join(dir, 'nginx-error.log'), '-g', 'daemon off;']);
  for (const port of instances) await waitFor(`patmint serve on ${port}`, async () => (await health(port)) === 200);
  await waitFor('fcgiwrap', async () => existsSync(socket));
  await waitFor('nginx', async () => (await fetch(`http://127.0.0.1:${ports.nginx}/`)).status === 404);
});

after(async () => {
  const exited = children.map((c) => (c.exitCode === null ? new Promise((ok) => c.once('exit', ok)) : null));
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  await Promise.all(exited);
  if (pgdir && existsSync(join(pgdir, 'postmaster.pid'))) pgStop();
  if (process.env.KEEP_E2E) console.log(`kept ${dir} ${pgdir}`);
  else {
    if (dir) await rm(dir, { recursive: true, force: true });
    if (pgdir) await rm(pgdir, { recursive: true, force: true });
  }
});

test('three verifiers over PostgreSQL: clone and push, revocation everywhere within 1 s, the staleness bound, catching up, no token in any log', async () => {
  const alice = mint('alice');
  const bob = mint('bob');
  const carol = mint('carol');
  // Minted after the instances started: they learn of the records from the store.
  for (const port of instances) await waitFor(`instance ${port} knows carol`, async () => (await status(port, carol)) === 204, 2000);

  // Real git through nginx, the three instances in turn (round robin: each is asked).
  const c = clone(alice);
  assert.ok(c.ok, c.output);
  writeFileSync(join(c.target, 'change.txt'), 'change\n');
  git(['add', '.'], { cwd: c.target, token: alice });
  git(['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', 'commit', '--quiet', '-m', 'e2e'], { cwd: c.target, token: alice });
  const p = git(['push', '--quiet', 'origin', 'HEAD:refs/heads/e2e'], { cwd: c.target, token: alice });
  assert.ok(p.ok, p.output);
  for (let i = 0; i < 3; i++) assert.ok(clone(bob).ok, 'bob clones');
  await sleep(300);
  for (const child of children.filter((x) => x.label.startsWith('patmint-'))) {
    assert.match(child.output(), /"decision":"allow"/, `${child.label} allowed nothing: is nginx's upstream using every instance?`);
  }

  // Revoked: refused by every instance within a second, and by git through nginx.
  const since = Date.now();
  patmint(['revoke', '--name', 'alice']);
  const took = await refusedWithin(alice, since);
  console.log(`revocation refused by each instance after ${took.join(', ')} ms`);
  for (const ms of took) assert.ok(ms < 1000, `an instance still allowed a revoked token after ${ms} ms`);
  for (let i = 0; i < 3; i++) assert.ok(!clone(alice).ok, 'a revoked token clones');

  // PostgreSQL stopped: the last good records serve within the bound...
  pgStop();
  const stopped = Date.now();
  assert.ok(clone(bob).ok, 'bob refused at once when the store went away');
  for (const port of instances) assert.equal(await health(port), 200);
  // ...then every instance refuses (503 store_stale) and is unhealthy.
  await sleep(Math.max(0, MAX_STALENESS * 1000 + 1500 - (Date.now() - stopped)));
  for (const port of instances) {
    assert.equal(await status(port, bob), 503, 'a stale instance must refuse');
    assert.equal(await health(port), 503, 'a stale instance must say it is unhealthy');
  }
  assert.ok(!clone(bob).ok, 'a stale verifier allowed a clone');

  // A revocation made while the instances cannot reach the store (PostgreSQL on its socket
  // only: the NOTIFY goes to nobody) applies once they can.
  pgStart({ tcp: false });
  patmint(['revoke', '--name', 'carol'], { url: `postgres://postgres@${encodeURIComponent(pgdir)}:${pgport}/postgres` });
  pgStop();
  pgStart();
  for (const port of instances) await waitFor(`instance ${port} back`, async () => (await health(port)) === 200, 5000);
  for (const port of instances) {
    assert.equal(await status(port, carol), 401, 'a revocation made while away was not applied');
    assert.equal(await status(port, bob), 204);
  }
  assert.ok(clone(bob).ok, 'bob clones once the store is back');
  assert.ok(!clone(carol).ok, 'carol was revoked while the verifiers were away');

  // Metrics: the refusals while stale, the changes applied, the store's errors; each decision
  // logged with its instance.
  for (const [i, port] of instances.entries()) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(text, /^patmint_decisions_total\{decision="deny",reason="store_stale"\} [1-9]/m);
    assert.match(text, /^patmint_syncs_total\{kind="changes"\} [1-9]/m);
    assert.match(text, /^patmint_store_errors_total [1-9]/m);
    assert.match(text, /^patmint_records 1$/m);
    const decisions = children[i].output().split('\n').filter((l) => l.includes('"decision"'));
    assert.ok(decisions.length > 0 && decisions.every((l) => JSON.parse(l).instance === `verifier-${i}`));
  }

  // Last used: written in batches (every 10 s), shown by list.
  await waitFor('bob lastUsedAt', async () => {
    const lines = patmint(['list', '--json']).split('\n').map((l) => JSON.parse(l));
    return lines.find((l) => l.record.name === 'bob')?.lastUsedAt;
  }, 25_000);
  const listed = patmint(['list', '--json']).split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(listed.map((l) => l.record.name), ['bob']);

  // Changes were folded into a new index off the request path, and nothing panicked.
  for (const child of children.filter((x) => x.label.startsWith('patmint-'))) {
    await waitFor(`${child.label} compacting its changes`, async () => /"event":"compacted"/.test(child.output()), 15_000);
    assert.doesNotMatch(child.output(), /panicked/, `${child.label} panicked`);
  }

  // No token anywhere: the verifiers' logs, nginx's, PostgreSQL's statement log, git's output.
  await sleep(300);
  const logs = {
    ...Object.fromEntries(children.map((c) => [c.label, c.output()])),
    'nginx-access': await readFile(join(dir, 'nginx-access.log'), 'utf8'),
    'nginx-error': await readFile(join(dir, 'nginx-error.log'), 'utf8'),
    postgresql: await readFile(join(pgdir, 'server.log'), 'utf8'),
    'cli and git': outputs.join('\n'),
  };
  // The statement log is on (else "no token in it" proves nothing).
  assert.match(logs.postgresql, /INSERT INTO patmint_records/);
  assert.match(logs.postgresql, /DELETE FROM patmint_records/);
  for (const [name, text] of Object.entries(logs)) {
    for (const t of tokens) assert.ok(!leaks(text, t), `a token is in the ${name} log`);
    assert.ok(!text.includes(DB_PASSWORD), `the database password is in the ${name} log`);
  }
});
