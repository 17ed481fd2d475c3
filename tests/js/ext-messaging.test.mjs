// The extension's messaging (extension/ext.js): answerMessages answers only this extension and
// only the types of its table; inDocument runs a job in Chrome's offscreen document, one at a
// time, closing the document after the last, and turns a failed or missing answer into an
// error. Runs the built Chrome package (dist/chrome/ext.js: its lib/ is assembled by build.sh)
// against a fake `chrome`; the e2e tests run the real thing in both browsers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { skipUnlessBuilt } from './built.mjs';

const EXT = fileURLToPath(new URL('../../dist/chrome/ext.js', import.meta.url));
const skip = skipUnlessBuilt(EXT);

/** A fake `chrome`: runtime messaging between "contexts" and an offscreen document. */
function fakeChrome() {
  const fake = {
    listeners: [],
    open: false,
    events: [],
    runtime: {
      id: 'patmint',
      onMessage: { addListener: (f) => fake.listeners.push(f) },
      getContexts: async () => (fake.open ? [{ contextType: 'OFFSCREEN_DOCUMENT' }] : []),
      // What the offscreen document's listeners answer (none answering: undefined).
      sendMessage: (message) => deliver(fake, message, { id: 'patmint' }),
    },
    offscreen: {
      createDocument: async () => {
        fake.events.push('create');
        fake.open = true;
      },
      closeDocument: async () => {
        fake.events.push('close');
        fake.open = false;
      },
    },
  };
  return fake;
}

function deliver(fake, message, sender) {
  return new Promise((resolve) => {
    let async = false;
    for (const listener of fake.listeners) async = listener(message, sender, resolve) === true || async;
    if (!async) resolve(undefined);
  });
}

let ext;
let fake;
if (!skip) {
  fake = fakeChrome();
  globalThis.chrome = fake;
  ext = await import(EXT);
}

test('message types are named once, and distinct', { skip }, () => {
  const types = Object.values(ext.MESSAGE);
  assert.equal(new Set(types).size, types.length);
  assert.ok(Object.isFrozen(ext.MESSAGE));
});

test('answerMessages: its table\'s types from this extension only; errors become { ok: false }', { skip }, async () => {
  fake.listeners.length = 0;
  ext.answerMessages({
    double: ({ n }) => n * 2,
    fail: async () => {
      throw new Error('no clipboard');
    },
  });
  assert.deepEqual(await deliver(fake, { type: 'double', n: 21 }, { id: 'patmint' }), { ok: true, value: 42 });
  assert.deepEqual(await deliver(fake, { type: 'fail' }, { id: 'patmint' }), { ok: false, error: 'no clipboard' });
  assert.equal(await deliver(fake, { type: 'double', n: 1 }, { id: 'another-extension' }), undefined);
  assert.equal(await deliver(fake, { type: 'toString' }, { id: 'patmint' }), undefined, 'not a handler: inherited');
  assert.equal(await deliver(fake, null, { id: 'patmint' }), undefined);
});

test('inDocument: one offscreen document for queued jobs, closed after the last; failures throw', { skip }, async () => {
  fake.listeners.length = 0;
  fake.events.length = 0;
  let running = 0;
  ext.answerMessages({
    [ext.MESSAGE.clearClipboard]: async ({ fingerprint }) => {
      assert.equal(++running, 1, 'one job at a time');
      await new Promise((ok) => setTimeout(ok, 5));
      running--;
      return fingerprint === 'f1' ? 'cleared' : 'changed';
    },
    [ext.MESSAGE.copyRedacted]: async () => {
      throw new Error('no scanner');
    },
  });
  const results = await Promise.allSettled([
    ext.inDocument(ext.MESSAGE.clearClipboard, { fingerprint: 'f1' }),
    ext.inDocument(ext.MESSAGE.clearClipboard, { fingerprint: 'f2' }),
    ext.inDocument(ext.MESSAGE.copyRedacted, { text: 'x', prefixes: [] }),
  ]);
  assert.deepEqual(results.slice(0, 2).map((r) => r.value), ['cleared', 'changed']);
  assert.match(String(results[2].reason), /no scanner/);
  assert.deepEqual(fake.events, ['create', 'close']);
  assert.equal(fake.open, false);

  fake.listeners.length = 0; // the document answers nothing
  await assert.rejects(ext.inDocument(ext.MESSAGE.clearClipboard, { fingerprint: 'f1' }), /did not answer/);
  assert.deepEqual(fake.events, ['create', 'close', 'create', 'close']);
});
