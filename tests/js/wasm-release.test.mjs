// The shipped release wasm (www/pkg, as build.sh makes it), loaded in Node:
// - panic-freedom: every export, fed bad input and malformed options, throws a JS Error with a
//   `code` — never a wasm trap (RuntimeError: unreachable), after which the module is unusable;
// - secret hygiene: after each operation, the token's bytes are nowhere in wasm memory.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { assertNotInWasmMemory, codeOf } from './release-helpers.mjs';

const pm = await import('../../www/pkg/patmint.js');
const { default: wasmGzipBase64 } = await import('../../www/pkg/patmint_wasm.js');
let wasm;

before(() => {
  wasm = pm.initSync({ module: gunzipSync(Buffer.from(wasmGzipBase64, 'base64')) });
});

function assertNotInMemory(secret, what) {
  assertNotInWasmMemory(wasm, secret, what);
}

test('mint, reveal, free: the secret is gone from wasm memory', () => {
  const minted = pm.mint({ name: 'memory', scopes: ['repo'], expiresInDays: 7 });
  const secret = minted.reveal();
  assert.equal(pm.check(secret).valid, true);
  const fingerprint = minted.fingerprint;
  minted.free();
  assertNotInMemory(secret, 'after free');
  assert.equal(pm.fingerprint(secret), fingerprint);
  assertNotInMemory(secret, 'after fingerprint()');
  pm.mask(secret);
  assertNotInMemory(secret, 'after mask()');
  pm.check(secret, ['acme']);
  assertNotInMemory(secret, 'after check()');
});

test('copyToClipboard without a clipboard rejects with a code, and leaves nothing behind', async () => {
  const minted = pm.mint({ name: 'clipboard', format: 'github_pat', resourceOwner: 'octocat', repositoryAccess: { kind: 'all' }, expiresInDays: 7 });
  const secret = minted.reveal();
  await assert.rejects(minted.copyToClipboard(), (err) => err.code === 'clipboard_unavailable');
  minted.free();
  assertNotInMemory(secret, 'after copyToClipboard + free');
});

test('generate: bulk tokens are gone from wasm memory once returned', () => {
  for (const format of ['ghp', 'github_pat', 'custom:acme:128']) {
    const tokens = pm.generate(format, 2000);
    assert.equal(new Set(tokens).size, 2000);
    for (const t of [tokens[0], tokens[999], tokens[1999]]) assertNotInMemory(t, `generate(${format})`);
  }
});

test('non-ASCII input (glue reallocates while encoding) leaves nothing behind', () => {
  const secret = pm.generate('ghp', 1)[0];
  for (const input of [`${secret}\u00a0`, `“${secret}”`, `${secret}…日本`]) {
    pm.check(input);
    pm.mask(input);
    pm.fingerprint(input);
  }
  assertNotInMemory(secret, 'after non-ASCII inputs');
});

test('every export: bad input gets a coded error, never a trap', () => {
  const notStrings = [undefined, null, 42, {}, [], Symbol.iterator, () => 1, 10n];
  for (const bad of notStrings) {
    assert.equal(codeOf(() => pm.check(bad)), 'invalid_argument');
    assert.equal(codeOf(() => pm.fingerprint(bad)), 'invalid_argument');
    assert.equal(codeOf(() => pm.mask(bad)), 'invalid_argument');
    if (!Array.isArray(bad)) assert.equal(codeOf(() => pm.normalizeScopes(bad)), 'invalid_argument');
    if (bad !== undefined && bad !== null && !Array.isArray(bad)) {
      assert.equal(codeOf(() => pm.check('x', bad)), 'invalid_argument');
    }
  }
  assert.deepEqual(pm.normalizeScopes([]), []);
  assert.equal(pm.check('x', []).code, 'unknown_prefix');
  const huge = 'a'.repeat(5_000_000);
  assert.equal(pm.check(huge).code, 'too_long');
  assert.equal(codeOf(() => pm.fingerprint(huge)), 'too_long');
  assert.equal(codeOf(() => pm.mask(huge)), 'too_long');
  for (const count of [0, -1, 1.5, 100_001, 2 ** 32 + 5, NaN, Infinity, '5', null, undefined, {}]) {
    assert.equal(codeOf(() => pm.generate('ghp', count)), 'invalid_count', String(count));
  }
  for (const format of ['', 'GHP', 'custom:', 'custom:acme:8', 42, null]) {
    assert.ok(['unknown_format', 'invalid_prefix', 'invalid_length', 'invalid_argument'].includes(
      codeOf(() => pm.generate(format, 1))), String(format));
  }
  assert.equal(codeOf(() => pm.normalizeScopes(['repo', 'nope'])), 'unknown_scope');
  assert.equal(codeOf(() => pm.normalizeScopes(new Array(100_000).fill('nope'))), 'too_long');
  // Still usable after all of that: no trap has poisoned the instance.
  assert.equal(pm.check(pm.generate('ghp', 1)[0]).valid, true);
});

test('malformed mint options get coded errors, never a trap', () => {
  const proxy = new Proxy({}, { get: () => { throw new Error('hostile getter'); }, ownKeys: () => ['name'] });
  const cases = [
    undefined, null, 'ghp', 42, [], () => {},
    {}, { name: 5 }, { name: 'x', scopes: 'repo' }, { name: 'x', scopes: [1] },
    { name: 'x', expiresInDays: '7' }, { name: 'x', expiresInDays: 7.5 }, { name: 'x', expiresInDays: 2 ** 40 },
    { name: 'x', expiresAt: 20270101 }, { name: 'x', format: {} }, { name: 'x', prefix: 7 },
    { name: 'x', expiresIn: 30 }, { name: 'x'.repeat(1_000_000) },
    { name: 'x', scopes: new Array(200_000).fill('repo'), expiresAt: 'soon' },
  ];
  for (const options of cases) {
    const code = codeOf(() => pm.mint(options));
    assert.ok(code.length > 0);
  }
  // A getter that throws surfaces as the JS exception it is, not as a trap.
  assert.throws(() => pm.mint(proxy), (err) => !(err instanceof WebAssembly.RuntimeError));
  assert.ok(pm.mint({ name: 'still fine' }).reveal().startsWith('ghp_'));
});

test('error messages never contain the input', () => {
  const secret = pm.generate('ghp', 1)[0];
  const inputs = [secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A'), secret + 'x', ` ${secret}`, secret.slice(4)];
  for (const input of inputs) {
    const verdict = pm.check(input);
    assert.equal(verdict.valid, false);
    assert.ok(verdict.message.length > 10, `${verdict.code}: a message to check`);
    for (let i = 4; i + 8 <= secret.length; i++) {
      assert.ok(!verdict.message.includes(secret.slice(i, i + 8)), `${verdict.code} echoes the input`);
    }
  }
  // It must throw (an unknown scope), or there is no message to check.
  assert.throws(() => pm.normalizeScopes([secret]), (err) => {
    assert.equal(err.code, 'unknown_scope');
    assert.ok(err.message.length > 10, 'a message to check');
    for (let i = 4; i + 8 <= secret.length; i++) assert.ok(!err.message.includes(secret.slice(i, i + 8)), 'unknown_scope echoes the input');
    return true;
  });
});
