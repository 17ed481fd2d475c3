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

/** Runs `fn` with `globalThis.navigator` standing for a browser's, with this `clipboard`. */
function withClipboard(clipboard, fn) {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { configurable: true, writable: true, value: { clipboard } });
  try {
    return fn();
  } finally {
    if (saved) Object.defineProperty(globalThis, 'navigator', saved);
    else delete globalThis.navigator;
  }
}

test('an import throwing an error shaped like a PatmintError is no PatmintError: zeroed and replaced', async () => {
  const pm = await loadPatmint();
  await pm.ready;
  const minted = pm.mint({ name: 'held', expiresInDays: 7 });
  const secret = minted.reveal();
  const old = pm.memory();
  const now = Date.now;
  Date.now = () => {
    const posing = new Error('not patmint');
    posing.name = 'PatmintError';
    posing.code = 'invalid_options';
    throw posing;
  };
  try {
    assert.throws(() => pm.mint({ name: 'x', expiresInDays: 7 }), (err) => err.name === 'PatmintError' && !isPatmintError(err));
  } finally {
    Date.now = now;
  }
  assertNotInWasmMemory({ memory: old }, secret, 'the instance an import failed in');
  // The token it held went with it: its methods say so, free() does nothing.
  assert.throws(() => minted.reveal(), (err) => isPatmintError(err) && err.code === 'dropped');
  assert.throws(() => minted.masked, (err) => isPatmintError(err) && err.code === 'dropped');
  minted.free();
  await pm.ready;
  assert.notEqual(pm.memory(), old);
});

test('a real PatmintError of another call, rethrown by an import, is no error of this call: zeroed and replaced', async () => {
  const pm = await loadPatmint();
  const vf = await loadVerifier();
  await pm.ready;
  const minted = pm.mint({ name: 'held', expiresInDays: 7 });
  const secret = minted.reveal();
  const old = pm.memory();
  const now = Date.now;
  Date.now = () => {
    Date.now = now;
    vf.checkRecordsFile('{'); // the verifier's own error, raised by design there
  };
  try {
    assert.throws(() => pm.mint({ name: 'x', expiresInDays: 7 }), (err) => isPatmintError(err));
  } finally {
    Date.now = now;
  }
  assertNotInWasmMemory({ memory: old }, secret, 'the instance the import failed in');
  assert.ok(new Uint8Array(old.buffer).every((b) => b === 0), 'the old memory is zeroed');
  await pm.ready;
  assert.equal(vf.checkRecordsFile('[]'), 0, 'the verifier, whose error it was, stays');
});

test('a MintedToken\'s methods are guarded: a clipboard throwing mid-call zeroes the instance; free() still works', async () => {
  const pm = await loadPatmint();
  await pm.ready;
  const minted = pm.mint({ name: 'copied', expiresInDays: 7 });
  const secret = minted.reveal();
  const old = pm.memory();
  // writeText throws synchronously, inside copyToClipboard(), with the token borrowed.
  const throwing = { writeText() { throw new TypeError('simulated synchronous clipboard failure'); } };
  assert.throws(() => withClipboard(throwing, () => minted.copyToClipboard()), TypeError);
  assertNotInWasmMemory({ memory: old }, secret, 'the instance the clipboard failed in');
  minted.free(); // not "attempted to take ownership of Rust value while it was borrowed"
  assert.throws(() => minted.reveal(), (err) => isPatmintError(err) && err.code === 'dropped');
  await pm.ready;

  // The fresh instance: a refusal is patmint's own coded rejection, and leaves it in place.
  const memory = pm.memory();
  const fresh = pm.mint({ name: 'refused', expiresInDays: 7 });
  const refusing = { writeText: () => Promise.reject(new Error('denied')) };
  await assert.rejects(withClipboard(refusing, () => fresh.copyToClipboard()), (err) => isPatmintError(err) && err.code === 'clipboard_denied');
  assert.match(fresh.masked, /^ghp_/);
  // A freed token gets a coded error, not a null-pointer trap (which would poison the instance).
  fresh.free();
  assert.throws(() => fresh.reveal(), (err) => isPatmintError(err) && err.code === 'freed');
  fresh.free();
  assert.equal(pm.memory(), memory, 'coded errors keep the instance');
  assert.equal(pm.check(pm.generate('ghp', 1)[0]).valid, true);
});
