// The message types of the extension, in a module of their own: ext.js (which sends them) and
// clipboard.js (which answers some) both import it, and neither imports the other.
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
