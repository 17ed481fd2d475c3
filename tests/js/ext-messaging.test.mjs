// The extension's messaging (extension/ext.js): answerMessages answers only this extension and
// only the types of its table; inDocument runs a job in Chrome's offscreen document, one at a
// time, closing the document after the last, and turns a failed or missing answer into an
// error. Runs the source (extension/ext.js, which imports www/lib's DOM-free modules, no wasm)
// against a fake `chrome`; the e2e tests run the real thing in both browsers.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const ORIGIN = 'chrome-extension://patmint';

/** Two connected ends of a fake `runtime.Port`: what one posts, the other's listeners get. */
function portPair(name, sender) {
  const end = () => {
    const listeners = { message: new Set(), disconnect: new Set() };
    return {
      name,
      listeners,
      onMessage: { addListener: (f) => listeners.message.add(f), removeListener: (f) => listeners.message.delete(f) },
      onDisconnect: { addListener: (f) => listeners.disconnect.add(f), removeListener: (f) => listeners.disconnect.delete(f) },
    };
  };
  const a = end();
  const b = { ...end(), sender };
  const link = (from, to) => {
    from.postMessage = (m) => {
      const copy = structuredClone(m); // what crosses a port is a copy
      queueMicrotask(() => [...to.listeners.message].forEach((f) => f(copy)));
    };
    from.disconnect = () => queueMicrotask(() => [...to.listeners.disconnect].forEach((f) => f()));
  };
  link(a, b);
  link(b, a);
  return [a, b];
}

/**
 * A fake `chrome`: runtime messaging between "contexts", ports, and an offscreen document whose
 * loading runs `fake.onDocument` (the document's script). Every other open page listens too:
 * `fake.pages` records whatever reaches them.
 */
function fakeChrome() {
  const fake = {
    listeners: [],
    connectListeners: [],
    open: false,
    events: [],
    pages: [],
    onDocument: null,
    documentPorts: [],
    runtime: {
      id: 'patmint',
      getURL: (path) => `${ORIGIN}/${path}`,
      onMessage: { addListener: (f) => fake.listeners.push(f) },
      onConnect: { addListener: (f) => fake.connectListeners.push(f) },
      getContexts: async () => (fake.open ? [{ contextType: 'OFFSCREEN_DOCUMENT' }] : []),
      // What the offscreen document's listeners answer (none answering: undefined); every
      // other open page gets the message too.
      sendMessage: (message) => {
        fake.pages.push(structuredClone(message));
        return deliver(fake, message, { id: 'patmint' });
      },
      // Only the offscreen document connects here.
      connect: ({ name }) => {
        const [mine, theirs] = portPair(name, { id: 'patmint', url: `${ORIGIN}/offscreen.html` });
        fake.documentPorts.push(mine);
        queueMicrotask(() => fake.connectListeners.forEach((f) => f(theirs)));
        return mine;
      },
    },
    offscreen: {
      createDocument: async () => {
        fake.events.push('create');
        fake.open = true;
        fake.onDocument?.();
      },
      closeDocument: async () => {
        fake.events.push('close');
        fake.open = false;
        for (const port of fake.documentPorts.splice(0)) port.disconnect();
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

// The source modules (no build needed), after the fake `chrome` that ext.js reads at load.
const fake = fakeChrome();
globalThis.chrome = fake;
const ext = await import('../../extension/ext.js');
const { MESSAGE } = await import('../../extension/messages.js');

test('message types are named once, and distinct', () => {
  const types = Object.values(MESSAGE);
  assert.equal(new Set(types).size, types.length);
  assert.ok(Object.isFrozen(MESSAGE));
});

test('answerMessages: its table\'s types from this extension only; errors become { ok: false }', async () => {
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

test('inDocument: one offscreen document for queued jobs, closed after the last; failures throw', async () => {
  fake.listeners.length = 0;
  fake.events.length = 0;
  let running = 0;
  fake.onDocument = () => ext.takeJobs({
    [MESSAGE.clearClipboard]: async ({ fingerprint }) => {
      assert.equal(++running, 1, 'one job at a time');
      await new Promise((ok) => setTimeout(ok, 5));
      running--;
      return fingerprint === 'f1' ? 'cleared' : 'changed';
    },
    [MESSAGE.copyRedacted]: async () => {
      throw new Error('no scanner');
    },
  });
  const results = await Promise.allSettled([
    ext.inDocument(MESSAGE.clearClipboard, { fingerprint: 'f1' }),
    ext.inDocument(MESSAGE.clearClipboard, { fingerprint: 'f2' }),
    ext.inDocument(MESSAGE.copyRedacted, { text: 'x', prefixes: [] }),
  ]);
  assert.deepEqual(results.slice(0, 2).map((r) => r.value), ['cleared', 'changed']);
  assert.match(String(results[2].reason), /no scanner/);
  assert.deepEqual(fake.events, ['create', 'close']);
  assert.equal(fake.open, false);

  // The document connects, then goes away without an answer.
  fake.onDocument = () => {
    const port = fake.runtime.connect({ name: 'patmint-clipboard-jobs' });
    port.onMessage.addListener(() => port.disconnect());
  };
  await assert.rejects(ext.inDocument(MESSAGE.clearClipboard, { fingerprint: 'f1' }), /did not answer/);
  assert.deepEqual(fake.events, ['create', 'close', 'create', 'close']);
});

test('inDocument: a document that never connects is given up on, in bounded time', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  fake.events.length = 0;
  fake.onDocument = () => {};
  const job = ext.inDocument(MESSAGE.clearClipboard, { fingerprint: 'f1' });
  const settled = assert.rejects(job, /did not connect/);
  for (let i = 0; i < 20 && fake.events.length === 0; i++) await Promise.resolve();
  t.mock.timers.tick(10_000);
  await settled;
  assert.deepEqual(fake.events, ['create', 'close']);
});

test('inDocument: the selection to redact reaches the offscreen document alone, never the other extension pages', { timeout: 5000 }, async () => {
  const SECRET = 'ghp_' + 'A1b2C3d4E5'.repeat(3) + 'zzzzzz';
  fake.listeners.length = 0;
  fake.pages.length = 0;
  const received = [];
  fake.onDocument = () => ext.takeJobs({
    [MESSAGE.copyRedacted]: async ({ text }) => {
      received.push(text);
      return { ok: true, found: 1, verified: 0, mine: [] };
    },
  });
  // A port opened by another page (e.g. the popup) is not taken for the document's.
  fake.connectListeners.forEach((f) => f(portPair('patmint-clipboard-jobs', { id: 'patmint', url: `${ORIGIN}/popup.html` })[1]));
  const outcome = await ext.inDocument(MESSAGE.copyRedacted, { text: `token=${SECRET}`, prefixes: [], known: [] });
  assert.equal(outcome.found, 1);
  assert.deepEqual(received, [`token=${SECRET}`], 'the document redacts it');
  assert.ok(!JSON.stringify(fake.pages).includes(SECRET.slice(4, 16)), `broadcast to every page: ${JSON.stringify(fake.pages)}`);
});
