// DOM-free logic shared by the demo page and the extension: translation, expiry arithmetic,
// record storage, usage snippets, the scope tree. Unit tested with node's test runner
// (tests/js/model.test.mjs).
import { LANGUAGES, STRINGS } from './strings.js';

const DAY_MS = 86_400_000;

/** The best supported language for a list of preferences such as navigator.languages. */
export function pickLanguage(preferred = []) {
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (base in LANGUAGES) return base;
  }
  return 'en';
}

/** A translator for `lang`: `t(key, params)`, falling back to English, then to the key. */
export function translator(lang) {
  const table = STRINGS[lang] ?? STRINGS.en;
  const t = (key, params = {}) => {
    const text = table[key] ?? STRINGS.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  };
  /** The message of a patmint error, localised by its code when the table has one. */
  t.error = (err) => {
    const key = `error.${err?.code}`;
    return (lang !== 'en' && table[key]) || err?.message || String(err);
  };
  t.lang = lang in STRINGS ? lang : 'en';
  return t;
}

/** Which form field a mint error belongs beside. */
export function fieldForError(code) {
  switch (code) {
    case 'empty_name':
    case 'name_too_long':
    case 'name_holds_token':
      return 'note';
    case 'invalid_expiration':
    case 'invalid_date':
    case 'expiration_in_past':
    case 'expiration_too_far':
    case 'conflicting_expiration':
      return 'expiration';
    case 'invalid_prefix':
    case 'invalid_length':
      return 'prefix';
    case 'unknown_scope':
      return 'scopes';
    default:
      return 'form';
  }
}

/** The expiration presets (days) and the default, as on GitHub. */
export const EXPIRATION_DAYS = [7, 30, 60, 90];
export const DEFAULT_EXPIRATION = '30';

/** Builds the mint options' expiry part from the Expiration select and date input values. */
export function expiryOptions(choice, customDate) {
  if (choice === 'none') return { expiresAt: null };
  if (choice === 'custom') return { expiresAt: customDate || 'invalid' };
  return { expiresInDays: Number(choice) };
}

/** `YYYY-MM-DD` of a Date in UTC. */
export function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

/** Bounds for the custom date input: tomorrow to one year ahead (the core's rule, in days). */
export function customDateBounds(now = new Date()) {
  return {
    min: isoDate(new Date(now.getTime() + DAY_MS)),
    max: isoDate(new Date(now.getTime() + 365 * DAY_MS)),
  };
}

/**
 * The expiry state of a record at `now`: never, expired, or days left, rounded up (a token
 * minted for 30 days "expires in 30 days", not 29, until a full day has passed).
 */
export function expiryStatus(expiresAt, now = Date.now()) {
  if (expiresAt == null) return { kind: 'never' };
  const at = Date.parse(expiresAt);
  if (!Number.isFinite(at)) return { kind: 'never' };
  if (at <= now) return { kind: 'expired' };
  return { kind: 'days', days: Math.ceil((at - now) / DAY_MS) };
}

export function expiryText(status, t) {
  switch (status.kind) {
    case 'never':
      return t('records.never');
    case 'expired':
      return t('records.expired');
    default:
      return status.days === 1 ? t('records.expiresIn1') : t('records.expiresIn', { n: status.days });
  }
}

/** Clipboard auto-clear delays in seconds (0 = never) and the default. */
export const CLEAR_DELAYS = [0, 10, 30, 60, 120, 300];
export const DEFAULT_CLEAR_DELAY = 30;

export function delayText(seconds, t) {
  if (seconds === 0) return t('autoclear.never');
  return seconds < 60 ? t('autoclear.seconds', { n: seconds }) : t('autoclear.minutes', { n: seconds / 60 });
}

/** Usage snippets. Displayed with the masked token, copied with the secret. */
export function envSnippet(token, variable = 'GITHUB_TOKEN') {
  return `export ${variable}=${token}`;
}

export function gitSnippet(token) {
  return `$ git clone https://github.com/OWNER/REPO.git\nUsername: YOUR-USERNAME\nPassword: ${token}`;
}

// ---------------------------------------------------------------------------------------------
// Records: what may be stored. Never the secret: a record has exactly these keys.

export const RECORD_KEYS = ['name', 'format', 'scopes', 'createdAt', 'expiresAt', 'fingerprint', 'last4'];
export const RECORDS_KEY = 'patmint.records';

