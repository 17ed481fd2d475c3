// Chrome's offscreen document (reason CLIPBOARD): does the clipboard work for the service worker.
import { clearIfUnchanged } from './clipboard.js';

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message?.type !== 'offscreen:clear' || sender.id !== chrome.runtime.id) return false;
  clearIfUnchanged(message.fingerprint).then(sendResponse, () => sendResponse('failed'));
  return true;
});
