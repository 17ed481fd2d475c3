// Free text that is stored with a record — a note, a description — must never hold a token
// (issue 26.2): "never the token itself". The core refuses the built-in formats and the
// record's own custom prefix (src/record.rs holds_token); this check knows every prefix the
// page or extension knows — its records' and the one in the Prefix field — and reads as the
// scanner does: proven tokens across gaps (a `ghp_` token split by a space, a line break, a
// zero-width space), shape-only ones where they stand. Any finding refuses the text: nothing
// token-shaped is stored. Used by the page, the popup, Edit, Import and "Record a token you
// already have".
import { customPrefixes, isCustomPrefix } from './model.js';

/** The core's messages (English; the other languages translate them by code, strings.js). */
const MESSAGES = {
  note: ['name_holds_token', 'the note holds a token: a note is stored with the record, so it must never contain the secret'],
  description: ['description_holds_token', 'the description holds a token: it is stored with the record, so it must never contain the secret'],
};

/** The custom prefixes the scanner should prove: the records' and the valid ones of `extra` (`acme`). */
export function knownPrefixes(records, ...extra) {
  return [...new Set([...customPrefixes(records), ...extra.filter(isCustomPrefix)])];
}

/**
 * Whether the scanner could find anything in `text`, told without it (a page that only mints
 * never downloads the scanner for a note like "deploy bot"). Every finding holds a run of 20
 * characters between spaces (AWS's `AKIA` + 16 is the shortest shape) or a `_`, `-` or `.`
 * (every other prefix) with at least 12 characters from its word on (a prefix and the 8 of a
 * possible partial token), whatever gaps the scanner reads across.
 */
export function mayHoldToken(text) {
  const words = String(text).split(/[\s\p{Cf}]+/u);
  if (words.some((w) => w.length >= 20)) return true;
  const first = words.findIndex((w) => /[_.-]/.test(w));
  return first >= 0 && words.slice(first).join('').length >= 12;
}

/** Whether the scanner finds a token (of any format it knows, with `prefixes`) in `text`. */
export function holdsToken(scanner, text, prefixes) {
  return typeof text === 'string' && text.trim() !== '' && scanner.scan(text, prefixes).length > 0;
}

/**
 * The error of the first of `fields` (`[{ field: 'note' | 'description', text }]`) whose text
 * holds a token, shaped as the core's (`{ name: 'PatmintError', code, message }`, placed
 * beside its field by fieldForError), or null. The scanner package is loaded only when some
 * text may hold a token (mayHoldToken).
 */
export async function storedTextError(loadScanner, fields, prefixes) {
  const filled = fields.filter((f) => typeof f.text === 'string' && mayHoldToken(f.text));
  if (filled.length === 0) return null;
  const scanner = await loadScanner();
  const held = filled.find((f) => holdsToken(scanner, f.text, prefixes));
  if (!held) return null;
  const [code, message] = MESSAGES[held.field];
  const err = new Error(message);
  err.name = 'PatmintError';
  err.code = code;
  return err;
}
