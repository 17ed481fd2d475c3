// Feedback of the create form (demo page and popup): an error goes beside its field, focus goes
// to the first field in error, an error disappears once its field changes; the custom prefix is
// tidied for the user and, when the core still refuses it, the specific reason is given; the
// custom date and the Note's length are checked where the user is looking. The core stays the
// authority on every rule: what is checked here only explains or anticipates its answer.
// Every message is remembered as a function of the language, so that a language switch says it
// again in the new one (retranslate).
import {
  CUSTOM_PREFIX, customDateBounds, fieldForError, isGithubPrefix, isVendorPrefix, MAX_DESCRIPTION_CHARS,
  MAX_NAME_CHARS,
} from './model.js';
import { FIELD_ERRORS } from './mint-form.js';

/** What each message slot says: its text and how to say it in another language. */
const said = new WeakMap();

/**
 * Puts `make(t)` in `slot`, remembered for retranslate(); `make` null empties the slot. A
 * `make` may ignore its argument when it reads the page's current language itself.
 */
export function say(slot, make, t) {
  if (!slot) return;
  if (!make) {
    slot.textContent = '';
    said.delete(slot);
    return;
  }
  const text = make(t);
  slot.textContent = text;
  said.set(slot, { text, make });
}

/** The form's message slots: every field's error, and the note on a tidied prefix. */
const MESSAGE_SLOTS = [...FIELD_ERRORS, 'prefix-note'];

/**
 * Says again in `t`'s language what the form's message slots say (after a language switch): a
 * message stays only while its slot still shows it — one emptied or replaced since is left.
 */
export function retranslate($, t, ids = MESSAGE_SLOTS) {
  for (const id of ids) {
    const slot = $(id);
    const message = slot && said.get(slot);
    if (!message) continue;
    if (slot.textContent === message.text) say(slot, message.make, t);
    else said.delete(slot);
  }
}

/**
 * A message as a sentence, as the pages write theirs: the core's English messages start in
 * lower case and end without a full stop ("a note is required: what is this token for?").
 */
export function asSentence(text) {
  const s = String(text ?? '').trim();
  if (!s) return s;
  const capital = s[0].toLocaleUpperCase('en') + s.slice(1);
  return /[.?!。？！）)]$/.test(capital) ? capital : `${capital}.`;
}

/** Codes whose core message names "the note": for a fine-grained token, its "token name". */
const NAME_CODES = ['empty_name', 'name_too_long', 'name_holds_token'];

/** A core error as a sentence in `t`'s language; `fine` names the fine-grained "token name". */
export function errorText(t, err, { fine = false } = {}) {
  if (fine && NAME_CODES.includes(err?.code)) return t(`error.fg.${err.code}`);
  return asSentence(t.error(err));
}

/** The element to focus for an error of each field (the first control of a group). */
const FOCUS = {
  note: 'note', prefix: 'prefix', scopes: 'scope-tree', description: 'description', owner: 'owner',
  access: 'access', repositories: 'repositories', permissions: 'permission-groups', expiration: 'expiration',
  'custom-scopes': 'custom-scopes',
};

/** The fields whose change makes their error stale, and the error slot each one clears. */
const WATCHED = {
  note: 'note', format: 'prefix', prefix: 'prefix', expiration: 'expiration', 'expiration-date': 'expiration',
  description: 'description', owner: 'owner', repositories: 'repositories', access: 'access',
  'permission-groups': 'permissions', 'scope-tree': 'scopes', 'custom-scopes': 'custom-scopes',
};

/** The first focusable control inside `el` (or `el` itself). */
function focusable(el) {
  if (!el) return null;
  if (el.matches('input, select, textarea, button')) return el;
  return el.querySelector('input:not([disabled]), select, textarea');
}

/**
 * Shows `message` beside `field` (or in the form's slot) and moves the focus there, so that a
 * keyboard or screen-reader user lands on what to fix.
 */
export function showFieldError($, field, message, t) {
  const slot = $(`${field}-error`) ?? $('form-error');
  // A function of the language is said again in another (retranslate); a string as it is.
  if (typeof message === 'function') say(slot, message, t);
  else say(slot, () => message, t);
  let target = $(FOCUS[field]);
  if (field === 'expiration' && $('expiration')?.value === 'custom') target = $('expiration-date');
  if (field === 'prefix' && $('prefix')?.offsetParent === null) target = $('format');
  const control = focusable(target);
  if (control) {
    control.focus();
    control.scrollIntoView?.({ block: 'center' });
  } else {
    slot.scrollIntoView?.({ block: 'center' });
  }
}

/**
 * A core error, translated and as a sentence (the prefix errors with their specific reason;
 * `fine`: the fine-grained form, whose Note is the "Token name").
 */
export function showMintError($, t, err, { prefix, fine = false } = {}) {
  const field = fieldForError(err?.code);
  const prefixCode = err?.code === 'invalid_prefix' || err?.code === 'vendor_prefix';
  const reason = prefixCode && prefix !== undefined ? prefixProblem(prefix) : null;
  const message = reason
    ? (tr) => tr(`prefix.problem.${reason}`, { prefix })
    : (tr) => errorText(tr, err, { fine });
  showFieldError($, field, message, t);
}

/**
 * Empties an error slot as soon as its field changes: an error must not outlive its cause.
 * `live` gives, per field id, a message to show at once instead (the Note's length), as
 * `live[id](value, final)` — `final` once the field is left (a change event), not while typed.
 */
