// The one façade over the browser's extension APIs (chrome.* in Chromium, browser.* in Firefox),
// in the spirit of uBlock Origin Lite's ext.js: the rest of the extension never touches them.
// Only records, settings and fingerprints are ever stored — never a token.
import { isRecord, DEFAULT_CLEAR_DELAY, DEFAULT_EXPIRATION, pickLanguage } from '../www/lib/model.js';
import { MESSAGE } from './messages.js';

export const api = globalThis.browser ?? globalThis.chrome;

export const DEFAULT_SETTINGS = Object.freeze({
  format: 'ghp',
  prefix: '',
  expiration: DEFAULT_EXPIRATION,
  scopes: [],
  clearDelay: DEFAULT_CLEAR_DELAY,
  lang: 'auto',
  /** The server tokens are for ("Use it"): `{ host, variables: { [format]: name } }` (use-token.js). */
  server: { host: '', variables: {} },
});

export async function loadSettings() {
  const { settings } = await api.storage.local.get('settings');
  return { ...DEFAULT_SETTINGS, ...(settings ?? {}) };
}

export function saveSettings(settings) {
  const clean = {};
  for (const key of Object.keys(DEFAULT_SETTINGS)) clean[key] = settings[key] ?? DEFAULT_SETTINGS[key];
  return api.storage.local.set({ settings: clean });
}

export async function loadRecords() {
  const { records } = await api.storage.local.get('records');
  return Array.isArray(records) ? records.filter((r) => isRecord(r)) : [];
}

export function saveRecords(records) {
  return api.storage.local.set({ records: records.filter((r) => isRecord(r)) });
}

/** The UI language: the user's choice, else the browser's. */
export function languageOf(settings) {
  if (settings.lang === 'en' || settings.lang === 'ja') return settings.lang;
  return pickLanguage([api.i18n.getUILanguage(), ...(globalThis.navigator?.languages ?? [])]);
}

/** Asks the background to clear the clipboard later, if it still holds what has this fingerprint. */
export function scheduleClipboardClear(fingerprint, delaySeconds) {
  return api.runtime.sendMessage({ type: MESSAGE.scheduleClear, fingerprint, delaySeconds });
}

/** Counts of the last "Copy with tokens redacted", and the fingerprints of the records found: `{ ok, found, verified, mine, at }` or null. */
export async function lastRedaction() {
  const { lastRedaction: last } = await api.storage.local.get('lastRedaction');
  return last ?? null;
}

export async function lastClipboardClear() {
  const { lastClear } = await api.storage.local.get('lastClear');
  return lastClear ?? null;
}

export function openOptions() {
  return api.runtime.openOptionsPage();
}

/**
 * Answers the messages this extension sends whose type has a handler in `handlers`
 * (`{ [type]: async (message) => value }`), with `{ ok: true, value }` or `{ ok: false, error }`.
 * Other types are left to the other listeners. Every open extension page receives such a
 * message: nothing secret is ever sent this way (see inDocument).
 */
export function answerMessages(handlers) {
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== api.runtime.id || !Object.hasOwn(handlers, message?.type)) return false;
    Promise.resolve(message)
      .then(handlers[message.type])
      .then(
        (value) => sendResponse({ ok: true, value }),
        (err) => sendResponse({ ok: false, error: String(err?.message ?? err) }),
      );
    return true; // the response is asynchronous
  });
}

/**
 * Runs the clipboard job `type` of `documentJobs` (clipboard.js) with `payload` in a document,
 * and resolves to its result; rejects if it failed or no document answered. A service worker
 * has no clipboard (and may not import() the scanner): in Chrome the job runs in an offscreen
 * document (reason CLIPBOARD), as Bitwarden's browser client does; Firefox's background page
 * is such a document itself, and runs it in place.
 *
 * In Chrome the job travels over a port the offscreen document opened (`takeJobs`), to that
 * document alone: `runtime.sendMessage` would hand it — a selection to redact, tokens and all —
 * to every open extension page (the popup, the options page).
 */
