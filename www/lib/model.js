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

/**
 * A translator for `lang`: `t(key, params)`, falling back to English, then to the key. A count
 * `params.n` of 1 picks the singular `key + '1'` where the table has one ("1 token", not "1 token(s)").
 */
export function translator(lang) {
  const table = STRINGS[lang] ?? STRINGS.en;
  const t = (key, params = {}) => {
    const k = params.n === 1 && (table[`${key}1`] ?? STRINGS.en[`${key}1`]) ? `${key}1` : key;
    const text = table[k] ?? STRINGS.en[k] ?? key;
    return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  };
  /** The message of a patmint error, localised by its code when the table has one. */
  t.error = (err) => {
    const key = `error.${err?.code}`;
    return (lang !== 'en' && table[key]) || err?.message || String(err);
  };
  t.lang = lang in STRINGS ? lang : 'en';
  /** What goes between two sentences: a space in English, nothing after a Japanese 。. */
  t.gap = table['sentence.gap'] ?? STRINGS.en['sentence.gap'];
  /** Sentences (empty ones left out) joined as the language writes them. */
  t.sentences = (...parts) => parts.filter(Boolean).join(t.gap);
  return t;
}

/** Which form field a mint error belongs beside. */
export function fieldForError(code) {
  switch (code) {
    case 'empty_name':
    case 'name_too_long':
    case 'name_holds_token':
    case 'name_taken':
      return 'note';
    case 'invalid_expiration':
    case 'invalid_date':
    case 'expiration_in_past':
    case 'expiration_too_far':
    case 'conflicting_expiration':
      return 'expiration';
    case 'invalid_prefix':
    case 'vendor_prefix':
    case 'invalid_length':
      return 'prefix';
    case 'unknown_scope':
    case 'fixture_scopes':
      return 'scopes';
    case 'invalid_custom_scope':
    case 'too_many_custom_scopes':
    case 'custom_scopes_not_allowed':
      return 'custom-scopes';
    case 'description_too_long':
    case 'description_holds_token':
      return 'description';
    case 'resource_owner_required':
    case 'invalid_resource_owner':
      return 'owner';
    case 'invalid_repository_access':
    case 'repositories_not_selected':
      return 'access';
    case 'no_repositories':
    case 'too_many_repositories':
    case 'invalid_repository':
    case 'repository_owner_mismatch':
      return 'repositories';
    case 'unknown_permission':
    case 'invalid_level':
    case 'level_not_offered':
    case 'repository_permissions_need_repositories':
    case 'scopes_not_allowed':
      return 'permissions';
    case 'expiration_required':
    case 'fixed_lifetime':
      return 'expiration';
    default:
      return 'form';
  }
}

/** The expiration presets (days) and the default, as on GitHub. */
export const EXPIRATION_DAYS = [7, 30, 60, 90];
export const DEFAULT_EXPIRATION = '30';

/**
 * Builds the mint options' expiry part from the Expiration select and date input values. A
 * custom date means the end of that day where the user is (`offsetMinutes` east of UTC, the
 * browser's own by default): 2027-03-15 picked in Tokyo expires at 2027-03-15T23:59:59+09:00.
 */
export function expiryOptions(choice, customDate, offsetMinutes) {
  if (choice === 'none') return { expiresAt: null };
  if (choice === 'custom') return { expiresAt: endOfLocalDay(customDate, offsetMinutes) ?? (customDate || 'invalid') };
  return { expiresInDays: Number(choice) };
}

const pad2 = (n) => String(n).padStart(2, '0');

