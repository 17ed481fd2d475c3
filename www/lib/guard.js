// Never reuse a wasm instance that has trapped. Shared by the pages' loader (load-patmint.js)
// and every entry of the npm package (npm/), which differ only in where the wasm bytes and a
// fresh copy of the glue come from.
//
// Every export is called through a guard. patmint's own errors are `PatmintError`s returned
// by design, after the call has cleaned up. Any other exception has unwound through wasm
// frames — a trap (`RuntimeError`), or a JS import that threw halfway through a copy — so no
// destructor ran and a secret may be left in memory, unscrubbed. Then the whole linear memory
// is zeroed, the instance is dropped, and a fresh one (with a fresh copy of the glue, since the
// glue keeps its instance in module state) is made from the already compiled wasm.

/** An error patmint throws by design: typed, coded, raised after the export returned. */
export function isPatmintError(err) {
  return err instanceof Error && err.name === 'PatmintError' && typeof err.code === 'string';
}

/** A `PatmintError` raised by the JS side (the wasm raises its own). */
export function patmintError(code, message) {
  const err = new Error(message);
  err.name = 'PatmintError';
  err.code = code;
  return err;
}

/**
 * Base64 to bytes: natively where the browser has it (Chromium 140, Firefox 133; a few times
 * faster than a JS loop over `atob`, and start-up waits for it), else through `atob`.
 */
function fromBase64(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * The wasm inside a JS module (see build.sh), decoded without a request: base64 of the wasm
 * gzipped (the pages, sent over a network) or as it is (the extension, read from its package).
 */
export async function decodeWasm(base64) {
  const bytes = fromBase64(base64);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes; // not gzip: `\0asm` already
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

/**
 * The package instantiated from `compiled` (a `WebAssembly.Module`), as an object with the
 * package's functions, each guarded. `newGlue(generation)` returns (or resolves to) a fresh
 * copy of the wasm-bindgen glue: a module namespace whose state no other copy shares. `ready`
 * resolves once the functions can be called (again, after a restart); `memory()` is the current
 * instance's memory (for tests and audits).
 */
export async function guardedPackage(newGlue, compiled) {
  let generation = 0;
  let current;
  const api = {};
  const start = async () => {
    generation += 1;
    const glue = await newGlue(generation);
    const exports = await glue.default({ module_or_path: compiled });
    current = { glue, exports };
  };
  const poison = () => {
    const { exports } = current;
    current = undefined;
    new Uint8Array(exports.memory.buffer).fill(0);
    api.ready = start();
  };
  api.ready = start();
  await api.ready;
  for (const [name, value] of Object.entries(current.glue)) {
    // Functions only: not the initialisers, not classes (their instances come from functions).
    if (typeof value !== 'function' || name === 'default' || name === 'initSync') continue;
    if (/^[A-Z]/.test(name)) continue;
    api[name] = (...args) => {
      if (!current) throw patmintError('restarting', 'patmint is restarting after an internal error: try again in a moment');
      try {
        return current.glue[name](...args);
      } catch (err) {
        if (!isPatmintError(err)) poison();
        throw err;
      }
    };
  }
  api.memory = () => current?.exports.memory;
  return api;
}
