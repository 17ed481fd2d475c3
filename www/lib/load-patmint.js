// Loads the patmint wasm packages under a CSP with `connect-src 'none'`, and never reuses an
// instance that has trapped.
//
// fetch() is governed by connect-src, so the usual `init()` (which fetches the .wasm) is
// blocked by design: the page must not be able to make any request. build.sh therefore ships
// each wasm inside a JS module (gzip, base64) that script-src 'self' allows; it is inflated here
// with DecompressionStream, which is not a network request.
//
// Every export is called through a guard. patmint's own errors are `PatmintError`s returned
// by design, after the call has cleaned up. Any other exception has unwound through wasm
// frames — a trap (`RuntimeError`), or a JS import that threw halfway through a copy — so no
// destructor ran and a secret may be left in memory, unscrubbed. Then the whole linear memory
// is zeroed, the instance is dropped, and a fresh one (a new copy of the glue module, since
// the glue keeps its instance in module state) is made from the already compiled wasm.
import wasmGzipBase64 from '../pkg/patmint_wasm.js';

let minting;
let scanning;
let verifying;

async function inflate(gzipBase64) {
  const bin = atob(gzipBase64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

/** An error patmint throws by design: typed, coded, raised after the export returned. */
export function isPatmintError(err) {
  return err instanceof Error && err.name === 'PatmintError' && typeof err.code === 'string';
}

function restarting() {
  const err = new Error('patmint is restarting after an internal error: try again in a moment');
  err.name = 'PatmintError';
  err.code = 'restarting';
  return err;
}

/**
 * The package at `glueUrl` (relative to this file) instantiated from `wasmGzipBase64`, as an
 * object with the package's functions, each guarded; `ready` resolves once it can be called
 * (again, after a restart), `memory()` is the current instance's memory (for tests and audits).
 */
async function guardedPackage(glueUrl, wasmGzipBase64) {
  const compiled = await WebAssembly.compile(await inflate(wasmGzipBase64));
  let generation = 0;
  let current;
  const api = {};
  const start = async () => {
    generation += 1;
    // The first copy is the plain URL (shared with anything else importing it); later ones
    // differ by query, so each is a new module record with fresh state.
    const url = new URL(glueUrl, import.meta.url);
    if (generation > 1) url.searchParams.set('instance', String(generation));
    const glue = await import(url.href);
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
      if (!current) throw restarting();
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

/** The minting core (`mint`, `check`, `fingerprint`, …), instantiated once. */
export function loadPatmint() {
  minting ??= guardedPackage('../pkg/patmint.js', wasmGzipBase64);
  return minting;
}

/**
 * The scanner package (`scan`, `redact`), loaded on first use only: pages that just mint
 * never download it.
 */
export function loadScanner() {
  scanning ??= import('../pkg/patmint_scan_wasm.js').then((wasm) =>
    guardedPackage('../pkg/patmint_scan.js', wasm.default),
  );
  return scanning;
}

/**
 * The verifier package (`verify`: the server half, with the export file's JSON parser), loaded
 * on first use only, by the "Try it as a server would" panel.
 */
export function loadVerifier() {
  verifying ??= import('../pkg/patmint_verify_wasm.js').then((wasm) =>
    guardedPackage('../pkg/patmint_verify.js', wasm.default),
  );
  return verifying;
}