export function watchFieldErrors($, live = {}) {
  for (const [id, field] of Object.entries(WATCHED)) {
    const el = id === 'access' ? $('access') : $(id);
    if (!el) continue;
    const clear = (event) => {
      const slot = $(`${field}-error`);
      say(slot, null);
      say($('form-error'), null);
      // The expiration's own error is stale too when the choice changes.
      if (id === 'expiration') say($('expiration-error'), null);
      if (!live[id] || !slot) return;
      const final = event.type === 'change';
      // Reads the page's language when said (again): the live check's own `t`.
      const make = () => live[id](el.value, final);
      if (make()) say(slot, make);
    };
    el.addEventListener('input', clear);
    el.addEventListener('change', clear);
  }
}

/**
 * A custom prefix as the user probably meant it: trimmed, lower-cased, trailing underscores
 * dropped (the core adds the `_`). `changes` names what was done, for a note.
 */
export function normalizePrefix(raw) {
  const trimmed = String(raw ?? '').trim();
  const lower = trimmed.toLowerCase();
  const value = lower.replace(/_+$/, '');
  const changes = [];
  if (lower !== trimmed) changes.push('lowercase');
  if (value !== lower) changes.push('underscore');
  return { value, changes };
}

/**
 * Why the core refuses a prefix, as a strings.js key suffix, or null. Mirrors the core's rule
 * (2 to 16 ASCII lowercase letters or digits, a letter first, not GitHub's own nor another
 * vendor's) only to name
 * the reason; tests/e2e hold each reason to a refusal by the core.
 */
export function prefixProblem(prefix) {
  const chars = [...prefix];
  if (chars.length === 0) return 'empty';
  if (/[^\x20-\x7e]/.test(prefix)) return 'ascii';
  if (/[^a-z0-9]/.test(prefix)) return 'chars';
  if (!/^[a-z]/.test(prefix)) return 'start';
  if (chars.length < CUSTOM_PREFIX.min) return 'short';
  if (chars.length > CUSTOM_PREFIX.max) return 'long';
  if (isGithubPrefix(prefix)) return 'reserved';
  if (isVendorPrefix(prefix)) return 'vendor';
  return null;
}

/**
 * The custom date's problem before minting, as `{ key, params }`, or null: none picked, or
 * outside the picker's bounds (tomorrow to a year ahead, in the user's calendar).
 */
export function customDateProblem(choice, date, now = new Date()) {
  if (choice !== 'custom') return null;
  const { min, max } = customDateBounds(now);
  if (!date) return { key: 'expiration.pickDate', params: { min, max } };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date < min || date > max) {
    return { key: 'expiration.outOfRange', params: { min, max } };
  }
  return null;
}

/**
 * The custom prefix field, told as it is typed (and once more on Generate or Save): the tidy-up
 * that will be applied, in #prefix-note ("MyService": lower-cased to myservice), and the
 * problem the core would refuse it for, in #prefix-error — while typing, only one more typing
 * cannot fix (a hyphen, a digit first, too long, GitHub's own); empty or too short once the
 * field is left (`final`). Returns the prefix as it will be used.
 */
export function checkPrefixField($, t, { final = false } = {}) {
  const { value, changes } = normalizePrefix($('prefix').value);
  say($('prefix-note'), value !== '' && changes.length > 0
    ? (tr) => tr('prefix.normalized', { prefix: value, what: changes.map((c) => tr(`prefix.change.${c}`)).join(tr('list.and')) })
    : null, t);
  const problem = prefixProblem(value);
  const waits = problem === 'empty' || problem === 'short';
  say($('prefix-error'), problem && (final || !waits) ? (tr) => tr(`prefix.problem.${problem}`, { prefix: value }) : null, t);
  return value;
}

/** Checks the prefix field as it is typed and when it is left; `translator()` is the page's `t` now. */
export function watchPrefixField($, translator) {
  const field = $('prefix');
  field.addEventListener('input', () => checkPrefixField($, translator()));
  field.addEventListener('change', () => checkPrefixField($, translator(), { final: true }));
}

// Grapheme clusters, where the browser can count them (Chromium 87, Firefox 125).
const graphemes = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

/**
 * The characters of `text` as the user sees them (grapheme clusters): a family emoji 👨‍👩‍👧‍👦 or an
 * e with a combining accent is one, not 7 or 2. Code points where the browser cannot tell.
 */
export function visibleLength(text) {
  if (!graphemes) return [...text].length;
  let n = 0;
  for (const _ of graphemes.segment(text)) n++; // eslint-disable-line no-unused-vars
  return n;
}

/**
 * Whether a field's text exceeds the core's bound of `max` characters, which the core counts
 * as Unicode scalar values after trimming (src/record.rs): null, or `{ n, stored, max }` with
 * `n` what the user sees (visibleLength) and `stored` what the core counts. The core's count is
 * the hard limit; the user is shown their own, and told why the two differ when they do.
 */
export function lengthProblem(value, max) {
  const text = String(value ?? '').trim();
  const stored = [...text].length;
  if (stored <= max) return null;
  return { n: visibleLength(text), stored, max };
}

/** A length problem as a message: `field` is the strings.js prefix (note, fg.name, description). */
function lengthWarning(value, t, field, max) {
  const problem = lengthProblem(value, max);
  if (!problem) return '';
  return t(problem.n < problem.stored ? `${field}.tooLongStored` : `${field}.tooLong`, problem);
}

/**
 * The Note's length warning, or '' (the field has no maxlength: a long paste is not cut
 * silently); `fine`: the fine-grained form, where the field is the "Token name".
 */
export function noteLengthWarning(value, t, { fine = false } = {}) {
  return lengthWarning(value, t, fine ? 'fg.name' : 'note', MAX_NAME_CHARS);
}

/** The Description's length warning, or '' (no maxlength either: a 1 100-character paste is kept, and said). */
export function descriptionLengthWarning(value, t) {
  return lengthWarning(value, t, 'description', MAX_DESCRIPTION_CHARS);
}
