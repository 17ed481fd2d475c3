// The records lifecycle, DOM-free (issue 18): the import plan, undoing a delete, expiry
// warnings, "is this my token?", edits and regeneration. Shared by the demo page and the
// extension; unit tested with node's test runner (tests/js/records.test.mjs). The record's
// shape is model.js's isRecord (held to the core's crates/patmint/src/record.rs by the contract test).
import { addRecord, isRecord } from './model.js';
import { FIXTURES } from './mint-form.js';

const DAY_MS = 86_400_000;

/** Records expiring within this many days at most are highlighted, and counted on the extension's badge. */
export const SOON_DAYS = 7;

/**
 * The share of a token's lifetime that counts as "soon" when that is less than SOON_DAYS: a
 * 7-day token is flagged in its last 42 hours, not from the moment it is minted (issue 26.9),
 * a 1-hour fixture in its last 15 minutes; from a 28-day lifetime on, the last 7 days. A
 * quarter, because the warning must come late enough to mean something (a new token flagged
 * at once teaches people to ignore the flag) and early enough to regenerate on a working day
 * for the shortest preset.
 */
export const SOON_FRACTION = 0.25;

/** How long before its expiry a record counts as expiring soon, in ms. */
export function soonWindow(r) {
  const lifetime = Date.parse(r.expiresAt) - Date.parse(r.createdAt);
  const cap = SOON_DAYS * DAY_MS;
  return Number.isFinite(lifetime) && lifetime > 0 ? Math.min(cap, lifetime * SOON_FRACTION) : cap;
}

/** Whether a record is live (not replaced), not yet expired, and within its soonWindow of its expiry. */
export function expiresSoon(r, now = Date.now()) {
  if (r.replacedAt != null || r.expiresAt == null) return false;
  const at = Date.parse(r.expiresAt);
  return at > now && at - now <= soonWindow(r);
}

/** The live records that expire soon (expiresSoon). */
export function soonExpiring(records, now = Date.now()) {
  return records.filter((r) => expiresSoon(r, now));
}

/** The record whose fingerprint is `fingerprint`, or undefined. */
export function recordFor(records, fingerprint) {
  return records.find((r) => r.fingerprint === fingerprint);
}

/** "This is your token 'NAME' (expires …)" for a record, in `t`'s language. */
export function mineText(r, t, now = Date.now()) {
  const when = r.expiresAt == null
    ? t('mine.never')
    : Date.parse(r.expiresAt) <= now
      ? t('mine.expired', { date: new Date(r.expiresAt).toLocaleDateString(t.lang, { dateStyle: 'medium' }) })
      : t('mine.expires', { date: new Date(r.expiresAt).toLocaleDateString(t.lang, { dateStyle: 'medium' }) });
  return t(r.replacedAt != null ? 'mine.replaced' : 'mine.yours', { name: r.name, when });
}

// Two records are the same when every key has the same value (keys in any order).
const canonical = (r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]]));

/**
 * What importing `incoming` (records the core has read from a file) into `current` does,
 * merged by fingerprint: `added` (new fingerprints), `changed` ({ before, after } where the
 * file's record differs), `unchanged` (a count), and `merged`, the list after the import.
 * Nothing stored is dropped: a record absent from the file stays.
 */
export function importPlan(current, incoming) {
  const byFingerprint = new Map(current.map((r) => [r.fingerprint, r]));
  const added = [];
  const changed = [];
  let unchanged = 0;
  for (const r of incoming) {
    if (!isRecord(r)) throw new TypeError('not a token record');
    const before = byFingerprint.get(r.fingerprint);
    if (!before) added.push(r);
    else if (canonical(before) !== canonical(r)) changed.push({ before, after: r });
    else unchanged++;
  }
  const replacement = new Map(changed.map((c) => [c.after.fingerprint, c.after]));
  const merged = [...added, ...current.map((r) => replacement.get(r.fingerprint) ?? r)];
  return { added, changed, unchanged, merged };
}

/**
 * The list after undoing a delete: the `deleted` records back in their places of `before`
 * (the list when they were deleted); records added since stay first.
 */
export function restoreDeleted(current, deleted, before) {
  const keep = new Set([...current, ...deleted].map((r) => r.fingerprint));
  const known = new Set(before.map((r) => r.fingerprint));
  const byFingerprint = new Map([...deleted, ...current].map((r) => [r.fingerprint, r]));
  return [
    ...current.filter((r) => !known.has(r.fingerprint)),
    ...before.filter((r) => keep.has(r.fingerprint)).map((r) => byFingerprint.get(r.fingerprint)),
  ];
}

/** The list with the record of `fingerprint` changed by `changes`; refused if the result is not a record. */
export function editRecord(records, fingerprint, changes) {
  return records.map((r) => {
    if (r.fingerprint !== fingerprint) return r;
    const edited = { ...r, ...changes };
    for (const [k, v] of Object.entries(changes)) if (v === undefined) delete edited[k];
    if (!isRecord(edited)) throw new TypeError('not a token record');
    return edited;
  });
}

/**
 * Regeneration's bookkeeping: `fresh` (the new token's record) first, the old record kept
 * and marked replaced at `now`, so that a verifier importing the file refuses the old token.
 */
export function regenerated(records, oldFingerprint, fresh, now = new Date()) {
  const replacedAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const marked = records.map((r) =>
    r.fingerprint === oldFingerprint && r.replacedAt == null ? { ...r, replacedAt } : r);
  return addRecord(marked, fresh);
}

/** A record's lifetime in whole days (at least one), for an expiry "of the same length". */
export function lifetimeDays(r) {
  return Math.max(1, Math.round((Date.parse(r.expiresAt) - Date.parse(r.createdAt)) / DAY_MS));
}

/**
 * The mint options that regenerate `r`: its settings with a fresh expiry, as GitHub's
 * "Regenerate token" does: `expiration` is what the user chose on the confirmation (a number
 * of days as a string, or 'none'); without it, the same length as before (whole days, at
 * least one). App-issued fixtures keep their fixed lifetime.
 */
export function regenerateOptions(r, expiration) {
  const options = { name: r.name, format: r.format };
  if (FIXTURES.includes(r.format)) return options; // app-issued: a fixed lifetime, no scopes
  if (r.format.startsWith('custom:')) {
    options.format = 'custom';
    options.prefix = r.format.slice('custom:'.length);
  }
  if (expiration === 'none') options.expiresAt = null;
  else if (expiration !== undefined) options.expiresInDays = Number(expiration);
  else if (r.expiresAt == null) options.expiresAt = null;
  else options.expiresInDays = lifetimeDays(r);
  if (r.format === 'github_pat') {
    Object.assign(options, {
      description: r.description ?? '',
      resourceOwner: r.resourceOwner,
      repositoryAccess: r.repositoryAccess,
      permissions: r.permissions,
    });
  } else {
    options.scopes = r.scopes;
    if (r.customScopes) options.customScopes = r.customScopes;
  }
  return options;
}
