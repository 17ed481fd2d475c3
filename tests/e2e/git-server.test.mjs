// GitHub's guide, for real: tokens minted by patmint used as the password of `git clone` and
// `git push` over HTTP, through Debian's nginx (`auth_request` -> `patmint serve`) and Debian's
// Caddy (`forward_auth`), each running the shipped configuration (docs/nginx-git.conf,
// docs/caddy-git.Caddyfile) in front of `git http-backend` (through fcgiwrap) serving bare
// repositories. Both are sent the requests an attacker would: a push spelled `git%2Dreceive-pack`,
// another repository reached through `//`, `%76` or `..`, a requirement header of the client's
// own. Everything runs as the current user on 127.0.0.1, in a temporary directory; the token
// reaches git only through GIT_ASKPASS (never the URL or argv), and no log or git output may
// hold any 12 characters of any token.
//
// Node rather than a Rust integration test: the other end-to-end tests (and the demo page's
// flow, whose exported records file is served here too) live in this harness, and the test is
// mostly orchestration of processes.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile, rename, rm, chmod } from 'node:fs/promises';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import http from 'node:http';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ROOT, serve, launch, done, leaks } from './harness.mjs';
import { gitClient } from './git-client.mjs';



// build.sh runs the e2e suite once per browser; the server half does not depend on the browser
// (the demo page's part uses Chromium), so this file runs in the Chromium pass only.
const ONCE = (process.env.BROWSER ?? 'chromium') === 'chromium';
const test = (name, fn) => nodeTest(name, { skip: !ONCE && 'runs once, in the Chromium pass' }, fn);

const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const FCGIWRAP = process.env.FCGIWRAP ?? '/usr/sbin/fcgiwrap';
const HTTP_BACKEND = process.env.GIT_HTTP_BACKEND ?? '/usr/lib/git-core/git-http-backend';
const CADDY = process.env.CADDY ?? '/usr/bin/caddy';
const PATMINT = join(ROOT, 'target', 'debug', 'patmint');

let dir;
let records;
let ports;
const children = [];
const tokens = []; // every token made, to look for in every output
const outputs = []; // every git output
const logs = {};

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

function start(name, cmd, args, opts = {}) {
  const log = join(dir, `${name}.log`);
  logs[name] = log;
  // Each in its own process group, so that stopping it stops its workers too (fcgiwrap's and
  // nginx's would otherwise outlive the test and hold its output pipes open).
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...opts });
  const chunks = [];
  child.stdout.on('data', (d) => chunks.push(d));
  child.stderr.on('data', (d) => chunks.push(d));
  child.on('exit', () => writeFile(log, Buffer.concat(chunks)).catch(() => {}));
  child.output = () => Buffer.concat(chunks).toString();
  children.push(child);
  return child;
}

