// Background: the Chrome service worker, or Firefox's background page (same file).
// It clears the clipboard after the chosen delay, after the popup has closed. It is given only
// the fingerprint of what was copied, never the token. Listeners are registered synchronously
// at the top level, so that an event that wakes the worker finds them.
const api = globalThis.browser ?? globalThis.chrome;
const ALARM = 'patmint-clear-clipboard';

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message?.type !== 'clipboard:schedule' || sender.id !== api.runtime.id) return false;
  schedule(message.fingerprint, message.delaySeconds).then(
    () => sendResponse({ ok: true }),
    (err) => sendResponse({ ok: false, error: String(err?.message ?? err) }),
  );
  return true; // the response is asynchronous
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
    outcome = globalThis.chrome?.offscreen
      ? await clearWithOffscreenDocument(pendingClear.fingerprint)
      : await clearHere(pendingClear.fingerprint);
  } catch {
    outcome = 'failed';
  }
  await api.storage.local.set({ lastClear: { outcome, at: Date.now() } });
}

// Chrome: a service worker has no clipboard; an offscreen document (reason CLIPBOARD) does.
async function clearWithOffscreenDocument(fingerprint) {
  const open = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  if (open.length === 0) {
    await chrome.offscreen.createDocument({
      url: 'offscreen.html',
      reasons: ['CLIPBOARD'],
      justification: 'Clear the copied token from the clipboard after the delay the user chose.',
    });
  }
  try {
    return await chrome.runtime.sendMessage({ type: 'offscreen:clear', fingerprint });
  } finally {
    await chrome.offscreen.closeDocument();
  }
}

// Firefox: the background page is a document with clipboard access of its own.
async function clearHere(fingerprint) {
  const { clearIfUnchanged } = await import('./clipboard.js');
  return clearIfUnchanged(fingerprint);
}
