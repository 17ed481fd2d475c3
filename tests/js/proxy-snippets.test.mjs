// The proxy configurations people copy are the tested ones. docs/nginx-git.conf and
// docs/caddy-git.Caddyfile are run as they are by tests/e2e/git-server.test.mjs (with the bypass
// requests); the README links them instead of keeping copies that could drift, and its Traefik
// block — Traefik is not packaged for Debian, so no test runs it — is held here to the rules the
// other two prove: the requirement in the auth URI's query with patmint's keys only, and only
// `Authorization` passed on (Traefik forwards every client header by default).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
const read = (f) => readFileSync(join(ROOT, f), 'utf8');
const readme = read('README.md');
const KEYS = new Set(['scope', 'permission', 'repo']);

/** Every `/auth?…` URI in a text: its query's keys must be patmint's, each with a value. */
function authQueries(text) {
  // A query built by the proxy (nginx's $patmint_require) is checked where it is built.
  return [...text.matchAll(/\/auth\?([^\s"'`]*)/g)].map((m) => m[1]).filter((q) => !q.startsWith('$'));
}

test('the README links the tested configurations and copies none', () => {
  for (const f of ['docs/nginx-git.conf', 'docs/caddy-git.Caddyfile']) {
    assert.ok(readme.includes(`](${f})`), `the README links ${f}`);
  }
  for (const directive of ['auth_request ', 'forward_auth ', 'proxy_set_header X-Patmint']) {
    assert.ok(!readme.includes(directive), `the README holds a copy of a proxy configuration (${directive.trim()})`);
  }
});

test("the README's Traefik middleware passes only Authorization and names its requirement in the query", () => {
  const block = readme.split('# Traefik (dynamic configuration)')[1]?.split('```')[0];
  assert.ok(block, 'the README has a Traefik block');
  const headers = /authRequestHeaders:\s*\[([^\]]*)\]/.exec(block);
  assert.ok(headers, 'authRequestHeaders is set (Traefik forwards every client header without it)');
  assert.deepEqual(headers[1].split(',').map((h) => h.trim().replace(/"/g, '')), ['Authorization']);
  assert.match(block, /authResponseHeaders:\s*\[[^\]]*"X-Patmint-Token-Name"/);
  const address = /address:\s*"([^"]+)"/.exec(block)?.[1];
  assert.ok(address, 'the middleware has an address');
  const url = new URL(address);
  assert.equal(url.pathname, '/auth');
  assert.ok([...url.searchParams.keys()].length > 0, 'a requirement');
  for (const [k, v] of url.searchParams) {
    assert.ok(KEYS.has(k), `unknown key ${k}`);
    assert.ok(v.trim(), `${k} has a value`);
  }
});

test('every /auth URI in the README and the docs uses patmint keys only', () => {
  const texts = [readme, read('docs/server.md'), read('docs/nginx-git.conf'), read('docs/caddy-git.Caddyfile')];
  const queries = texts.flatMap(authQueries);
  assert.ok(queries.length >= 3);
  for (const q of queries) {
    for (const pair of q.split('&')) {
      const [k, v] = pair.split('=');
      assert.ok(KEYS.has(k), `unknown key in /auth?${q}`);
      assert.ok(v, `${k} without a value in /auth?${q}`);
    }
  }
});

test('the shipped configurations decide on the served path and keep the client out of the requirement', () => {
  const nginx = read('docs/nginx-git.conf');
  const live = nginx.split('\n').filter((l) => !l.trim().startsWith('#')).join('\n');
  assert.ok(!live.includes('$request_uri'), 'nginx: decisions on the raw URI');
  assert.match(live, /proxy_pass_request_headers off;/);
  assert.match(live, /proxy_pass http:\/\/patmint\/auth\?\$patmint_require;/);
  assert.match(live, /map \$uri \$patmint_repo/);
  assert.match(live, /default\s+write;/, 'nginx: anything not exactly a read is a write');
  const caddy = read('docs/caddy-git.Caddyfile');
  assert.match(caddy, /header_up -X-Patmint-\*/);
  assert.match(caddy, /default write/);
  assert.match(caddy, /respond @unclean 400/);
});
