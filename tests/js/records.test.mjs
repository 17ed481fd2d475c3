// www/lib/records.js: the import plan, undoing a delete, expiry, "is this my token?", edits,
// regeneration (issue 18).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SOON_DAYS, editRecord, expiresSoon, importPlan, mineText, recordFor, regenerateOptions, regenerated,
  restoreDeleted, soonExpiring,
} from '../../www/lib/records.js';
import { isRecord, translator } from '../../www/lib/model.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-02T12:00:00Z');
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const rec = (name, n, { days = 30, ...more } = {}) => ({
  name, format: 'ghp', scopes: ['repo'], createdAt: iso(NOW - DAY), expiresAt: days === null ? null : iso(NOW + days * DAY),
  fingerprint: String(n).repeat(64).slice(0, 64), last4: 'AbC1', ...more,
});

test('expiresSoon: live records within SOON_DAYS, not expired, not replaced, not never', () => {
  assert.equal(SOON_DAYS, 7);
  assert.ok(expiresSoon(rec('a', 1, { days: 7 }), NOW));
  assert.ok(expiresSoon(rec('a', 1, { days: 0.01 }), NOW));
  assert.ok(!expiresSoon(rec('a', 1, { days: 7.01 }), NOW));
  assert.ok(!expiresSoon(rec('a', 1, { days: -1 }), NOW), 'expired is not "soon"');
  assert.ok(!expiresSoon(rec('a', 1, { days: null }), NOW));
  assert.ok(!expiresSoon(rec('a', 1, { days: 2, replacedAt: iso(NOW) }), NOW), 'a replaced token is not counted');
  assert.deepEqual(soonExpiring([rec('a', 1, { days: 2 }), rec('b', 2), rec('c', 3, { days: 6 })], NOW).map((r) => r.name), ['a', 'c']);
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
  assert.match(mineText(a, translator('ja'), NOW), /^これはあなたのトークン「CI deploy」です（有効期限 /);
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
