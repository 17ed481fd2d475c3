// The one façade over the browser's extension APIs (chrome.* in Chromium, browser.* in Firefox),
// in the spirit of uBlock Origin Lite's ext.js: the rest of the extension never touches them.
// Only records, settings and fingerprints are ever stored — never a token.
import { isRecord, DEFAULT_CLEAR_DELAY, DEFAULT_EXPIRATION, pickLanguage } from './lib/model.js';

export const api = globalThis.browser ?? globalThis.chrome;

/**
 * The types of the messages between the extension's parts, named here only. Each is answered
 * by one handler table: the background's (`background.js`) or the clipboard document's
 * (`documentJobs` in `clipboard.js`).
 */
export const MESSAGE = Object.freeze({
  /** popup → background: clear the clipboard later, `{ fingerprint, delaySeconds }`. */
  scheduleClear: 'clipboard:schedule',
  /** background → clipboard document: clear it if unchanged, `{ fingerprint }`. */
  clearClipboard: 'offscreen:clear',
  /** background → clipboard document: write a selection redacted, `{ text, prefixes, known }` (known: the records' fingerprints). */
  copyRedacted: 'offscreen:copy-redacted',
});

export const DEFAULT_SETTINGS = Object.freeze({
  format: 'ghp',
  prefix: '',
  expiration: DEFAULT_EXPIRATION,
  scopes: [],
  clearDelay: DEFAULT_CLEAR_DELAY,
  lang: 'auto',
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
 * Other types are left to the other listeners (the popup's messages also reach an open
 * offscreen document).
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
 */
export async function inDocument(type, payload) {
  const message = { ...payload, type };
  if (!globalThis.chrome?.offscreen) {
    const { documentJobs } = await import('./clipboard.js');
    if (!Object.hasOwn(documentJobs, type)) throw new Error(`no clipboard job ${type}`);
    return documentJobs[type](message);
  }
  const reply = await withOffscreenDocument(message);
  if (!reply?.ok) throw new Error(reply?.error ?? 'the offscreen document did not answer');
  return reply.value;
}

// Jobs run one after another in one document; the last job queued closes it, so a close can
// never pull the document from under a job that is about to use it.
let offscreenQueue = Promise.resolve();
let offscreenQueued = 0;
function withOffscreenDocument(message) {
  offscreenQueued++;
  const job = offscreenQueue.then(async () => {
    try {
      const open = await api.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
      if (open.length === 0) {
        await api.offscreen.createDocument({
          url: 'offscreen.html',
          reasons: ['CLIPBOARD'],
          justification: 'Clear the copied token from the clipboard after the chosen delay; copy selected text with its tokens redacted.',
        });
      }
      return await api.runtime.sendMessage(message);
    } finally {
      if (--offscreenQueued === 0) await api.offscreen.closeDocument().catch(() => {});
    }
  });
  offscreenQueue = job.catch(() => {});
  return job;
}
