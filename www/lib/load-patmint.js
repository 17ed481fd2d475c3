// Loads the patmint wasm packages under a CSP with `connect-src 'none'`.
//
// fetch() is governed by connect-src, so the usual `init()` (which fetches the .wasm) is
// blocked by design: the page must not be able to make any request. build.sh therefore ships
// each wasm inside a JS module (gzip, base64) that script-src 'self' allows; it is inflated here
// with DecompressionStream, which is not a network request.
import init from '../pkg/patmint.js';
import wasmGzipBase64 from '../pkg/patmint_wasm.js';

let ready;
let scanner;

async function inflate(gzipBase64) {
  const bin = atob(gzipBase64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

/** Instantiates the minting core once; resolves when every patmint export can be called. */
export function loadPatmint() {
  ready ??= (async () => {
    await init({ module_or_path: await inflate(wasmGzipBase64) });
  })();
  return ready;
}

/**
 * The scanner package (`scan`, `redact`), loaded on first use only: pages that just mint
 * never download it. Resolves to the package's module.
 */
export function loadScanner() {
  scanner ??= (async () => {
    const [glue, wasm] = await Promise.all([
      import('../pkg/patmint_scan.js'),
      import('../pkg/patmint_scan_wasm.js'),
    ]);
    await glue.default({ module_or_path: await inflate(wasm.default) });
    return glue;
  })();
  return scanner;
}
