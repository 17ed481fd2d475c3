// GitHub's guide, for real: tokens minted by patmint used as the password of `git clone` and
// `git push` over HTTP, through Debian's nginx (`auth_request` -> `patmint serve`) in front of
// `git http-backend` (through fcgiwrap) serving a bare repository. Everything runs as the
// current user on 127.0.0.1, in a temporary directory; the token reaches git only through
// GIT_ASKPASS (never the URL or argv), and no log or git output may hold any token.
//
// Node rather than a Rust integration test: the other end-to-end tests (and the demo page's
// flow, whose exported records file is served here too) live in this harness, and the test is
// mostly orchestration of processes.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile, rename, rm, chmod } from 'node:fs/promises';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ROOT, serve, launch, done } from './harness.mjs';



// build.sh runs the e2e suite once per browser; the server half does not depend on the browser
// (the demo page's part uses Chromium), so this file runs in the Chromium pass only.
const ONCE = (process.env.BROWSER ?? 'chromium') === 'chromium';
const test = (name, fn) => nodeTest(name, { skip: !ONCE && 'runs once, in the Chromium pass' }, fn);

const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const FCGIWRAP = process.env.FCGIWRAP ?? '/usr/sbin/fcgiwrap';
const HTTP_BACKEND = process.env.GIT_HTTP_BACKEND ?? '/usr/lib/git-core/git-http-backend';
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

/** Runs git with the token given only through GIT_ASKPASS; returns { ok, output }. */
function git(args, { token, cwd = dir } = {}) {
  const env = {
    PATH: process.env.PATH,
    HOME: join(dir, 'home'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: join(dir, 'askpass.sh'),
    PATMINT_E2E_TOKEN: token ?? '',
    LC_ALL: 'C',
  };
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  outputs.push(output);
  return { ok: r.status === 0, output };
}

const url = (repo = 'acme/widgets') => `http://127.0.0.1:${ports.nginx}/${repo}.git`;

let cloneCount = 0;
function clone(token, repo) {
  const target = join(dir, `clone-${++cloneCount}`);
  const r = git(['clone', '--quiet', url(repo), target], { token });
  return { ...r, target };
}

function push(token, cloned) {
  // A new commit each time, pushed to a branch of its own.
  const g = (args) => git(args, { cwd: cloned, token });
  writeFileSync(join(cloned, `file-${cloneCount}.txt`), `change ${cloneCount}\n`);
  g(['add', '.']);
  g(['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', 'commit', '--quiet', '-m', 'e2e']);
  return g(['push', '--quiet', 'origin', `HEAD:refs/heads/e2e-${cloneCount}`]);
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
  for (const bin of [NGINX, FCGIWRAP, HTTP_BACKEND]) {
    assert.ok(existsSync(bin), `${bin} is missing: run ./build.sh test (it installs nginx, fcgiwrap, git)`);
  }
  execFileSync('cargo', ['build', '--quiet', '--bin', 'patmint'], { cwd: ROOT, stdio: 'inherit' });
  dir = await mkdtemp(join(tmpdir(), 'patmint-git-'));
  records = join(dir, 'records.json');
  ports = { nginx: await freePort(), patmint: await freePort() };
  await mkdir(join(dir, 'home'));
  await mkdir(join(dir, 'nginx'));
  await writeFile(
    join(dir, 'askpass.sh'),
    '#!/bin/sh\ncase "$1" in\n  Username*) echo git ;;\n  *) printf \'%s\\n\' "$PATMINT_E2E_TOKEN" ;;\nesac\n',
  );
  await chmod(join(dir, 'askpass.sh'), 0o700);

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

  // An empty records file to start with; tokens are added while the server runs.
  await writeFile(records, '[]');

  start('patmint', PATMINT, ['serve', '--records', records, '--listen', `127.0.0.1:${ports.patmint}`]);
  const socket = join(dir, 'fcgiwrap.sock');
  start('fcgiwrap', FCGIWRAP, ['-c', '4', '-s', `unix:${socket}`]);

  const site = (await readFile(join(ROOT, 'docs', 'nginx-git.conf'), 'utf8'))
    .replaceAll('@PATMINT@', `127.0.0.1:${ports.patmint}`)
    .replaceAll('@LISTEN@', `127.0.0.1:${ports.nginx}`)
    .replaceAll('@FCGI_SOCKET@', socket)
    .replaceAll('@HTTP_BACKEND@', HTTP_BACKEND)
    .replaceAll('@GIT_ROOT@', join(dir, 'repos'));
  assert.doesNotMatch(site, /@[A-Z_]+@/);
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

  await waitFor('patmint serve', async () => (await fetch(`http://127.0.0.1:${ports.patmint}/healthz`)).ok);
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

test('a half-written file never takes effect; a deleted record stops working within a second', async () => {
  const token = mint('short lived', '--scope', 'repo');
  await reloaded();
  assert.ok(clone(token).ok);
  // Written in place and cut short: the last good records stay in use, and the log says why.
  const good = await readFile(records, 'utf8');
  await writeFile(records, good.slice(0, good.length / 2));
  await reloaded();
  assert.ok(clone(token).ok, 'the last good records stay in use');
  assert.match(await serverLog(), /"event":"reload_failed"/);
  await writeFile(records, good);
  await deleteRecord('short lived');
  await reloaded();
  const r = clone(token);
  assert.ok(!r.ok, 'clone with a deleted record should be refused');
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
  // Let nginx write its logs.
  await sleep(200);
  const texts = [children[0].output(), children[1].output(), children[2].output(), ...outputs];
  for (const f of ['nginx-access.log', 'nginx-error.log']) texts.push(await readFile(join(dir, f), 'utf8'));
  const all = texts.join('\n');
  assert.ok(all.length > 1000, 'there are logs to look at');
  for (const t of tokens) {
    for (const needle of [t, t.slice(4, -4), Buffer.from(`git:${t}`).toString('base64').slice(4, -4)]) {
      assert.ok(!all.includes(needle), 'a token (or its Basic form) is in a log or git output');
    }
  }
});

test('the README shows docs/nginx-git.conf as it is', async () => {
  const conf = await readFile(join(ROOT, 'docs', 'nginx-git.conf'), 'utf8');
  const body = conf.replace(/^(#.*\n)+/, '').trim();
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const block = readme.split('<!-- docs/nginx-git.conf')[1]?.split('```nginx\n')[1]?.split('\n```')[0];
  assert.equal(block?.trim(), body);
});
