// Never reuse a wasm instance that has trapped. Shared by the pages' loader (load-patmint.js)
// and every entry of the npm package (npm/), which differ only in where the wasm bytes and a
// fresh copy of the glue come from.
//
// Every export is called through a guard, and so is every method and getter of every class the
// package exports (a `MintedToken`'s `reveal()`, `copyToClipboard()`, `free()`, …). patmint's
// own errors are returned by design, after the call has cleaned up; they are recognised by
// identity, never by shape: the wasm makes each one through its glue, which remembers it, and
// the guard asks the glue (`__patmintErrors`, crates/patmint-wasm/src/lib.rs). Any other exception — even one
// named `PatmintError` with a `code`, even a real patmint error of another call rethrown by an
// import — has unwound through wasm frames: a trap (`RuntimeError`), or a JS import that threw
// halfway through a copy, so no destructor ran, a borrow may be stuck and a secret may be left
// in memory, unscrubbed. Then the objects handed out by that instance are cut loose from it
// (their finalisers would call into it), the whole linear memory is zeroed, the instance is
// dropped, and a fresh one (with a fresh copy of the glue, since the glue keeps its instance in
// module state) is made from the already compiled wasm.

/** Every error patmint raised by design, as the guard (or the JS side) made or saw it. */
const OURS = new WeakSet();

/** An error patmint throws by design: typed, coded, raised after the export returned. */
export function isPatmintError(err) {
  return typeof err === 'object' && err !== null && OURS.has(err);
}

/** A `PatmintError` raised by the JS side (the wasm raises its own). */
export function patmintError(code, message) {
  const err = new Error(message);
  err.name = 'PatmintError';
  err.code = code;
  OURS.add(err);
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
 * package's functions, each guarded (and the methods of the objects they return). `newGlue(generation)`
 * returns (or resolves to) a fresh copy of the wasm-bindgen glue: a module namespace whose state
 * no other copy shares. `ready` resolves once the functions can be called (again, after a
 * restart); `memory()` is the current instance's memory (for tests and audits).
 */
export async function guardedPackage(newGlue, compiled) {
  let generation = 0;
  let current;
  const api = {};

  const start = async () => {
    generation += 1;
    const glue = await newGlue(generation);
    const exports = await glue.default({ module_or_path: compiled });
    const made = glue.__patmintErrors?.();
    if (typeof made !== 'function') throw new Error('patmint: this glue cannot tell its own errors (an older build?)');
    const state = { glue, exports, made, live: new Set(), prune: 64, classes: new Set() };
    for (const [name, value] of Object.entries(glue)) {
      if (/^[A-Z]/.test(name) && typeof value === 'function' && value.prototype) guardClass(state, value.prototype);
    }
    current = state;
  };

  // Cuts the objects of `state` loose (no finaliser of theirs calls into the instance once its
  // memory is zeroed), zeroes that memory and starts a fresh instance. Once per instance: a
  // nested call that failed first has done it already.
  const poison = (state) => {
    if (current !== state) return;
    current = undefined;
    for (const ref of state.live) ref.deref()?.__destroy_into_raw?.();
    state.live.clear();
    new Uint8Array(state.exports.memory.buffer).fill(0);
    api.ready = start();
  };

  // Remembers an object the instance handed out (a `MintedToken`), to cut it loose on a poison.
  const track = (state, value) => {
    if (typeof value !== 'object' || value === null || !state.classes.has(Object.getPrototypeOf(value))) return;
    state.live.add(new WeakRef(value));
    if (state.live.size >= state.prune) {
      for (const ref of state.live) if (!ref.deref()) state.live.delete(ref);
      state.prune = Math.max(64, state.live.size * 2);
    }
  };

  // Runs `call` (into the instance of `state`): patmint's own errors pass through; anything
  // else poisons the instance. A rejection comes after the export returned (nothing unwound).
  const run = (state, call) => {
    let result;
    try {
      result = call();
    } catch (err) {
      if (state.made(err)) OURS.add(err);
      else poison(state);
      throw err;
    }
    if (result instanceof Promise) {
      return result.catch((err) => {
        if (state.made(err)) OURS.add(err);
        throw err;
      });
    }
    track(state, result);
    return result;
  };

  // Every method, getter and setter of a class of the glue, guarded. An object of an instance
  // since dropped has nothing left to give (its memory is zeroed): a coded error, and `free()`
  // does nothing; nor does the object of a freed one reach the wasm (a null-pointer trap).
  const guardClass = (state, proto) => {
    state.classes.add(proto);
    for (const key of Reflect.ownKeys(proto)) {
      if (key === 'constructor' || (typeof key === 'string' && key.startsWith('__'))) continue;
      const described = Object.getOwnPropertyDescriptor(proto, key);
      const frees = key === 'free' || key === Symbol.dispose;
      const guard = (fn) =>
        function guarded(...args) {
          if (current !== state) {
            if (frees) return undefined;
            throw patmintError('dropped', 'patmint restarted after an internal error, and this token went with it: mint another');
          }
          if (this?.__wbg_ptr === 0) {
            if (frees) return undefined;
            throw patmintError('freed', 'this token was freed: its secret is gone');
          }
          return run(state, () => fn.apply(this, args));
        };
      for (const part of ['value', 'get', 'set']) {
        if (typeof described[part] === 'function') described[part] = guard(described[part]);
      }
      Object.defineProperty(proto, key, described);
    }
  };

  api.ready = start();
  await api.ready;
  for (const [name, value] of Object.entries(current.glue)) {
    // Functions only: not the initialisers, not the guard's own hook, not classes (their
    // objects come from functions, and their methods are guarded above).
    if (typeof value !== 'function' || name === 'default' || name === 'initSync' || name.startsWith('__')) continue;
    if (/^[A-Z]/.test(name)) continue;
    api[name] = (...args) => {
      const state = current;
      if (!state) throw patmintError('restarting', 'patmint is restarting after an internal error: try again in a moment');
      return run(state, () => state.glue[name](...args));
    };
  }
  api.memory = () => current?.exports.memory;
  return api;
}
