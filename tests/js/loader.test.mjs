// The pages' loader (www/lib/load-patmint.js) in Node: an instance through which an exception
// other than patmint's own has unwound (a trap, or a JS import failing halfway through a copy)
// is zeroed and replaced, never reused with a secret left in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNotInWasmMemory } from './release-helpers.mjs';
import { loadPatmint, loadScanner, loadVerifier, isPatmintError } from '../../www/lib/load-patmint.js';

test('loaded once; coded errors leave the instance in place', async () => {
  const pm = await loadPatmint();
  assert.equal(await loadPatmint(), pm);
  const memory = pm.memory();
  assert.throws(() => pm.normalizeScopes(['nope']), (err) => isPatmintError(err) && err.code === 'unknown_scope');
  assert.equal(pm.memory(), memory);
  assert.equal(pm.check(pm.generate('ghp', 1)[0]).valid, true);
});

test('a copy that fails halfway: the scanner instance is zeroed and replaced', async () => {
  const pm = await loadPatmint();
  const sc = await loadScanner();
  const [secret] = pm.generate('ghp', 1);
  const old = sc.memory();
  // The browser's encoder writes the text into wasm memory, then something throws before the
  // export returns: no destructor runs, the copy of the token stays in the heap.
  const encodeInto = TextEncoder.prototype.encodeInto;
  TextEncoder.prototype.encodeInto = function (s, view) {
    encodeInto.call(this, s, view);
    throw new RangeError('simulated failure after the copy');
  };
  try {
    assert.throws(() => sc.scan(`token ${secret}`), RangeError);
  } finally {
    TextEncoder.prototype.encodeInto = encodeInto;
  }
  assertNotInWasmMemory({ memory: old }, secret, 'the trapped instance');
  assert.ok(new Uint8Array(old.buffer).every((b) => b === 0), 'the old memory is zeroed');
  // Until the fresh instance is ready, calls get a coded error; then it works.
  assert.throws(() => sc.scan('x'), (err) => isPatmintError(err) && err.code === 'restarting');
  await sc.ready;
  assert.notEqual(sc.memory(), old);
  const found = sc.scan(`token ${secret}`);
  assert.equal(found.length, 1);
  assert.equal(found[0].verified, true);
});

test('a trap in the minting core: zeroed, replaced, and the held token is gone with it', async () => {
  const pm = await loadPatmint();
  const minted = pm.mint({ name: 'held', expiresInDays: 7 });
  const secret = minted.reveal();
  const old = pm.memory();
  // mint() reads the clock through an import; one that throws unwinds through wasm.
  const now = Date.now;
  Date.now = () => {
    throw new TypeError('simulated failing import');
  };
  try {
    assert.throws(() => pm.mint({ name: 'x', expiresInDays: 7 }), TypeError);
  } finally {
    Date.now = now;
  }
  assertNotInWasmMemory({ memory: old }, secret, 'the trapped instance');
  await pm.ready;
  assert.equal(pm.check(pm.generate('ghp', 1)[0]).valid, true);
  assertNotInWasmMemory({ memory: pm.memory() }, secret, 'the fresh instance');
});

test('the verifier: loaded once, guarded, and a failing import zeroes and replaces it', async () => {
  const pm = await loadPatmint();
  const vf = await loadVerifier();
  assert.equal(await loadVerifier(), vf);
  const minted = pm.mint({ name: 'srv', scopes: ['repo'], expiresInDays: 7 });
  const records = JSON.stringify([minted.record()]);
  const secret = minted.reveal();
  minted.free();
  const memory = vf.memory();
  assert.deepEqual(vf.verify(secret, records, { scopes: ['repo'] }), { allowed: true, name: 'srv' });
  assert.throws(() => vf.verify(secret, records, { scopes: ['nope'] }), (err) => isPatmintError(err) && err.code === 'unknown_scope');
  assert.equal(vf.memory(), memory, 'a coded error keeps the instance');
  // verify() reads the clock through an import; one that throws unwinds through wasm.
  const now = Date.now;
  Date.now = () => {
    throw new TypeError('simulated failing import');
  };
  try {
    assert.throws(() => vf.verify(secret, records), TypeError);
  } finally {
    Date.now = now;
  }
  assert.ok(new Uint8Array(memory.buffer).every((b) => b === 0), 'the old memory is zeroed');
  await vf.ready;
  assert.notEqual(vf.memory(), memory);
  assertNotInWasmMemory({ memory: vf.memory() }, secret, 'the fresh verifier');
  assert.deepEqual(vf.verify(secret, records), { allowed: true, name: 'srv' });
});