export async function inDocument(type, payload) {
  const message = { ...payload, type };
  if (!globalThis.chrome?.offscreen) {
    const { documentJobs } = await import('./clipboard.js');
    if (!Object.hasOwn(documentJobs, type)) throw new Error(`no clipboard job ${type}`);
    return documentJobs[type](message);
  }
  return withOffscreenDocument(message);
}

/** The name of the port on which Chrome's offscreen document takes its jobs. */
const JOB_PORT = 'patmint-clipboard-jobs';
/** How long a new offscreen document has to connect (it loads one small module). */
const CONNECT_MS = 10_000;

/**
 * In Chrome's offscreen document: connects to the background and runs the jobs of `handlers`
 * (`{ [type]: async (job) => value }`) that arrive on that port, answering each on it with
 * `{ id, ok: true, value }` or `{ id, ok: false, error }`.
 */
export function takeJobs(handlers) {
  const port = api.runtime.connect({ name: JOB_PORT });
  port.onMessage.addListener((job) => {
    const run = Object.hasOwn(handlers, job?.type)
      ? Promise.resolve(job).then(handlers[job.type])
      : Promise.reject(new Error(`no clipboard job ${job?.type}`));
    run.then(
      (value) => port.postMessage({ id: job?.id, ok: true, value }),
      (err) => port.postMessage({ id: job?.id, ok: false, error: String(err?.message ?? err) }),
    );
  });
}

// The background's end of the offscreen document's port, and who waits for it to connect.
let jobPort = null;
let connected = null;
let listening = false;
let lastJob = 0;

function listenForDocument() {
  if (listening) return;
  listening = true;
  api.runtime.onConnect.addListener((port) => {
    // Only the offscreen document of this extension; any other page's port is ignored.
    const sender = port.sender ?? {};
    if (port.name !== JOB_PORT || sender.id !== api.runtime.id || sender.url !== api.runtime.getURL('offscreen.html')) return;
    jobPort = port;
    port.onDisconnect.addListener(() => {
      if (jobPort === port) jobPort = null;
    });
    connected?.(port);
  });
}

/** The offscreen document's port: the open document's, or a new document's once it connects. */
async function documentPort() {
  if (jobPort) return jobPort;
  listenForDocument();
  // A document without a port lost it (the worker was stopped meanwhile): a new one connects.
  const open = await api.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  if (open.length > 0) await api.offscreen.closeDocument().catch(() => {});
  let timer;
  const port = new Promise((resolve, reject) => {
    connected = resolve;
    timer = setTimeout(() => reject(new Error('the offscreen document did not connect')), CONNECT_MS);
  });
  try {
    await api.offscreen.createDocument({
      url: 'offscreen.html',
      reasons: ['CLIPBOARD'],
      justification: 'Clear the copied token from the clipboard after the chosen delay; copy selected text with its tokens redacted.',
    });
    return await port;
  } finally {
    clearTimeout(timer);
    connected = null;
  }
}

/** Sends `message` on `port` and resolves to the document's answer to it. */
function ask(port, message) {
  const id = ++lastJob;
  return new Promise((resolve, reject) => {
    const done = () => {
      port.onMessage.removeListener(onMessage);
      port.onDisconnect.removeListener(onDisconnect);
    };
    const onMessage = (reply) => {
      if (reply?.id !== id) return;
      done();
      if (reply.ok) resolve(reply.value);
      else reject(new Error(reply.error ?? 'the offscreen document did not answer'));
    };
    const onDisconnect = () => {
      done();
      reject(new Error('the offscreen document did not answer'));
    };
    port.onMessage.addListener(onMessage);
    port.onDisconnect.addListener(onDisconnect);
    port.postMessage({ ...message, id });
  });
}

// Jobs run one after another in one document; the last job queued closes it, so a close can
// never pull the document from under a job that is about to use it.
let offscreenQueue = Promise.resolve();
let offscreenQueued = 0;
function withOffscreenDocument(message) {
  offscreenQueued++;
  const job = offscreenQueue.then(async () => {
    try {
      return await ask(await documentPort(), message);
    } finally {
      if (--offscreenQueued === 0) {
        jobPort = null; // its document is closed next
        await api.offscreen.closeDocument().catch(() => {});
      }
    }
  });
  offscreenQueue = job.catch(() => {});
  return job;
}
