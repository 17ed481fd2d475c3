// Chrome's offscreen document (reason CLIPBOARD): does the clipboard work for the service worker
// (the auto-clear, and the context menu's redacted copy).
import { clearIfUnchanged, copyRedacted } from './clipboard.js';

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  if (message?.type === 'offscreen:clear') {
    clearIfUnchanged(message.fingerprint).then(sendResponse, () => sendResponse('failed'));
    return true;
  }
  if (message?.type === 'offscreen:copy-redacted') {
    copyRedacted(String(message.text), message.prefixes, message.known).then(sendResponse, () => sendResponse({ ok: false, found: 0, verified: 0 }));
    return true;
  }
  return false;
});
