// Feedback of the create form (demo page and popup): an error goes beside its field, focus goes
// to the first field in error, an error disappears once its field changes; the custom prefix is
// tidied for the user and, when the core still refuses it, the specific reason is given; the
// custom date and the Note's length are checked where the user is looking. The core stays the
// authority on every rule: what is checked here only explains or anticipates its answer.
import {
  CUSTOM_PREFIX, customDateBounds, fieldForError, isGithubPrefix, isVendorPrefix, MAX_NAME_CHARS,
} from './model.js';

/** The element to focus for an error of each field (the first control of a group). */
const FOCUS = {
  note: 'note', prefix: 'prefix', scopes: 'scope-tree', description: 'description', owner: 'owner',
  access: 'access', repositories: 'repositories', permissions: 'permission-groups', expiration: 'expiration',
};

/** The fields whose change makes their error stale, and the error slot each one clears. */
const WATCHED = {
  note: 'note', format: 'prefix', prefix: 'prefix', expiration: 'expiration', 'expiration-date': 'expiration',
  description: 'description', owner: 'owner', repositories: 'repositories', access: 'access',
  'permission-groups': 'permissions', 'scope-tree': 'scopes',
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
export function showFieldError($, field, message) {
  const slot = $(`${field}-error`) ?? $('form-error');
  slot.textContent = message;
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

/** A core error, translated (the prefix errors with their specific reason). */
export function showMintError($, t, err, { prefix } = {}) {
  const field = fieldForError(err?.code);
  let message = t.error(err);
  if ((err?.code === 'invalid_prefix' || err?.code === 'vendor_prefix') && prefix !== undefined) {
    const reason = prefixProblem(prefix);
    if (reason) message = t(`prefix.problem.${reason}`, { prefix });
  }
  showFieldError($, field, message);
}

/**
 * Empties an error slot as soon as its field changes: an error must not outlive its cause.
 * `live` gives, per field id, a message to show at once instead (the Note's length).
 */
export function watchFieldErrors($, live = {}) {
  for (const [id, field] of Object.entries(WATCHED)) {
    const el = id === 'access' ? $('access') : $(id);
    if (!el) continue;
    const clear = () => {
      const slot = $(`${field}-error`);
      if (slot) slot.textContent = '';
      if ($('form-error')) $('form-error').textContent = '';
      // The expiration's own error is stale too when the choice changes.
      if (id === 'expiration') $('expiration-error').textContent = '';
      if (live[id] && slot) slot.textContent = live[id](el.value);
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

/** The Note's length warning, or '' (the field has no maxlength: a long paste is not cut silently). */
export function noteLengthWarning(value, t) {
  const n = [...value].length;
  return n > MAX_NAME_CHARS ? t('note.tooLong', { n, max: MAX_NAME_CHARS }) : '';
}