/** Whether `r` is a well-formed record (and nothing more: extra keys are refused). */
export function isRecord(r) {
  if (!r || typeof r !== 'object' || Array.isArray(r)) return false;
  const keys = Object.keys(r);
  if (keys.length !== RECORD_KEYS.length || !RECORD_KEYS.every((k) => keys.includes(k))) return false;
  return (
    typeof r.name === 'string' &&
    r.name.length <= 100 &&
    typeof r.format === 'string' &&
    /^(gh[pousr]|github_pat|custom:[a-z][a-z0-9]{1,15})$/.test(r.format) &&
    Array.isArray(r.scopes) &&
    r.scopes.every((s) => typeof s === 'string') &&
    typeof r.createdAt === 'string' &&
    (r.expiresAt === null || typeof r.expiresAt === 'string') &&
    /^[0-9a-f]{64}$/.test(r.fingerprint) &&
    typeof r.last4 === 'string' &&
    r.last4.length <= 4
  );
}

/** Parses stored records, dropping anything malformed (a corrupt store must not break the page). */
export function parseRecords(json) {
  try {
    const list = JSON.parse(json ?? '[]');
    return Array.isArray(list) ? list.filter(isRecord) : [];
  } catch {
    return [];
  }
}

/** Newest first; a record with a fingerprint already present replaces it. */
export function addRecord(records, record) {
  if (!isRecord(record)) throw new TypeError('not a token record');
  return [record, ...records.filter((r) => r.fingerprint !== record.fingerprint)];
}

export function deleteRecord(records, fingerprint) {
  return records.filter((r) => r.fingerprint !== fingerprint);
}

/** The export file: versioned, records only, ready for a server to import. */
export function exportRecords(records, now = new Date()) {
  return JSON.stringify(
    { format: 'patmint.records', version: 1, exportedAt: now.toISOString(), records: records.filter(isRecord) },
    null,
    2,
  );
}

/** Record storage over a Storage-like object (localStorage in the page). */
export function recordStore(storage) {
  return {
    load: () => parseRecords(storage.getItem(RECORDS_KEY)),
    save: (records) => storage.setItem(RECORDS_KEY, JSON.stringify(records.filter(isRecord))),
  };
}

// ---------------------------------------------------------------------------------------------
// Scopes

/** Nests the flat catalogue (each child after its parent) into a tree: [{ scope, children }]. */
export function scopeTree(catalogue) {
  const nodes = new Map(catalogue.map((s) => [s.id, { scope: s, children: [] }]));
  const roots = [];
  for (const s of catalogue) {
    const node = nodes.get(s.id);
    const parent = s.parent && nodes.get(s.parent);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Scopes implied by a checked ancestor: GitHub checks and disables them. */
export function impliedScopes(catalogue, checked) {
  const parentOf = new Map(catalogue.map((s) => [s.id, s.parent]));
  const implied = new Set();
  for (const s of catalogue) {
    for (let p = parentOf.get(s.id); p; p = parentOf.get(p)) {
      if (checked.has(p)) {
        implied.add(s.id);
        break;
      }
    }
  }
  return implied;
}

/** The custom prefixes (`acme`) of the records' formats (`custom:acme`), for scan and check. */
export function customPrefixes(records) {
  // GitHub's own prefixes are refused as custom ones by the core: one such (corrupt) record
  // must not make every scan fail.
  return [...new Set(records
    .map((r) => /^custom:(?!(?:gh[pousr]|github)$)([a-z][a-z0-9]{1,15})$/.exec(r.format)?.[1])
    .filter(Boolean))];
}

/**
 * The redaction view of a scanned text: `parts` alternate plain text and findings (each with
 * its 1-based line), for highlighting; only masked forms of findings, never the tokens.
 * `limit` caps the characters of text shown (a 10 MB log is not rendered whole).
 */
export function redactionView(text, findings, limit = Infinity) {
  const parts = [];
  let at = 0;
  let line = 1;
  let shown = 0;
  let truncated = false;
  const plain = (to) => {
    const chunk = text.slice(at, to);
    for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) line++;
    if (!truncated && chunk) {
      const room = limit - shown;
      if (chunk.length > room) truncated = true;
      const kept = chunk.slice(0, Math.max(0, room));
      if (kept) parts.push({ text: kept });
      shown += kept.length;
    }
    at = to;
  };
  const items = findings.map((f) => {
    plain(f.start);
    const item = { ...f, line };
    if (!truncated) parts.push({ finding: item });
    // A token wrapped over lines spans line breaks too (counted in place: no copy of the token).
    for (let i = text.indexOf('\n', f.start); i !== -1 && i < f.end; i = text.indexOf('\n', i + 1)) line++;
    at = f.end;
    return item;
  });
  plain(text.length);
  return { parts, findings: items, truncated };
}
