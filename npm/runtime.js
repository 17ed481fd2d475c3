// What every entry of the npm package shares: `init()` once, then each export called through
// the guard of guard.js (the pages' own: an instance through which anything but one of its own
// PatmintErrors unwound is zeroed and replaced; the methods of the objects it returns too). The entries differ only in where the wasm bytes come from:
// a URL next to the module (browsers, bundlers), the package files (Node) or a JS module
// holding them (embedded, for pages whose CSP has `connect-src 'none'`).
import { guardedPackage, isPatmintError, patmintError } from './guard.js';

export { isPatmintError, patmintError };

/**
 * One wasm package: `init(source)` compiles and instantiates it once (later calls share the
 * first one's promise, which also waits for a restart under way); `call(name, args)` runs an
 * export through the guard.
 */
export function entry(createGlue, load) {
  let loading;
  let api;
  return {
    init(source) {
      loading ??= (async () => {
        const compiled = await load(source);
        // The factory returns a fresh copy of the glue (its own module state) per call.
        api = await guardedPackage(() => createGlue(), compiled);
      })().catch((err) => {
        loading = undefined; // a failed load (e.g. a 404) may be retried
        throw err;
      });
      return loading.then(() => api.ready).then(() => undefined);
    },
    call(name, args) {
      if (!api) throw patmintError('not_initialized', 'patmint is not initialised: call `await init()` first');
      return api[name](...args);
    },
  };
}

/** A `WebAssembly.Module` from what `init()` accepts. */
export async function compileFrom(source, readFile) {
  source = await source;
  if (source instanceof WebAssembly.Module) return source;
  if (typeof source === 'string' || source instanceof URL || (typeof Request === 'function' && source instanceof Request)) {
    const url = source instanceof Request ? source.url : String(source);
    if (readFile && url.startsWith('file:')) return WebAssembly.compile(await readFile(new URL(url)));
    source = await fetch(source);
  }
  if (typeof Response === 'function' && source instanceof Response) {
    if (!source.ok) throw patmintError('wasm_unavailable', `the patmint wasm could not be loaded (HTTP ${source.status})`);
    return WebAssembly.compile(await source.arrayBuffer());
  }
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) return WebAssembly.compile(source);
  throw patmintError('invalid_argument', 'init() takes a URL, a Response, the wasm bytes or a WebAssembly.Module');
}
