// www/lib/records.js: the import plan, undoing a delete, expiry, "is this my token?", edits,
// regeneration (issue 18).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SOON_DAYS, SOON_FRACTION, editRecord, expiresSoon, importPlan, mineText, recordFor, regenerateOptions, regenerated,
  lifetimeDays, restoreDeleted, soonExpiring, soonWindow,
} from '../../www/lib/records.js';
import { isRecord, translator } from '../../www/lib/model.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-02T12:00:00Z');
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const rec = (name, n, { days = 30, age = 1, ...more } = {}) => ({
  name, format: 'ghp', scopes: ['repo'], createdAt: iso(NOW - age * DAY), expiresAt: days === null ? null : iso(NOW + days * DAY),
  fingerprint: String(n).repeat(64).slice(0, 64), last4: 'AbC1', ...more,
});

test('expiresSoon: live records within SOON_DAYS, not expired, not replaced, not never', () => {
  assert.equal(SOON_DAYS, 7);
  const old = { age: 30 }; // a long lifetime: the last SOON_DAYS count
  assert.ok(expiresSoon(rec('a', 1, { days: 7, ...old }), NOW));
  assert.ok(expiresSoon(rec('a', 1, { days: 0.01, ...old }), NOW));
  assert.ok(!expiresSoon(rec('a', 1, { days: 7.01, ...old }), NOW));
  assert.ok(!expiresSoon(rec('a', 1, { days: -1, ...old }), NOW), 'expired is not "soon"');
  assert.ok(!expiresSoon(rec('a', 1, { days: null, ...old }), NOW));
  assert.ok(!expiresSoon(rec('a', 1, { days: 2, replacedAt: iso(NOW), ...old }), NOW), 'a replaced token is not counted');
  assert.deepEqual(soonExpiring([rec('a', 1, { days: 2, ...old }), rec('b', 2, old), rec('c', 3, { days: 6, ...old })], NOW)
    .map((r) => r.name), ['a', 'c']);
});

// Issue 26.9: a brand-new 7-day token was flagged "expires soon — regenerate it" at once.
test('expiresSoon is relative to the lifetime: a quarter of it, at most SOON_DAYS', () => {
  assert.equal(SOON_FRACTION, 0.25);
  const HOUR = DAY / 24;
  const fresh7 = rec('new', 1, { days: 7, age: 0 });
  assert.ok(!expiresSoon(fresh7, NOW), 'a 7-day token just minted is not "soon"');
  assert.equal(soonWindow(fresh7), 42 * HOUR);
  assert.ok(!expiresSoon(rec('w', 1, { days: 2, age: 5 }), NOW), '48 h left of 7 days');
  assert.ok(expiresSoon(rec('w', 1, { days: 1.5, age: 5.5 }), NOW), '36 h left of 7 days');
  // 30, 60, 90 days: the last 7 days, as before.
  for (const life of [30, 60, 90]) {
    assert.ok(!expiresSoon(rec('l', 1, { days: 7.5, age: life - 7.5 }), NOW), `${life} days, 7.5 left`);
    assert.ok(expiresSoon(rec('l', 1, { days: 6.9, age: life - 6.9 }), NOW), `${life} days, 6.9 left`);
  }
  assert.equal(soonWindow(rec('b', 1, { days: 28, age: 0 })), 7 * DAY, 'from 28 days on, 7 days');
  // An app-issued fixture of one hour: its last quarter hour, not at once.
  const fixture = { ...rec('ghs', 1, { days: 1 / 24, age: 0 }), format: 'ghs', scopes: [] };
  assert.ok(!expiresSoon(fixture, NOW));
  assert.ok(expiresSoon(fixture, NOW + 46 * 60_000));
  assert.deepEqual(soonExpiring([fresh7, rec('c', 2, { days: 6, age: 24 })], NOW).map((r) => r.name), ['c']);
});

test('importPlan: merged by fingerprint; added, changed, unchanged; nothing stored dropped', () => {
  const a = rec('a', 1);
  const b = rec('b', 2);
  const c = rec('c', 3);
  const plan = importPlan([a, b], [{ ...b, name: 'b2' }, c, { ...a }]);
  assert.deepEqual(plan.added, [c]);
  assert.deepEqual(plan.changed, [{ before: b, after: { ...b, name: 'b2' } }]);
  assert.equal(plan.unchanged, 1);
  assert.deepEqual(plan.merged.map((r) => r.name), ['c', 'a', 'b2']);
  // Key order does not make a record "changed".
  const reordered = Object.fromEntries(Object.entries(a).reverse());
  assert.equal(importPlan([a], [reordered]).unchanged, 1);
  // A record absent from the file stays.
  assert.deepEqual(importPlan([a, b], []).merged, [a, b]);
  assert.throws(() => importPlan([a], [{ name: 'x' }]), TypeError);
});

