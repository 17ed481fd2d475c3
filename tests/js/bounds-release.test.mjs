// Every export × every argument of the three shipped packages, fed oversized input of each kind:
// a coded error, never a trap, nothing copied before the bound is checked — then the memory of
// every instance holds no token that was handled before, during or after.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { assertNotInWasmMemory, codeOf } from './release-helpers.mjs';

const pm = await import('../../www/pkg/patmint.js');
const sc = await import('../../www/pkg/patmint_scan.js');
const vf = await import('../../www/pkg/patmint_verify.js');
let mintWasm;
let scanWasm;
let verifyWasm;

before(async () => {
  const inflate = async (name) => gunzipSync(Buffer.from((await import(`../../www/pkg/${name}_wasm.js`)).default, 'base64'));
  mintWasm = pm.initSync({ module: await inflate('patmint') });
  scanWasm = sc.initSync({ module: await inflate('patmint_scan') });
  verifyWasm = vf.initSync({ module: await inflate('patmint_verify') });
});

// The kinds of oversized input: each is far beyond every bound, and each once trapped.
const long = 'a'.repeat(5e7);
const kinds = {
  'a long ASCII string': long,
  // 2**28 units: the input of the security review; 3 bytes each once copied as UTF-8.
  'a long CJK string': '日'.repeat(2 ** 28),
  'an array of long strings': Array(100).fill(long),
  'an array of a million items': Array(1e6).fill('repo'),
  'an object with a long key': { ['k'.repeat(1e7)]: 1, name: 'x' },
  'an object with 100 000 keys': Object.fromEntries(Array.from({ length: 1e5 }, (_, i) => [`k${i}`, i])),
};

/** Each export with each argument position replaced by `bad`. */
const calls = (bad) => [
  ['mint({ name })', () => pm.mint({ name: bad })],
  ['mint({ format })', () => pm.mint({ name: 'a', format: bad })],
  ['mint({ prefix })', () => pm.mint({ name: 'a', prefix: bad })],
  ['mint({ expiresAt })', () => pm.mint({ name: 'a', expiresAt: bad })],
  ['mint({ scopes })', () => pm.mint({ name: 'a', scopes: bad })],
  ['mint(options)', () => pm.mint(bad)],
  ['mint({ name, format, prefix, expiresAt })', () => pm.mint({ name: bad, format: bad, prefix: bad, expiresAt: bad })],
  ['check(token)', () => pm.check(bad)],
  ['check(_, prefixes)', () => pm.check('x', bad)],
  ['fingerprint(token)', () => pm.fingerprint(bad)],
  ['mask(token)', () => pm.mask(bad)],
  ['generate(format)', () => pm.generate(bad, 1)],
  ['generate(_, count)', () => pm.generate('ghp', bad)],
  ['normalizeScopes(scopes)', () => pm.normalizeScopes(bad)],
  ['scan(text)', () => sc.scan(bad)],
  ['scan(_, prefixes)', () => sc.scan('x', bad)],
  ['redact(text)', () => sc.redact(bad)],
  ['redact(_, prefixes)', () => sc.redact('x', bad)],
  ['verify(token)', () => vf.verify(bad, '[]')],
  ['verify(_, recordsJson)', () => vf.verify('x', bad)],
  ['verify(_, _, requirement)', () => vf.verify('x', '[]', bad)],
  ['verify(_, _, { scopes })', () => vf.verify('x', '[]', { scopes: bad })],
  ['verify(_, _, { permissions })', () => vf.verify('x', '[]', { permissions: bad })],
  ['verify(_, _, { repository })', () => vf.verify('x', '[]', { repository: bad })],
];

/**
 * The coded error of `fn`, or the code of the verdict it returns (check and verify answer a bad
 * token, not throw).
 */
function outcome(fn) {
  let result;
  try {
    result = fn();
  } catch {
    return codeOf(fn);
  }
  return result?.code ?? (result?.allowed === false ? result.reason : 'ok');
}

test('every export × every argument × every oversized kind: a coded error, never a trap', () => {
  const before = pm.mint({ name: 'held across', scopes: ['repo'], expiresInDays: 7 });
  const held = before.reveal();
  const seen = new Set();
  for (const [kind, bad] of Object.entries(kinds)) {
    for (const [call, fn] of calls(bad)) {
      const code = outcome(fn);
      assert.notEqual(code, 'ok', `${call} accepted ${kind}`);
      seen.add(code);
    }
  }
  // Too long, too many, wrong type or an unknown option: each says what, and the limit.
  assert.ok(seen.has('too_long') && seen.has('invalid_argument') && seen.has('invalid_options'), [...seen].join());
  let tooLong = 0;
  for (const [call, fn] of calls('日'.repeat(2 ** 20))) {
    try {
      fn();
    } catch (err) {
      if (err.code === 'too_long') assert.match(err.message, /at most \d+/, call);
      tooLong += err.code === 'too_long';
    }
  }
  assert.ok(tooLong > 5, `only ${tooLong} calls said too_long: nothing much was checked`);
  // Both instances still work, and the token handled before is exactly where it should be.
  const minted = pm.mint({ name: 'after', scopes: ['repo'], expiresInDays: 7 });
  const secret = minted.reveal();
  assert.equal(pm.check(secret).valid, true);
  const text = `token ${secret} ${'日'.repeat(3e7)}`;
  assert.equal(sc.scan(text).filter((f) => f.verified).length, 1);
  assert.deepEqual(vf.verify(secret, JSON.stringify([minted.record()]), { scopes: ['repo'] }), { allowed: true, name: 'after' });
  minted.free();
  before.free();
  for (const [name, wasm] of [['minting', mintWasm], ['scanner', scanWasm], ['verifier', verifyWasm]]) {
    assertNotInWasmMemory(wasm, secret, `${name} instance after the oversized calls`);
    assertNotInWasmMemory(wasm, held, `${name} instance after the oversized calls`);
  }
});

test('the limits are the ones the messages state', () => {
  const message = (fn) => {
    try {
      fn();
    } catch (err) {
      return `${err.code}: ${err.message}`;
    }
    return 'ok';
  };
  assert.match(message(() => pm.normalizeScopes(Array(257).fill('repo'))), /^too_long: .*at most 256/);
  assert.deepEqual(pm.normalizeScopes(Array(256).fill('repo')), ['repo']);
  assert.match(message(() => pm.check('x', ['a'.repeat(257)])), /^too_long: .*at most 256 characters/);
  assert.match(message(() => pm.mint({ name: 'a'.repeat(1025) })), /^too_long: name is too long: at most 1024/);
  assert.match(message(() => pm.mint({ name: 'a'.repeat(1024) })), /^name_too_long/);
  assert.match(message(() => vf.verify('x', ' '.repeat(2 ** 22 + 1))), /^too_long: the records JSON is too long: at most 4194304 characters/);
  assert.match(message(() => vf.verify('x', `[${' '.repeat(2 ** 22 - 2)}]`)), /^ok$/);
});
