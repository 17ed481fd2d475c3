// Background: the Chrome service worker, or Firefox's background page (same file).
// It clears the clipboard after the chosen delay, after the popup has closed. It is given only
// the fingerprint of what was copied, never the token. It also owns the context menu entry
// "Copy with tokens redacted". Listeners are registered synchronously at the top level, so
// that an event that wakes the worker finds them.
import { answerMessages, api, inDocument, loadRecords } from './ext.js';
import { MESSAGE } from './messages.js';
import { customPrefixes } from '../www/lib/model.js';
import { showExpiryBadge, watchExpiry } from './expiry.js';

const ALARM = 'patmint-clear-clipboard';
const MENU = 'patmint-copy-redacted';

watchExpiry(); // the badge's count of soon-expiring tokens (expiry.js)

api.runtime.onInstalled.addListener(() => {
  api.contextMenus.create({ id: MENU, title: api.i18n.getMessage('menuCopyRedacted'), contexts: ['selection'] });
});

api.contextMenus.onClicked.addListener((info) => {
  if (info.menuItemId === MENU) copyRedacted(info.selectionText ?? '');
});

// The selection is redacted by the scanner package in a document (inDocument: Chrome's
// offscreen document, Firefox's background page) and only the redacted text is written to the
// clipboard. No host permission, no content script: the browser hands over the selected text
// with the click.
// The custom prefixes of the records are registered, so tokens minted here are proven too.
// Only counts are kept (for the badge and the options page), never the text.
async function copyRedacted(text) {
  let outcome;
  try {
    const records = await loadRecords();
    const prefixes = customPrefixes(records);
    const known = records.map((r) => r.fingerprint); // to say which findings are the user's tokens
    outcome = await inDocument(MESSAGE.copyRedacted, { text, prefixes, known });
  } catch {
    outcome = { ok: false, found: 0, verified: 0 };
  }
  await api.storage.local.set({ lastRedaction: { ...outcome, at: Date.now() } });
  await api.action.setBadgeText({ text: outcome.ok ? String(outcome.found) : '!' });
  setTimeout(showExpiryBadge, 4000); // back to the count of soon-expiring tokens
  return outcome;
}

// The messages the background answers (the popup's).
answerMessages({
  [MESSAGE.scheduleClear]: ({ fingerprint, delaySeconds }) => schedule(fingerprint, delaySeconds),
});

api.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) clearIfDue();
});

async function schedule(fingerprint, delaySeconds) {
  if (!/^[0-9a-f]{64}$/.test(fingerprint) || !(delaySeconds > 0)) return;
  const at = Date.now() + delaySeconds * 1000;
  await api.storage.session.set({ pendingClear: { fingerprint, at } });
  // The alarm survives the worker being stopped; the timer covers delays shorter than the
  // alarm granularity of packed extensions (30 s) while the worker is alive. The first to fire
  // does the work; the second finds nothing due.
  await api.alarms.create(ALARM, { when: at });
  setTimeout(clearIfDue, delaySeconds * 1000 + 50);
}

// The timer and the alarm may both fire: one clear at a time, and the second finds nothing due.
let clearing = null;
function clearIfDue() {
  clearing ??= clearPending().finally(() => {
    clearing = null;
  });
  return clearing;
}

async function clearPending() {
  const { pendingClear } = await api.storage.session.get('pendingClear');
  if (!pendingClear || Date.now() + 100 < pendingClear.at) return;
  // No alarms.clear(): the alarm is one-shot, and clearing it here could cancel the alarm of
  // a copy made meanwhile.
  await api.storage.session.remove('pendingClear');
  let outcome;
  try {
    outcome = await inDocument(MESSAGE.clearClipboard, { fingerprint: pendingClear.fingerprint });
  } catch {
    outcome = 'failed';
  }
  await api.storage.local.set({ lastClear: { outcome, at: Date.now() } });
}