async function waitFor(what, probe, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await probe().catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** `patmint ARGS` with `input` on stdin; the token (stdout) of a mint. */
function patmint(args, input = '') {
  const r = spawnSync(PATMINT, args, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`patmint ${args[0]} failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}

function mint(name, ...options) {
  const token = patmint(['mint', '--records', records, '--name', name, ...options]);
  tokens.push(token);
  return token;
}

/** git with the token only through GIT_ASKPASS (git-client.mjs); set before the tests. */
let git;

/** The repository's URL through `proxy` (nginx or caddy). */
const url = (repo = 'acme/widgets', proxy = 'nginx') => `http://127.0.0.1:${ports[proxy]}/${repo}.git`;

/** git's own options for a request through an attacker's rewriting proxy (rewrite-proxy.mjs). */
const via = (rewriter) => (rewriter ? ['-c', `http.proxy=http://127.0.0.1:${rewriter}`] : []);

let cloneCount = 0;
function clone(token, repo, { proxy = 'nginx', rewriter } = {}) {
  const target = join(dir, `clone-${++cloneCount}`);
  const r = git([...via(rewriter), 'clone', '--quiet', url(repo, proxy), target], { token });
  return { ...r, target };
}

function push(token, cloned, { rewriter } = {}) {
  // A new commit each time, pushed to a branch of its own.
  const g = (args) => git(args, { cwd: cloned, token });
  writeFileSync(join(cloned, `file-${cloneCount}.txt`), `change ${cloneCount}\n`);
  g(['add', '.']);
  g(['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', 'commit', '--quiet', '-m', 'e2e']);
  return git([...via(rewriter), 'push', '--quiet', 'origin', `HEAD:refs/heads/e2e-${cloneCount}`], { cwd: cloned, token });
}

/** The branches of a bare repository (what a push would have added). */
const branches = (repo) =>
  execFileSync('git', ['-C', join(dir, 'repos', `${repo}.git`), 'for-each-ref', '--format=%(refname)', 'refs/heads/'], { encoding: 'utf8' });

/** Starts an attacker's proxy that rewrites every request's path with `rules`; its port. */
async function rewriter(rules) {
  const port = await freePort();
  const child = start(`rewriter-${port}`, process.execPath, [join(ROOT, 'tests', 'e2e', 'rewrite-proxy.mjs'), String(port), JSON.stringify(rules)]);
  await waitFor('the rewriting proxy', async () => child.output().includes('ready'));
  return port;
}

/** The records file without the record named `name`, replaced atomically. */
async function deleteRecord(name) {
  const file = JSON.parse(await readFile(records, 'utf8'));
  file.records = file.records.filter((r) => r.name !== name);
  await writeFile(`${records}.new`, JSON.stringify(file));
  await rename(`${records}.new`, records);
}

before(async () => {
  if (!ONCE) return;
  for (const bin of [NGINX, CADDY, FCGIWRAP, HTTP_BACKEND]) {
    assert.ok(existsSync(bin), `${bin} is missing: run ./build.sh test (it installs nginx, caddy, fcgiwrap, git)`);
  }
  execFileSync('cargo', ['build', '--quiet', '--bin', 'patmint'], { cwd: ROOT, stdio: 'inherit' });
  dir = await mkdtemp(join(tmpdir(), 'patmint-git-'));
  records = join(dir, 'records.json');
  ports = { nginx: await freePort(), caddy: await freePort(), patmint: await freePort() };
  await mkdir(join(dir, 'home'));
  await mkdir(join(dir, 'nginx'));
  git = await gitClient(dir, outputs);

  // The bare repository, with one commit.
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
  await mkdir(join(dir, 'repos', 'acme', 'other.git'), { recursive: true });
  execFileSync('git', ['init', '--quiet', '--bare', join(dir, 'repos', 'acme', 'other.git')]);
  // Someone else's repository on the same server, which no token of acme's may reach.
  const victim = join(dir, 'repos', 'victim', 'secret.git');
  await mkdir(victim, { recursive: true });
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', victim]);
  execFileSync('git', ['-C', victim, 'config', 'http.receivepack', 'true']);
  execFileSync('git', ['-C', seed, 'push', '--quiet', victim, 'main']);

  // An empty records file to start with; tokens are added while the server runs.
  await writeFile(records, '[]');

  start('patmint', PATMINT, ['serve', '--records', records, '--listen', `127.0.0.1:${ports.patmint}`]);
  const socket = join(dir, 'fcgiwrap.sock');
  start('fcgiwrap', FCGIWRAP, ['-c', '4', '-s', `unix:${socket}`]);

  // The shipped configurations, exactly, with the placeholders filled in.
  const fill = async (file, proxy) => {
    const text = (await readFile(join(ROOT, 'docs', file), 'utf8'))
      .replaceAll('@PATMINT@', `127.0.0.1:${ports.patmint}`)
      .replaceAll('@LISTEN@', `127.0.0.1:${ports[proxy]}`)
      .replaceAll('@FCGI_SOCKET@', socket)
      .replaceAll('@HTTP_BACKEND@', HTTP_BACKEND)
      .replaceAll('@GIT_ROOT@', join(dir, 'repos'));
    assert.doesNotMatch(text, /@[A-Z_]+@/);
    return text;
  };
  const site = await fill('nginx-git.conf', 'nginx');
  await writeFile(join(dir, 'nginx', 'site.conf'), site);
  const n = join(dir, 'nginx');
  await writeFile(
    join(n, 'nginx.conf'),
    [
      // Workers as the current user (as root, nginx would otherwise switch to nobody, who
      // cannot enter the temporary directory).
      userInfo().uid === 0 ? 'user root;' : '',
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
  await mkdir(join(dir, 'caddy'));
  await writeFile(join(dir, 'caddy', 'Caddyfile'), await fill('caddy-git.Caddyfile', 'caddy'));
  // HOME and XDG dirs of its own: Caddy saves its configuration and state there.
  start('caddy', CADDY, ['run', '--config', join(dir, 'caddy', 'Caddyfile'), '--adapter', 'caddyfile'], {
    env: { ...process.env, HOME: join(dir, 'caddy'), XDG_CONFIG_HOME: join(dir, 'caddy'), XDG_DATA_HOME: join(dir, 'caddy') },
  });

  await waitFor('patmint serve', async () => (await fetch(`http://127.0.0.1:${ports.patmint}/healthz`)).ok);
  await waitFor('fcgiwrap', async () => existsSync(socket));
  await waitFor('nginx', async () => (await fetch(`http://127.0.0.1:${ports.nginx}/`)).status === 404);
  await waitFor('caddy', async () => (await fetch(`http://127.0.0.1:${ports.caddy}/`)).status === 404);
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
  for (const c of children) {
    c.stdout.destroy();
    c.stderr.destroy();
  }
  if (process.env.KEEP_E2E) console.log(`kept ${dir}`);
  else if (dir) await rm(dir, { recursive: true, force: true });
});

/** patmint's log so far (git runs synchronously: let the pipes drain first). */
async function serverLog() {
  await sleep(300);
  return children[0].output();
}

/** Waits until patmint serve has seen the records file as it is now. */
async function reloaded() {
  // The server polls every 200 ms; "within a second" is the promise.
  await sleep(1000);
}

test('classic tokens: repo clones and pushes; without repo, unknown, changed: refused', async () => {
  const repo = mint('ci classic', '--scope', 'repo');
  const gist = mint('gist only', '--scope', 'gist');
  const unknown = patmint(['generate']);
  tokens.push(unknown);
  const changed = repo.slice(0, 10) + (repo[10] === 'a' ? 'b' : 'a') + repo.slice(11);
  await reloaded();

  const c = clone(repo);
  assert.ok(c.ok, c.output);
  assert.ok(existsSync(join(c.target, 'README')));
  const p = push(repo, c.target);
  assert.ok(p.ok, p.output);

  for (const [what, token] of [['no repo scope', gist], ['unknown', unknown], ['one character changed', changed], ['no token', '']]) {
    const r = clone(token);
    assert.ok(!r.ok, `${what}: clone should be refused`);
    assert.match(r.output, /(Authentication failed|403|401|could not read Username)/, what);
  }
  const patmintLog = await serverLog();
  assert.match(patmintLog, /"decision":"allow".*"record":"ci classic"/);
  assert.match(patmintLog, /"reason":"insufficient_scope".*"record":"gist only"/);
  assert.match(patmintLog, /"reason":"unknown"/);
  assert.match(patmintLog, /"reason":"malformed"/);
});

test('fine-grained tokens: contents:read clones, contents:write pushes, other repositories refused', async () => {
  const fg = (name, ...opts) =>
    mint(name, '--format', 'github_pat', '--resource-owner', 'acme', '--expires-in', '7', ...opts);
  const read = fg('fg read', '--repository', 'acme/widgets', '--permission', 'contents:read');
  const write = fg('fg write', '--repository', 'acme/widgets', '--permission', 'contents:write');
  const other = fg('fg other repo', '--repository', 'acme/other', '--permission', 'contents:write');
  const issues = fg('fg issues only', '--all-repositories', '--permission', 'issues:write');
  const changed = write.slice(0, 50) + (write[50] === 'a' ? 'b' : 'a') + write.slice(51);
  await reloaded();

  const r = clone(read);
  assert.ok(r.ok, r.output);
  const refused = push(read, r.target);
  assert.ok(!refused.ok, 'push with contents:read should be refused');
  assert.match(refused.output, /403/);

  const w = clone(write);
  assert.ok(w.ok, w.output);
  const pushed = push(write, w.target);
  assert.ok(pushed.ok, pushed.output);

  for (const [what, token] of [['another repository', other], ['no contents permission', issues], ['one character changed', changed]]) {
    assert.ok(!clone(token).ok, `${what}: clone should be refused`);
  }
  const log = await serverLog();
  assert.match(log, /"decision":"allow".*"record":"fg read".*"contents:read".*"acme\/widgets"/);
  assert.match(log, /"reason":"insufficient_permission".*"record":"fg read".*"contents:write"/);
  assert.match(log, /"decision":"allow".*"record":"fg write".*"contents:write"/);
  assert.match(log, /"reason":"repository_not_allowed".*"record":"fg other repo"/);
  assert.match(log, /"reason":"insufficient_permission".*"record":"fg issues only"/);
});

test('a half-written file never takes effect; a deleted record stops working within a second, even beside a bad entry', async () => {
  const token = mint('short lived', '--scope', 'repo');
  const kept = mint('kept', '--scope', 'repo');
  await reloaded();
  assert.ok(clone(token).ok);
  // Written in place and cut short: the last good records stay in use, and the log says why.
  const good = await readFile(records, 'utf8');
  await writeFile(records, good.slice(0, good.length / 2));
  await reloaded();
  assert.ok(clone(token).ok, 'the last good records stay in use');
  assert.match(await serverLog(), /"event":"reload_failed"/);
  await writeFile(records, good);
  await reloaded();
  // A revocation (the record deleted) in a version with one bad entry: the bad version is not
  // used, but what it removed is — a typo elsewhere never keeps a revoked token working.
  const file = JSON.parse(good);
  file.records = file.records.filter((r) => r.name !== 'short lived');
  file.records.push({ name: 'typo', format: 'ghp' });
  await writeFile(`${records}.new`, JSON.stringify(file));
  await rename(`${records}.new`, records);
  await reloaded();
  assert.ok(!clone(token).ok, 'clone with a deleted record should be refused');
  assert.ok(clone(kept).ok, 'the other records stay in use');
  assert.match(await serverLog(), /"event":"reload_failed".*"removed":1/);
  await writeFile(`${records}.new`, good);
  await rename(`${records}.new`, records);
  await deleteRecord('short lived');
  await reloaded();
  assert.ok(!clone(token).ok, 'clone with a deleted record should be refused');
});

test('an expired token is refused', async () => {
  const at = new Date(Date.now() + 3000).toISOString().replace(/\.\d+Z$/, 'Z');
  const token = mint('expiring', '--scope', 'repo', '--expires-at', at);
  await reloaded();
  assert.ok(clone(token).ok, 'valid before its expiry');
  await sleep(Math.max(0, Date.parse(at) - Date.now()) + 1100);
  assert.ok(!clone(token).ok, 'refused after its expiry');
  assert.match(await serverLog(), /"reason":"expired".*"record":"expiring"/);
});

const basic = (token) => `Basic ${Buffer.from(`git:${token}`).toString('base64')}`;
const fineGrained = (name, ...opts) =>
  mint(name, '--format', 'github_pat', '--resource-owner', 'acme', '--expires-in', '7', ...opts);

// The shipped configurations, attacked: each bypass below worked against the configuration
// that read the raw $request_uri, and against a patmint that took a missing repository as "no
// restriction" and a client's X-Patmint-* headers as the requirement.
for (const proxy of ['nginx', 'caddy']) {
  test(`${proxy}: a read token cannot push, however the push is spelled`, async () => {
    const read = fineGrained(`${proxy} fg read`, '--repository', 'acme/widgets', '--permission', 'contents:read');
    const write = fineGrained(`${proxy} fg write`, '--repository', 'acme/widgets', '--permission', 'contents:write');
    await reloaded();
    const encoded = await rewriter([['git-receive-pack', 'git%2Dreceive-pack']]);
    const c = clone(read, 'acme/widgets', { proxy });
    assert.ok(c.ok, c.output);
    const before = branches('acme/widgets');
    for (const r of [undefined, encoded]) {
      const p = push(read, c.target, { rewriter: r });
      assert.ok(!p.ok, `${proxy}: a contents:read token pushed (${r ? 'git%2Dreceive-pack' : 'plain'})`);
    }
    assert.equal(branches('acme/widgets'), before, 'no branch was added');
    // The encoded spelling does reach git: a write token pushes through the same proxy.
    const w = clone(write, 'acme/widgets', { proxy });
    const pushed = push(write, w.target, { rewriter: encoded });
    assert.ok(pushed.ok, pushed.output);
    // The ref advertisement for receive-pack, spelled every way, and its POST.
    const auth = { authorization: basic(read) };
    for (const path of ['info/refs?service=git-receive-pack', 'info/refs?service=git%2Dreceive-pack', 'info/refs?service=git%2dreceive%2Dpack', 'info/refs?service=git-upload-pack&service=git-receive-pack']) {
      const r = await fetch(`${url('acme/widgets', proxy)}/${path}`, { headers: auth });
      assert.equal(r.status, 403, `${proxy}: ${path}`);
    }
    const post = await fetch(`${url('acme/widgets', proxy)}/git%2Dreceive-pack`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-git-receive-pack-request' },
      body: '0000',
    });
    assert.equal(post.status, 403, `${proxy}: POST git%2Dreceive-pack`);
  });

  test(`${proxy}: a token for one repository reaches no other, however the path is spelled`, async () => {
    const read = fineGrained(`${proxy} fg widgets`, '--repository', 'acme/widgets', '--permission', 'contents:read');
    const classic = mint(`${proxy} classic repo`, '--scope', 'repo');
    await reloaded();
    assert.ok(clone(read, 'acme/widgets', { proxy }).ok, 'its own repository clones');
    const v = await rewriter([['/victim/', '/%76ictim/']]);
    const dots = await rewriter([['/victim/secret.git/', '/acme/widgets.git/../../victim/secret.git/']]);
    const attempts = [
      ['//victim/secret.git (stock git)', () => clone(read, '/victim/secret', { proxy })],
      ['/%76ictim/secret.git', () => clone(read, 'victim/secret', { proxy, rewriter: v })],
      ['/acme/widgets.git/../../victim/secret.git', () => clone(read, 'victim/secret', { proxy, rewriter: dots })],
    ];
    for (const [what, attempt] of attempts) {
      const r = attempt();
      assert.ok(!r.ok, `${proxy}: ${what} cloned another repository`);
      assert.ok(!existsSync(join(r.target, 'README')), `${proxy}: ${what}`);
    }
    // The spellings do reach git: a token for every repository (classic repo) clones through them.
    assert.ok(clone(classic, 'victim/secret', { proxy, rewriter: v }).ok, `${proxy}: %76 with a repo token`);
    if (proxy === 'nginx') assert.ok(clone(classic, 'victim/secret', { proxy, rewriter: dots }).ok, 'nginx: .. with a repo token');
    // A repository the configuration cannot derive is refused (patmint's 400), never unrestricted.
    for (const path of ['/ac_me/widgets.git/info/refs?service=git-upload-pack', '/acme/widgets.git/../../ac_me/x.git/info/refs']) {
      const r = await fetch(`http://127.0.0.1:${ports[proxy]}${path}`, { headers: { authorization: basic(classic) } });
      assert.equal(r.status, 400, `${proxy}: ${path}`);
    }
  });

  test(`${proxy}: a requirement header of the client's own never widens it`, async () => {
    const gist = mint(`${proxy} gist`, '--scope', 'gist');
    const meta = fineGrained(`${proxy} metadata only`, '--repository', 'acme/widgets', '--permission', 'metadata:read');
    await reloaded();
    for (const [token, header] of [
      [gist, 'X-Patmint-Scope: gist'],
      [meta, 'X-Patmint-Permission: metadata:read'],
      [meta, 'X-Patmint-Scope: gist'],
    ]) {
      const target = join(dir, `clone-${++cloneCount}`);
      const r = git(['-c', `http.extraHeader=${header}`, 'clone', '--quiet', url('acme/widgets', proxy), target], { token });
      assert.ok(!r.ok, `${proxy}: ${header} widened the requirement`);
      const f = await fetch(`${url('acme/widgets', proxy)}/info/refs?service=git-upload-pack`, {
        headers: { authorization: basic(token), [header.split(':')[0]]: header.split(': ')[1] },
      });
      assert.ok([400, 403].includes(f.status), `${proxy}: ${header}: ${f.status}`);
    }
  });
}

test('patmint serve refuses what it cannot read exactly, and logs nothing token-shaped', async () => {
  const token = mint('direct', '--scope', 'repo');
  // Token-shaped values where a client (or a proxy's pattern) could put them. Not in `tokens`:
  // the proxies' own access logs record the paths clients ask for, which is theirs to do.
  const junk = ['generate', 'generate --format github_pat', 'generate --format custom:acme'].map((a) => patmint(a.split(' ')));
  await reloaded();
  const auth = { authorization: `Bearer ${token}` };
  const at = (path, headers = {}) => fetch(`http://127.0.0.1:${ports.patmint}${path}`, { headers: { ...auth, ...headers } });
  assert.equal((await at('/auth?scope=repo')).status, 204);
  // Typos and client-sent requirements: 400, never an empty requirement.
  for (const path of ['/auth?scopes=repo', '/auth?Scope=repo', '/auth?permissions=contents:read', '/auth?repository=acme/widgets', '/auth?scope=repo&repo=', '/auth?scope=']) {
    const r = await at(path);
    assert.equal(r.status, 400, path);
    assert.equal(r.headers.get('x-patmint-reason'), 'invalid_requirement', path);
  }
  for (const name of ['X-Patmint-Scope', 'X-Patmint-Permission', 'X-Patmint-Scopes']) {
    assert.equal((await at('/auth?scope=repo', { [name]: 'repo' })).status, 400, name);
  }
  // Only /auth decides; /healthz only asked directly.
  assert.equal((await at('/')).status, 404);
  assert.equal((await at('/acme/widgets.git/info/refs')).status, 404);
  assert.equal((await fetch(`http://127.0.0.1:${ports.patmint}/healthz`)).status, 200);
  assert.equal((await fetch(`http://127.0.0.1:${ports.patmint}/healthz`, { headers: { 'x-forwarded-for': '1.2.3.4' } })).status, 404);
  const absolute = await new Promise((ok, fail) => {
    // Written, not ended: a half-closed connection may be dropped before the answer.
    const s = connect(ports.patmint, '127.0.0.1', () => s.write('GET http://example.com/healthz HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n'));
    let got = '';
    s.on('data', (d) => (got += d));
    s.on('end', () => ok(got));
    s.on('error', fail);
  });
  assert.match(absolute, /^HTTP\/1\.1 404/);
  // Token-shaped values in every field a client reaches: refused or decided, never logged.
  const [ghp, fine, custom] = junk;
  for (const path of [`/auth?${ghp}=1`, `/auth?scope=Bearer%20${ghp}`, `/auth?scope=${ghp}x`, `/auth?permission=${fine}:read`, `/auth?scope=${custom}`, `/auth?scope=repo&repo=acme/${ghp}`, `/auth?repo=acme/${custom}`]) {
    await at(path);
  }
  await at('/auth?scope=repo', { 'x-forwarded-for': `1.2.3.4, ${ghp}` });
  // A record whose name holds a token (a note typed into the wrong field of a hand-edited
  // file; the CLI refuses such an argument): named by its fingerprint in the log and upstream.
  const named = mint('renamed below', '--scope', 'repo');
  const file = JSON.parse(await readFile(records, 'utf8'));
  file.records.find((r) => r.name === 'renamed below').name = `note ${custom}`;
  await writeFile(`${records}.new`, JSON.stringify(file));
  await rename(`${records}.new`, records);
  await reloaded();
  const allowed = await at('/auth?scope=repo', { authorization: `Bearer ${named}` });
  assert.equal(allowed.status, 204);
  assert.match(allowed.headers.get('x-patmint-token-name'), /^fingerprint:[0-9a-f]{12}$/);
  await fetch(`http://127.0.0.1:${ports.nginx}/acme/${ghp}.git/info/refs?service=git-upload-pack`, { headers: auth });
  await fetch(`http://127.0.0.1:${ports.caddy}/acme/${custom}.git/info/refs?service=git-upload-pack`, { headers: auth });
  const log = await serverLog();
  for (const t of junk) assert.ok(!leaks(log, t), "patmint's log holds a token-shaped value a client sent");
  assert.match(log, /token-shaped, not shown/);
});

test("the demo page's flow: a token minted and exported in the browser clones", async () => {
  // The page exactly as a user has it: mint with the repo scope, copy, then export the records.
  const site = await serve(join(ROOT, 'www'));
  const browser = await launch({ browser: 'chromium' });
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    const page = await context.newPage();
    await page.goto(`${site.origin}/`);
    await page.waitForSelector('html[data-ready="true"]');
    await page.getByLabel('Note').fill('from the page');
    await page.getByRole('checkbox', { name: 'repo', exact: true }).check();
    await page.getByRole('button', { name: 'Generate token' }).click();
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByText('Copied to the clipboard').waitFor();
    const secret = await page.evaluate(() => navigator.clipboard.readText());
    tokens.push(secret);
    await done(page, 'Done');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export records' }).click(),
    ]);
    // The exported file becomes the server's records file, as it is.
    await writeFile(`${records}.new`, await readFile(await download.path()));
    await rename(`${records}.new`, records);
    await reloaded();
    const c = clone(secret);
    assert.ok(c.ok, c.output);
    assert.match(await serverLog(), /"decision":"allow".*"record":"from the page"/);
    // The CLI's tokens are not in the page's export: refused now.
    assert.ok(!clone(tokens[0]).ok);
  } finally {
    await browser.close();
    await site.close();
  }
});

test('no log and no git output holds a token', async () => {
  // Let nginx and Caddy write their logs.
  await sleep(200);
  const texts = [...children.map((c) => c.output()), ...outputs];
  for (const f of ['nginx-access.log', 'nginx-error.log']) texts.push(await readFile(join(dir, f), 'utf8'));
  const all = texts.join('\n');
  assert.ok(all.length > 1000, 'there are logs to look at');
  assert.ok(tokens.length > 10, 'there are tokens to look for');
  for (const t of tokens) {
    // Any 12 characters of the token, or of its Basic form.
    assert.ok(!leaks(all, t), 'a token is in a log or git output');
    assert.ok(!leaks(all, basic(t).slice(6)), "a token's Basic form is in a log or git output");
  }
});
