// Shared by the tests of the shipped release packages (wasm-release, scan-release).
import assert from 'node:assert/strict';

/** Every 12-character window of `secret` (prefix-only windows excepted) absent from memory. */
export function assertNotInWasmMemory(wasm, secret, what) {
  const memory = Buffer.from(wasm.memory.buffer);
  const bytes = Buffer.from(secret, 'utf8');
  for (let i = 0; i + 12 <= bytes.length; i++) {
    const window = bytes.subarray(i, i + 12);
    if (/^[a-z_]+$/.test(window.toString())) continue;
    const at = memory.indexOf(window);
    assert.equal(at, -1, `${what}: bytes ${i}..${i + 12} of the secret found in wasm memory at ${at}`);
  }
}

export function codeOf(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof Error, `not an Error: ${err}`);
    assert.ok(!(err instanceof WebAssembly.RuntimeError), `wasm trap: ${err.message}`);
    assert.equal(typeof err.code, 'string', `no code on: ${err.message}`);
    return err.code;
  }
  assert.fail('did not throw');
}
