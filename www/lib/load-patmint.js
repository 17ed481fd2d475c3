// Loads the patmint wasm module under a CSP with `connect-src 'none'`.
//
// fetch() is governed by connect-src, so the usual `init()` (which fetches patmint_bg.wasm) is
// blocked by design: the page must not be able to make any request. build.sh therefore ships the
// wasm inside a JS module (gzip, base64) that script-src 'self' allows; it is inflated here with
// DecompressionStream, which is not a network request.
import init from '../pkg/patmint.js';
import wasmGzipBase64 from '../pkg/patmint_wasm.js';

let ready;

/** Instantiates the wasm once; resolves when every patmint export can be called. */
export function loadPatmint() {
  ready ??= (async () => {
    const bin = atob(wasmGzipBase64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    const wasm = await new Response(stream).arrayBuffer();
    await init({ module_or_path: wasm });
  })();
  return ready;
}
