// Clipboard work that needs a document: clearing the clipboard if it still holds what has
// `expected` as SHA-256 fingerprint, and writing a redacted selection. Runs in a document (Chrome's offscreen document, Firefox's background page), never in a popup that may
// already be closed. The fingerprint is computed by the patmint core.
import { MESSAGE } from './messages.js';
import { loadPatmint, loadScanner } from '../www/lib/load-patmint.js';

/**
 * The clipboard jobs, by message type: what ext.js's `inDocument` runs, in Chrome's offscreen
 * document (offscreen.js answers with this table) or in Firefox's background page.
 */
export const documentJobs = Object.freeze({
  [MESSAGE.clearClipboard]: ({ fingerprint }) => clearIfUnchanged(fingerprint),
  [MESSAGE.copyRedacted]: ({ text, prefixes, known }) => copyRedacted(String(text), prefixes, known),
});

/** Returns 'cleared', 'changed', 'overwritten' (could not read: cleared unconditionally) or 'failed'. */
export async function clearIfUnchanged(expected) {
  const { fingerprint } = await loadPatmint();
  const held = readClipboard();
  if (held !== null && !matches(fingerprint, held, expected)) return 'changed';
  const written = writeText('');
  if (!written) return 'failed';
  return held === null ? 'overwritten' : 'cleared';
}

function matches(fingerprint, text, expected) {
  try {
    return fingerprint(text) === expected;
  } catch {
    return false; // too long to hash: certainly not the token
  }
}

// execCommand works without focus in these extension documents (with clipboardRead /
// clipboardWrite), where navigator.clipboard would require a focused page.
function readClipboard() {
  const area = document.createElement('textarea');
  document.body.append(area);
  area.focus();
  const ok = document.execCommand('paste');
  const text = ok ? area.value : null;
  area.value = '';
  area.remove();
  return text;
}

/**
 * Writes `text` with every token the scanner finds (with the custom `prefixes` registered)
 * replaced by its masked form. Returns counts (`partial`: possible partial tokens, whose rest
 * may be on the next line), and which of the `known` fingerprints (the records') were found:
 * `{ ok, found, verified, partial, mine }`.
 */
export async function copyRedacted(text, prefixes = [], known = []) {
  const scanner = await loadScanner();
  const { text: redacted, findings } = scanner.redact(text, prefixes);
  const ok = writeText(redacted);
  const mine = [];
  if (findings.length && known.length) {
    const { fingerprint } = await loadPatmint();
    const wanted = new Set(known);
    for (const f of findings) {
      let fp = null;
      try {
        fp = fingerprint(text.slice(f.start, f.end));
      } catch {
        fp = null; // longer than any token
      }
      if (wanted.has(fp) && !mine.includes(fp)) mine.push(fp);
    }
  }
  return {
    ok,
    found: findings.length,
    verified: findings.filter((f) => f.verified).length,
    partial: findings.filter((f) => f.reason === 'partial').length,
    mine,
  };
}

function writeText(text) {
  const onCopy = (event) => {
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
  };
  document.addEventListener('copy', onCopy, { once: true });
  const ok = document.execCommand('copy');
  document.removeEventListener('copy', onCopy);
  return ok;
}