/** `YYYY-MM-DDT23:59:59±hh:mm`: the last second of that day at the given (or local) offset. */
export function endOfLocalDay(date, offsetMinutes) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(date ?? ''));
  if (!m) return null;
  const off = offsetMinutes ?? -new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59).getTimezoneOffset();
  const a = Math.abs(off);
  return `${date}T23:59:59${off < 0 ? '-' : '+'}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

/** `YYYY-MM-DD` of a Date in the browser's time zone. */
export function isoDate(date) {
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
}

/**
 * Bounds for the custom date input, in the user's calendar: tomorrow to one year ahead (the
 * core allows a little more, MAX_AHEAD_SECS, so every day offered here is accepted).
 */
export function customDateBounds(now = new Date()) {
  const day = (n) => new Date(now.getFullYear(), now.getMonth(), now.getDate() + n);
  return { min: isoDate(day(1)), max: isoDate(day(365)) };
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * The expiry state of a record at `now`: never, expired, or the time left in the unit a person
 * would use (issue 26.25): minutes under an hour, hours under two days (a date 26 hours away is
 * "in 26 hours", not "in 2 days"), days under a year, then years (a date a year ahead is "in 1
 * year", not "in 366 days"). Minutes round up (never "in 0 minutes"); the others to the nearest
 * (a token minted for 30 days "expires in 30 days" for its first half day, then 29).
 */
export function expiryStatus(expiresAt, now = Date.now()) {
  if (expiresAt == null) return { kind: 'never' };
  const at = Date.parse(expiresAt);
  if (!Number.isFinite(at)) return { kind: 'never' };
  const left = at - now;
  if (left <= 0) return { kind: 'expired' };
  if (left < HOUR_MS) return { kind: 'left', unit: 'minutes', n: Math.ceil(left / MINUTE_MS) };
  if (left < 2 * DAY_MS) return { kind: 'left', unit: 'hours', n: Math.round(left / HOUR_MS) };
  const days = Math.round(left / DAY_MS);
  if (days < 365) return { kind: 'left', unit: 'days', n: days };
  return { kind: 'left', unit: 'years', n: Math.max(1, Math.round(days / 365.25)) };
}

/** "expires in 26 hours", "never", "expired": an expiryStatus in `t`'s language. */
export function expiryText(status, t) {
  switch (status.kind) {
    case 'never':
      return t('records.never');
    case 'expired':
      return t('records.expired');
    default: {
      const key = { minutes: 'records.expiresInMinutes', hours: 'records.expiresInHours', years: 'records.expiresInYears' }[status.unit];
      return t(key ?? 'records.expiresIn', { n: status.n });
    }
  }
}

/** Clipboard auto-clear delays in seconds (0 = never) and the default. */
export const CLEAR_DELAYS = [0, 10, 30, 60, 120, 300];
export const DEFAULT_CLEAR_DELAY = 30;

export function delayText(seconds, t) {
  if (seconds === 0) return t('autoclear.never');
  return seconds < 60 ? t('autoclear.seconds', { n: seconds }) : t('autoclear.minutes', { n: seconds / 60 });
}

// ---------------------------------------------------------------------------------------------
// Records: what may be stored. Never the secret. Record v2 (the core's crates/patmint/src/record.rs is the
// schema; tests/js/contract.test.mjs holds this check to it over tests/contract/records.json).

export const RECORD_KEYS = [
  'name', 'format', 'scopes', 'customScopes', 'description', 'resourceOwner', 'repositoryAccess', 'permissions',
  'createdAt', 'expiresAt', 'fingerprint', 'last4', 'replacedAt',
];
export const RECORDS_KEY = 'patmint.records';

// Format ids, as the core's Format::parse reads a record's (tests/js/contract.test.mjs holds
// them to the shipped wasm: its formats() and its check of custom prefixes): a built-in id, or
// `custom:<prefix>`.
/** The core's built-in format ids, in its order (`formats()`). */
export const BUILTIN_FORMATS = Object.freeze(['ghp', 'gho', 'ghu', 'ghs', 'ghr', 'github_pat']);
/** GitHub's own prefixes (`github_pat_` is GitHub's `github`), never custom ones. */
const RESERVED_PREFIXES = BUILTIN_FORMATS.map((id) => id.split('_')[0]);

/** Whether `p` is one of GitHub's own prefixes (`ghp`, …, `github`), which no custom format may take. */
export const isGithubPrefix = (p) => RESERVED_PREFIXES.includes(p);

/**
 * The token types the pages offer, in the order they show them — what people create, then the
 * formats GitHub issues to apps, minted here only as test fixtures — with the prefix a token of
 * each starts with. The one table behind every format name: the create form, the popup, the
 * options page's default, the check panel (names in strings.js, `type.<id>`; tests/js/
 * contract.test.mjs holds ids, prefixes and fixtures to the core's formats()).
 */
export const TOKEN_TYPES = Object.freeze([
  { id: 'ghp', prefix: 'ghp_' },
  { id: 'github_pat', prefix: 'github_pat_' },
  { id: 'custom', prefix: null },
  { id: 'gho', prefix: 'gho_', fixture: true },
  { id: 'ghu', prefix: 'ghu_', fixture: true },
  { id: 'ghs', prefix: 'ghs_', fixture: true },
  { id: 'ghr', prefix: 'ghr_', fixture: true },
].map((type) => Object.freeze({ fixture: false, ...type })));

/**
 * A format's name with its prefix, as the pages show it: `ghp` → "ghp_ — Personal access
 * token (classic)", a record's `custom:acme` → "acme_ — Custom prefix"; anything else as it is.
 */
export function formatLabel(format, t) {
  const custom = customPrefixOf(format);
  const type = TOKEN_TYPES.find((f) => f.id === (custom ? 'custom' : format));
  if (!type) return String(format);
  const prefix = custom ? `${custom}_` : type.prefix;
  return prefix ? `${prefix} — ${t(`type.${type.id}`)}` : t(`type.${type.id}`);
}

/**
 * Other vendors' prefixes the scanner knows, as a custom prefix would spell them: the core's
 * `format::VENDOR_PREFIXES` (tests/contract.rs holds this copy to it). A custom format taking
 * one would have its tokens reported as that vendor's.
 */
export const VENDOR_PREFIXES = Object.freeze([
  'npm', 'glpat', 'pypi', 'xoxa', 'xoxb', 'xoxp', 'xoxr', 'xoxs', 'sk', 'rk', 'hf', 'shpat',
  'shpss', 'shpca', 'shppa', 'sb', 'dp',
]);

/** Whether `p` is another vendor's prefix (`npm`, `hf`, `sk`, …), which no custom format may take. */
export const isVendorPrefix = (p) => VENDOR_PREFIXES.includes(p);

/** A custom prefix's length bounds, in characters (without its `_`; held to the core by tests/js/contract.test.mjs). */
export const CUSTOM_PREFIX = Object.freeze({ min: 2, max: 16 });
const CUSTOM_PREFIX_SHAPE = new RegExp(`^[a-z][a-z0-9]{${CUSTOM_PREFIX.min - 1},${CUSTOM_PREFIX.max - 1}}$`);

/** Whether `p` is a custom prefix the core accepts (`acme`; without its `_`). */
export function isCustomPrefix(p) {
  return typeof p === 'string' && CUSTOM_PREFIX_SHAPE.test(p) && !isGithubPrefix(p) && !isVendorPrefix(p);
}

/** The custom prefix of a record's format id (`custom:acme` → `acme`), or null. */
export function customPrefixOf(format) {
  const p = typeof format === 'string' && format.startsWith('custom:') ? format.slice('custom:'.length) : null;
  return isCustomPrefix(p) ? p : null;
}
/**
 * A custom-prefix token's own scopes (the core's src/custom_scopes.rs): `name` or `name:level`,
 * a name of a-z, 0-9, `.`, `-`, `_` starting with a letter, a level of read, write or admin;
 * at most 32 entries of at most 64 characters.
 */
export const CUSTOM_SCOPES = Object.freeze({ max: 32, maxChars: 64 });
const CUSTOM_SCOPE_SHAPE = /^[a-z][a-z0-9_.-]*(?::(?:read|write|admin))?$/;

/**
 * The problem of a list of the service's own scopes as the user typed it (comma- or
 * space-separated), before minting: `{ code, at? }` with the core's error code and the 1-based
 * position of the first bad entry, or null. Duplicates count once, as in the record.
 */
export function customScopesProblem(entries) {
  const names = new Set();
  for (const [i, entry] of entries.entries()) {
    if (entry.length > CUSTOM_SCOPES.maxChars || !CUSTOM_SCOPE_SHAPE.test(entry)) return { code: 'invalid_custom_scope', at: i + 1 };
    names.add(entry.split(':')[0]);
  }
  return names.size > CUSTOM_SCOPES.max ? { code: 'too_many_custom_scopes' } : null;
}

/** The entries of a typed list of the service's own scopes (comma- or space-separated). */
export const customScopeList = (text) => text.split(/[\s,]+/).filter(Boolean);

export const MAX_NAME_CHARS = 100;
export const MAX_DESCRIPTION_CHARS = 1024;
export const MAX_REPOSITORIES = 50;
export const FINE_GRAINED_MAX_DAYS = 366;

const DAY_S = 86_400;
const chars = (s) => [...s].length;
const isLogin = (s) => s.length <= 39 && /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(s);
// Not ending in `.git`: GitHub drops it from names and the proxies strip it (the core's is_repository_name).
const isRepositoryName = (s) => /^[A-Za-z0-9._-]{1,100}$/.test(s) && s !== '.' && s !== '..' && !/\.git$/i.test(s);

/**
 * A repository as the forms store it (issue 26.10): trimmed, without a trailing `/` or `.git`
 * (a clone URL's ending, which GitHub drops from names and the proxies strip from the path), so
 * `octo/hello.git` is kept as `octo/hello`, the name a proxy asks for.
 */
export function normalizeRepository(s) {
  return String(s).trim().replace(/\/+$/, '').replace(/\.git$/i, '');
}

/** The repositories of a form's text (one per line, or separated by commas), each normalised. */
export function repositoryList(text) {
  return String(text ?? '').split(/[\s,]+/).filter(Boolean).map(normalizeRepository).filter(Boolean);
}

/** Unix seconds of an RFC 3339 time with a time part (the core's date::parse, bare dates aside). */
export function parseTime(s) {
  if (typeof s !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/.exec(s);
  if (!m) return null;
  const [y, mo, d, hh, mm, ss = '0'] = m.slice(1, 7).map(Number);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (y < 1970 || !days || d < 1 || d > days || hh > 23 || mm > 59 || ss > 59) return null;
  let offset = 0;
  if (m[8]) {
    const [oh, om] = [Number(m[9]), Number(m[10])];
    if (oh > 23 || om > 59) return null;
    offset = (m[8] === '+' ? 1 : -1) * (oh * 3600 + om * 60);
  }
  const t = Date.UTC(y, mo - 1, d, hh, mm, ss) / 1000 - offset;
  // The range records are written in (1970 to 9999 UTC), as the core requires.
  return t >= 0 && t <= 253_402_300_799 ? t : null;
}

/**
 * Whether `r` is a well-formed record (and nothing more: extra keys are refused). Given the
 * catalogues (`{ scopes: ScopeInfo[], permissions: PermissionInfo[] }`, from the core), scope
 * and permission ids and levels are checked too; without them, their shape only.
 */
export function isRecord(r, catalogue) {
  if (!r || typeof r !== 'object' || Array.isArray(r)) return false;
  if (!Object.keys(r).every((k) => RECORD_KEYS.includes(k))) return false;
  const str = (v) => typeof v === 'string';
  if (!str(r.name) || r.name.trim() !== r.name || !r.name || chars(r.name) > MAX_NAME_CHARS) return false;
  if (!BUILTIN_FORMATS.includes(r.format) && customPrefixOf(r.format) === null) return false;
  const created = parseTime(r.createdAt);
  if (created === null) return false;
  if (!(r.expiresAt === null || r.expiresAt === undefined || str(r.expiresAt))) return false;
  const expires = r.expiresAt == null ? null : parseTime(r.expiresAt);
  if (r.expiresAt != null && (expires === null || expires <= created)) return false;
  if (!(r.replacedAt === null || r.replacedAt === undefined)) {
    const replaced = parseTime(r.replacedAt);
    if (replaced === null || replaced < created) return false;
  }
  if (!/^[0-9a-f]{64}$/.test(r.fingerprint) || !/^[A-Za-z0-9_]{4}$/.test(r.last4)) return false;
  const fineKeys = ['description', 'resourceOwner', 'repositoryAccess', 'permissions'];
  if ('customScopes' in r) {
    const list = r.customScopes;
    if (customPrefixOf(r.format) === null || !Array.isArray(list) || !list.every(str)) return false;
    const entries = list.map((s) => s.trim()).filter(Boolean);
    if (list.length === 0 || customScopesProblem(entries)) return false;
  }
  if (r.format !== 'github_pat') {
    if (fineKeys.some((k) => k in r)) return false;
    if (!Array.isArray(r.scopes) || !r.scopes.every(str)) return false;
    if (catalogue?.scopes) {
      const known = new Set(catalogue.scopes.map((s) => s.id));
      return r.scopes.every((s) => !s.trim() || known.has(s.trim()));
    }
    return true;
  }
  // Fine-grained.
  if ('scopes' in r || expires === null) return false;
  if (Math.floor(expires / DAY_S) - Math.floor(created / DAY_S) > FINE_GRAINED_MAX_DAYS) return false;
  if (!(r.description === undefined || str(r.description))) return false;
  if ((r.description ?? '').trim() && chars((r.description ?? '').trim()) > MAX_DESCRIPTION_CHARS) return false;
  if (!str(r.resourceOwner) || !isLogin(r.resourceOwner.trim())) return false;
  const owner = r.resourceOwner.trim();
  const access = r.repositoryAccess;
  if (!access || typeof access !== 'object' || Array.isArray(access)) return false;
  if (!Object.keys(access).every((k) => k === 'kind' || k === 'repositories') || !str(access.kind)) return false;
  const kind = access.kind.trim();
  if (kind === 'selected') {
    const repos = access.repositories;
    if (!Array.isArray(repos) || !repos.every(str)) return false;
    const seen = new Set();
    for (const raw of repos) {
      const repo = raw.trim();
      const at = repo.indexOf('/');
      const [o, n] = [repo.slice(0, at), repo.slice(at + 1)];
      if (at < 0 || !isLogin(o) || !isRepositoryName(n) || o.toLowerCase() !== owner.toLowerCase()) return false;
      seen.add(repo.toLowerCase());
    }
    if (seen.size === 0 || seen.size > MAX_REPOSITORIES) return false;
  } else if (kind === 'public' || kind === 'all') {
    if ('repositories' in access) return false;
  } else {
    return false;
  }
  const perms = r.permissions;
  if (!perms || typeof perms !== 'object' || Array.isArray(perms)) return false;
  const byId = catalogue?.permissions && new Map(catalogue.permissions.map((p) => [p.id, p]));
  let repositoryChosen = false;
  for (const [rawId, rawLevel] of Object.entries(perms)) {
    if (!str(rawLevel)) return false;
    const [id, level] = [rawId.trim(), rawLevel.trim()];
    if (level !== 'read' && level !== 'write') return false;
    if (byId) {
      const p = byId.get(id);
      if (!p || !p.levels.includes(level)) return false;
      if (p.group === 'repository' && id !== 'metadata') repositoryChosen = true;
    } else if (!/^[a-z_]{1,40}$/.test(id)) {
      return false;
    }
  }
  return !(repositoryChosen && kind === 'public');
}

/**
 * Whether a name is taken by another live (not replaced) record of the same kind: GitHub
 * requires unique fine-grained token names and refuses a classic note another classic token
 * has (the core's RecordDraft::check_unique_name).
 */
export function nameTaken(records, name, format) {
  const wanted = String(name).trim();
  const fine = format === 'github_pat';
  return records.some((r) => (r.format === 'github_pat') === fine && r.replacedAt == null && r.name === wanted);
}

/** The error the core gives for a taken name, for pages that check before minting. */
export function nameTakenError() {
  const err = new Error('a token with this name already exists: token names are unique');
  err.name = 'PatmintError';
  err.code = 'name_taken';
  return err;
}

/** The access of a record in a few words: its scopes, or owner · repository access · permissions. */
export function accessText(r, t) {
  if (r.format !== 'github_pat') {
    const github = r.scopes.length ? r.scopes.join(', ') : t('records.noScopes');
    if (!r.customScopes?.length) return github;
    const own = t('records.customScopes', { list: r.customScopes.join(', ') });
    return r.scopes.length ? `${github} · ${own}` : own;
  }
  return t('records.fineGrained', {
    owner: r.resourceOwner,
    access: t(`fg.access.${r.repositoryAccess.kind}`),
    n: Object.keys(r.permissions).length,
  });
}

/**
 * A record stored before names ending in `.git` were refused, with them normalised (and
 * duplicates dropped), so that it is kept rather than dropped as malformed; others as they are.
 */
function withNormalRepositories(r) {
  const repos = r?.repositoryAccess?.repositories;
  if (!Array.isArray(repos) || !repos.some((x) => typeof x === 'string' && /\.git\s*$/i.test(x))) return r;
  const seen = new Set();
  const normal = repos.map((x) => (typeof x === 'string' ? normalizeRepository(x) : x))
    .filter((x) => typeof x !== 'string' || (!seen.has(x.toLowerCase()) && seen.add(x.toLowerCase())));
  return { ...r, repositoryAccess: { ...r.repositoryAccess, repositories: normal } };
}

/** Parses stored records, dropping anything malformed (a corrupt store must not break the page). */
export function parseRecords(json) {
  try {
    const list = JSON.parse(json ?? '[]');
    return Array.isArray(list) ? list.map(withNormalRepositories).filter((r) => isRecord(r)) : [];
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
    { format: 'patmint.records', version: 2, exportedAt: now.toISOString(), records: records.filter((r) => isRecord(r)) },
    null,
    2,
  );
}

/** Record storage over a Storage-like object (localStorage in the page). */
export function recordStore(storage) {
  return {
    load: () => parseRecords(storage.getItem(RECORDS_KEY)),
    save: (records) => storage.setItem(RECORDS_KEY, JSON.stringify(records.filter((r) => isRecord(r)))),
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
  return [...new Set(records.map((r) => customPrefixOf(r.format)).filter(Boolean))];
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
