// The one façade over the browser's extension APIs (chrome.* in Chromium, browser.* in Firefox),
// in the spirit of uBlock Origin Lite's ext.js: the rest of the extension never touches them.
// Only records, settings and fingerprints are ever stored — never a token.
import { isRecord, DEFAULT_CLEAR_DELAY, DEFAULT_EXPIRATION, pickLanguage } from './lib/model.js';

export const api = globalThis.browser ?? globalThis.chrome;

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
  return api.runtime.sendMessage({ type: 'clipboard:schedule', fingerprint, delaySeconds });
}

/** Counts of the last "Copy with tokens redacted": `{ ok, found, verified, at }` or null. */
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