test('restoreDeleted: back in place; records added since stay first', () => {
  const [a, b, c, d] = [rec('a', 1), rec('b', 2), rec('c', 3), rec('d', 4)];
  assert.deepEqual(restoreDeleted([a, c], [b], [a, b, c]), [a, b, c]);
  assert.deepEqual(restoreDeleted([], [a, b, c], [a, b, c]), [a, b, c]);
  assert.deepEqual(restoreDeleted([d, a, c], [b], [a, b, c]), [d, a, b, c]);
  // A record deleted elsewhere meanwhile is not brought back.
  assert.deepEqual(restoreDeleted([a], [b], [a, b, c]), [a, b]);
});

test('recordFor and mineText, in English and Japanese', () => {
  const a = rec('CI deploy', 1, { days: 5 });
  assert.equal(recordFor([rec('x', 2), a], a.fingerprint), a);
  assert.equal(recordFor([a], '9'.repeat(64)), undefined);
  const en = translator('en');
  assert.match(mineText(a, en, NOW), /^This is your token “CI deploy” \(expires .*2026\)\.$/);
  assert.match(mineText(rec('old', 1, { days: -3 }), en, NOW), /\(expired /);
  assert.match(mineText(rec('n', 1, { days: null }), en, NOW), /\(no expiration\)/);
  assert.match(mineText({ ...a, replacedAt: iso(NOW) }, en, NOW), /replaced by a regenerated one/);
  assert.match(mineText(a, translator('ja'), NOW), /^これはあなたのトークン「CI deploy」です（.+まで有効）/);
});

test('editRecord: changes one record; a change that breaks the shape is refused', () => {
  const [a, b] = [rec('a', 1), rec('b', 2)];
  const out = editRecord([a, b], b.fingerprint, { name: 'b2', scopes: ['gist'] });
  assert.deepEqual(out, [a, { ...b, name: 'b2', scopes: ['gist'] }]);
  assert.throws(() => editRecord([a], a.fingerprint, { name: '' }), TypeError);
  assert.throws(() => editRecord([a], a.fingerprint, { description: 'x' }), TypeError, 'no fine-grained key on a classic record');
});

test('regenerated: the new record first, the old kept and marked replaced; options repeat the settings', () => {
  const old = rec('a', 1, { days: 3 });
  const fresh = rec('a', 2, { days: 30 });
  const out = regenerated([old], old.fingerprint, fresh, new Date(NOW));
  assert.deepEqual(out.map((r) => r.fingerprint), [fresh.fingerprint, old.fingerprint]);
  assert.equal(out[1].replacedAt, '2026-12-02T12:00:00Z');
  assert.ok(out.every((r) => isRecord(r)));
  const thirty = { ...old, createdAt: iso(NOW - 27 * DAY) };
  assert.deepEqual(regenerateOptions(thirty), { name: 'a', format: 'ghp', scopes: ['repo'], expiresInDays: 30 });
  assert.deepEqual(regenerateOptions({ ...old, format: 'custom:acme', expiresAt: null }),
    { name: 'a', format: 'custom', prefix: 'acme', scopes: ['repo'], expiresAt: null });
  // The service's own scopes go with the new token (issue 26.5).
  assert.deepEqual(regenerateOptions({ ...old, format: 'custom:acme', expiresAt: null, customScopes: ['deploy'] }),
    { name: 'a', format: 'custom', prefix: 'acme', scopes: ['repo'], customScopes: ['deploy'], expiresAt: null });
});

// Issue 26.8: Regenerate asks first, with the new token's expiration as GitHub's page does.
test('regenerateOptions: the expiration chosen on the confirmation, or the same length', () => {
  const r = rec('ci', 1, { days: 29, age: 1 });
  assert.equal(lifetimeDays(r), 30);
  assert.equal(regenerateOptions(r).expiresInDays, 30);
  assert.equal(regenerateOptions(r, '7').expiresInDays, 7);
  assert.deepEqual([regenerateOptions(r, 'none').expiresAt, 'expiresInDays' in regenerateOptions(r, 'none')], [null, false]);
  assert.equal(regenerateOptions(rec('n', 2, { days: null }), '90').expiresInDays, 90);
  const fixture = { ...rec('app', 3, { days: 1 / 24, age: 0 }), format: 'ghs', scopes: [] };
  assert.deepEqual(regenerateOptions(fixture, '30'), { name: 'app', format: 'ghs' }, 'a fixture keeps its fixed lifetime');
});
