// Loads the patmint wasm packages under a CSP with `connect-src 'none'`, and never reuses an
// instance that has trapped (guard.js).
//
// fetch() is governed by connect-src, so the usual `init()` (which fetches the .wasm) is
// blocked by design: the page must not be able to make any request. build.sh therefore ships
// each wasm inside a JS module (base64; gzipped for the pages) that script-src 'self' allows;
// decoding it (and inflating it with DecompressionStream) is not a network request.
import wasmBase64 from '../pkg/patmint_wasm.js';
import { guardedPackage, decodeWasm, isPatmintError } from './guard.js';

export { isPatmintError };

let minting;
let scanning;
let verifying;

/**
 * The package at `glueUrl` instantiated from `wasmBase64`, guarded (guard.js). `glueUrl` is
 * relative to this module — or, bundled (build.sh), to the bundle or chunk holding it: the
 * popup's bundle at the extension's root and the page's chunks in www/pkg/ both resolve
 * '../pkg/…' to the glue (a URL's '..' stops at the root). A fresh copy of the glue is a new
 * module record: the first copy is the plain URL; later ones differ by query.
 */
async function loadPackage(glueUrl, wasmBase64) {
  const glue = (generation) => {
    const url = new URL(glueUrl, import.meta.url);
    if (generation > 1) url.searchParams.set('instance', String(generation));
    return import(url.href);
  };
  // The first glue arrives while the wasm is decoded and compiled, not after (start-up).
  const first = glue(1);
  first.catch(() => {}); // awaited by guardedPackage; not "unhandled" meanwhile
  const compiled = await WebAssembly.compile(await decodeWasm(wasmBase64));
  return guardedPackage((generation) => (generation === 1 ? first : glue(generation)), compiled);
}

/** The minting core (`mint`, `check`, `fingerprint`, …), instantiated once. */
export function loadPatmint() {
  minting ??= loadPackage('../pkg/patmint.js', wasmBase64);
  return minting;
}

/**
 * The scanner package (`scan`, `redact`), loaded on first use only: pages that just mint
 * never download it.
 */
export function loadScanner() {
  scanning ??= import('../pkg/patmint_scan_wasm.js').then((wasm) =>
    loadPackage('../pkg/patmint_scan.js', wasm.default),
  );
  return scanning;
}

/**
 * The verifier package (`verify`: the server half, with the export file's JSON parser), loaded
 * on first use only, by the "Try it as a server would" panel.
 */
export function loadVerifier() {
  verifying ??= import('../pkg/patmint_verify_wasm.js').then((wasm) =>
    loadPackage('../pkg/patmint_verify.js', wasm.default),
  );
  return verifying;
}
