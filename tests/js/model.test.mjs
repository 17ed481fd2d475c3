// Unit tests of the DOM-free UI logic shared by the demo page and the extension.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessText, addRecord, customDateBounds, customPrefixes, deleteRecord, expiryOptions, expiryStatus, expiryText,
  exportRecords, fieldForError, impliedScopes, isRecord, normalizeRepository, parseRecords, pickLanguage,
  repositoryList,
  recordStore, redactionView, scopeTree, translator, delayText, CLEAR_DELAYS, RECORD_KEYS,
} from '../../www/lib/model.js';
import { STRINGS } from '../../www/lib/strings.js';

const record = (over = {}) => ({
  name: 'ci', format: 'ghp', scopes: ['repo'], createdAt: '2026-11-23T10:00:00Z',
  expiresAt: '2026-12-23T10:00:00Z', fingerprint: 'a'.repeat(64), last4: 'T4V4', ...over,
});

test('every language has every English key, and the same placeholders', () => {
  const en = STRINGS.en;
  for (const [lang, table] of Object.entries(STRINGS)) {
    for (const key of Object.keys(en)) {
      assert.ok(key in table, `${lang} lacks ${key}`);
      const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
      assert.equal(holes(table[key]), holes(en[key]), `${lang} ${key} placeholders`);
    }
  }
});

test('language choice and translation with fallbacks', () => {
  assert.equal(pickLanguage(['ja-JP', 'en']), 'ja');
  assert.equal(pickLanguage(['fr', 'EN-us']), 'en');
  assert.equal(pickLanguage([]), 'en');
  const ja = translator('ja');
  assert.equal(ja('generate'), 'トークンを生成');
  assert.equal(ja('expiration.days', { n: 7 }), '7日');
  assert.equal(ja('no.such.key'), 'no.such.key');
  assert.equal(translator('xx').lang, 'en');
  // A count of one takes the singular where there is one; no string says "(s)".
  const en = translator('en');
  assert.equal(en('records.expiresIn', { n: 1 }), 'expires in 1 day');
  assert.equal(en('records.expiresIn', { n: 2 }), 'expires in 2 days');
  assert.match(en('redact.summary', { n: 1, verified: 1 }), /^One possible token/);
  for (const [lang, table] of Object.entries(STRINGS)) {
    for (const [key, text] of Object.entries(table)) assert.ok(!text.includes('(s)'), `${lang} ${key}: "(s)"`);
  }
  // Errors: English keeps the core's exact message; Japanese translates by code.
  const err = { code: 'checksum_mismatch', message: 'checksum mismatch: …' };
  assert.equal(translator('en').error(err), 'checksum mismatch: …');
  assert.match(ja.error(err), /チェックサム/);
  assert.equal(ja.error({ code: 'new_code', message: 'fallback' }), 'fallback');
});

test('mint errors go beside their field', () => {
  assert.equal(fieldForError('empty_name'), 'note');
  assert.equal(fieldForError('expiration_in_past'), 'expiration');
  assert.equal(fieldForError('invalid_prefix'), 'prefix');
  assert.equal(fieldForError('unknown_scope'), 'scopes');
  assert.equal(fieldForError(undefined), 'form');
});

test('expiry options from the form', () => {
  assert.deepEqual(expiryOptions('30', ''), { expiresInDays: 30 });
  assert.deepEqual(expiryOptions('none', ''), { expiresAt: null });
  assert.deepEqual(expiryOptions('custom', '2027-01-31', 0), { expiresAt: '2027-01-31T23:59:59+00:00' });
  assert.deepEqual(expiryOptions('custom', '2027-03-15', 540), { expiresAt: '2027-03-15T23:59:59+09:00' });
  assert.deepEqual(expiryOptions('custom', '2027-03-15', -150), { expiresAt: '2027-03-15T23:59:59-02:30' });
  // An empty custom date must reach the core as invalid, not as "no expiration".
  assert.deepEqual(expiryOptions('custom', ''), { expiresAt: 'invalid' });
  assert.deepEqual(customDateBounds(new Date('2026-11-23T22:00:00Z')), { min: '2026-11-24', max: '2027-11-23' });
});

test('expiry status and text', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  const t = translator('en');
  assert.equal(expiryText(expiryStatus(null, now), t), 'never');
  assert.equal(expiryText(expiryStatus('2026-11-23T09:59:59Z', now), t), 'expired');
  assert.equal(expiryText(expiryStatus('2026-11-23T10:00:00Z', now), t), 'expired');
  assert.equal(expiryText(expiryStatus('2026-11-23T10:00:01Z', now), t), 'expires in 1 minute');
  assert.equal(expiryText(expiryStatus('2026-12-23T10:00:00Z', now + 5000), t), 'expires in 30 days');
  assert.equal(expiryText(expiryStatus('2026-12-23T10:00:00Z', now - 5000), t), 'expires in 30 days');
  assert.equal(expiryStatus('garbage', now).kind, 'never');
});

// Issue 26.25: "expires in 2 days" for a date ~26 h away, "366 days" for one a year ahead.
test('expiry text is honest: minutes, hours under two days, days, then years', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  const H = 3_600_000;
  const en = translator('en');
  const ja = translator('ja');
  const text = (ms, t = en) => expiryText(expiryStatus(new Date(now + ms).toISOString(), now), t);
  assert.equal(text(59 * 60_000), 'expires in 59 minutes');
  assert.equal(text(90_000), 'expires in 2 minutes', 'minutes round up: never "in 0 minutes"');
  assert.equal(text(H), 'expires in 1 hour');
  assert.equal(text(26 * H), 'expires in 26 hours');
  assert.equal(text(26 * H + 10 * 60_000), 'expires in 26 hours');
  assert.equal(text(47 * H), 'expires in 47 hours');
  assert.equal(text(48 * H), 'expires in 2 days');
  assert.equal(text(49 * H), 'expires in 2 days', 'not rounded up to 3');
  assert.equal(text(7 * 24 * H - 1000), 'expires in 7 days');
  assert.equal(text(364 * 24 * H), 'expires in 364 days');
  assert.equal(text(366 * 24 * H), 'expires in 1 year');
  assert.equal(text(365 * 24 * H), 'expires in 1 year');
  assert.equal(text(3 * 365.25 * 24 * H), 'expires in 3 years');
  assert.equal(text(26 * H, ja), 'あと26時間で失効');
  assert.equal(text(H, ja), 'あと1時間で失効');
  assert.equal(text(366 * 24 * H, ja), 'あと1年で失効');
  assert.equal(text(30 * 24 * H, ja), 'あと30日で失効');
  assert.equal(text(5 * 60_000, ja), 'あと5分で失効');
});

test('clipboard delays', () => {
  const t = translator('en');
  assert.deepEqual(CLEAR_DELAYS.map((s) => delayText(s, t)), ['Never', '10 s', '30 s', '1 min', '2 min', '5 min']);
});

test('the records list shows a custom token\'s own scopes beside GitHub\'s (issue 26.5)', () => {
  const t = translator('en');
  const custom = record({ format: 'custom:acme', scopes: ['gist'], customScopes: ['deploy', 'packages:write'] });
  assert.ok(isRecord(custom));
  assert.equal(accessText(custom, t), 'gist · service: deploy, packages:write');
  assert.equal(accessText({ ...custom, scopes: [] }, t), 'service: deploy, packages:write');
  assert.equal(accessText({ ...custom, customScopes: undefined }, t), 'gist');
  assert.equal(accessText({ ...custom, scopes: [], customScopes: undefined }, t), 'no scopes');
  assert.equal(accessText(custom, translator('ja')), 'gist · サービス：deploy, packages:write');
  assert.ok(!isRecord({ ...custom, format: 'ghp' }), 'custom scopes on a GitHub token');
  assert.ok(!isRecord({ ...custom, customScopes: [] }), 'an empty list (the key is left out)');
  assert.ok(!isRecord({ ...custom, customScopes: ['Deploy'] }));
});

test('records: validation, add, delete, storage, export', () => {
  assert.ok(isRecord(record()));
  assert.ok(isRecord(record({ expiresAt: null, scopes: [] })));
  assert.ok(!isRecord({ ...record(), secret: 'ghp_…' }), 'extra keys refused');
  assert.ok(!isRecord(record({ fingerprint: 'xyz' })));
  assert.ok(!isRecord(record({ last4: 'toolong' })));
  assert.ok(!isRecord(record({ format: 'custom:Not Valid' })));
  assert.ok(isRecord(record({ format: 'custom:acme' })));
  assert.ok(!isRecord(record({ name: 'n'.repeat(101) })));
  assert.ok(!isRecord(null) && !isRecord([]) && !isRecord('x'));
  const classicKeys = RECORD_KEYS.filter((k) => !['customScopes', 'description', 'resourceOwner', 'repositoryAccess', 'permissions', 'replacedAt'].includes(k));
  assert.deepEqual(Object.keys(record()).sort(), classicKeys.sort());
  // Was a bug: the note limit counted UTF-16 units where the core counts characters, so a
  // 60-emoji note (120 units) passed the core and failed here, after the token was minted.
  assert.ok(isRecord(record({ name: '🔑'.repeat(60) })));
  assert.ok(isRecord(record({ name: '🔑'.repeat(100) })));
  assert.ok(!isRecord(record({ name: '🔑'.repeat(101) })));

  let list = addRecord([], record());
  list = addRecord(list, record({ name: 'newer', fingerprint: 'b'.repeat(64) }));
  assert.deepEqual(list.map((r) => r.name), ['newer', 'ci']);
  list = addRecord(list, record({ name: 'replaced' }));
  assert.deepEqual(list.map((r) => r.name), ['replaced', 'newer']);
  assert.throws(() => addRecord(list, { name: 'x' }), TypeError);
  assert.deepEqual(deleteRecord(list, 'b'.repeat(64)).map((r) => r.name), ['replaced']);

  const mem = new Map();
  const storage = { getItem: (k) => mem.get(k) ?? null, setItem: (k, v) => mem.set(k, v) };
  const store = recordStore(storage);
  assert.deepEqual(store.load(), []);
  store.save([...list, { bogus: true }]);
  assert.deepEqual(store.load(), list);
  mem.set('patmint.records', '{not json');
  assert.deepEqual(store.load(), []);
  assert.deepEqual(parseRecords('{"a":1}'), []);

  const exported = JSON.parse(exportRecords(list, new Date('2026-11-23T00:00:00Z')));
  assert.equal(exported.format, 'patmint.records');
  assert.equal(exported.version, 2);
  assert.equal(exported.exportedAt, '2026-11-23T00:00:00.000Z');
  assert.deepEqual(exported.records, list);
});

test('scope tree and implied scopes', () => {
  const catalogue = [
    { id: 'admin:org', parent: null }, { id: 'write:org', parent: 'admin:org' },
    { id: 'read:org', parent: 'write:org' }, { id: 'gist', parent: null },
  ];
  const tree = scopeTree(catalogue);
  assert.deepEqual(tree.map((n) => n.scope.id), ['admin:org', 'gist']);
  assert.equal(tree[0].children[0].children[0].scope.id, 'read:org');
  assert.deepEqual([...impliedScopes(catalogue, new Set(['admin:org']))].sort(), ['read:org', 'write:org']);
  assert.deepEqual([...impliedScopes(catalogue, new Set(['write:org']))], ['read:org']);
  assert.deepEqual([...impliedScopes(catalogue, new Set(['gist', 'read:org']))], []);
});

test('redactionView: plain parts and masked findings with their lines, capped preview', () => {
  const text = 'a\nb ghp_X c\n\nAKIA d';
  const findings = [
    { start: 4, end: 9, format: 'ghp', verified: true, masked: 'ghp_•' },
    { start: 13, end: 17, format: 'aws_access_key_id', verified: false, reason: 'shape_only', masked: 'A•••' },
  ];
  const view = redactionView(text, findings);
  assert.deepEqual(view.findings.map((f) => f.line), [2, 4]);
  assert.deepEqual(view.parts.map((p) => p.text ?? `[${p.finding.masked}]`), ['a\nb ', '[ghp_•]', ' c\n\n', '[A•••]', ' d']);
  assert.equal(view.truncated, false);
  // The tokens themselves are never in the view.
  assert.ok(!JSON.stringify(view).includes('ghp_X'));
  const capped = redactionView(text, findings, 6);
  assert.equal(capped.truncated, true);
  assert.deepEqual(capped.parts.map((p) => p.text ?? `[${p.finding.masked}]`), ['a\nb ', '[ghp_•]', ' c']);
  assert.deepEqual(capped.findings.map((f) => f.line), [2, 4], 'every finding listed even past the cap');
  assert.deepEqual(redactionView('', []), { parts: [], findings: [], truncated: false });
  const records = ['custom:acme', 'custom:ghp', 'custom:github', 'ghp', 'custom:acme', 'custom:gh'];
  assert.deepEqual(customPrefixes(records.map((format) => ({ format }))), ['acme', 'gh']);
  // Was a bug: the line breaks inside a wrapped token were not counted.
  const wrapped = 'a ghp_1\n2\nb AKIA';
  const lines = redactionView(wrapped, [
    { start: 2, end: 9, verified: true, masked: 'ghp_••' },
    { start: 12, end: 16, verified: false, masked: 'A•••' },
  ]).findings.map((f) => f.line);
  assert.deepEqual(lines, [1, 3]);
});

// Issue 26.10: `octo/hello.git` was stored and never matched what the proxies ask for.
test('repositories: `.git` and a trailing slash dropped by the forms, refused in records', () => {
  assert.equal(normalizeRepository(' octo/hello.git '), 'octo/hello');
  assert.equal(normalizeRepository('octo/hello.GIT/'), 'octo/hello');
  assert.equal(normalizeRepository('octo/.github'), 'octo/.github');
  assert.equal(normalizeRepository('octo/git'), 'octo/git');
  assert.deepEqual(repositoryList('octo/a.git, octo/b\n octo/c/ '), ['octo/a', 'octo/b', 'octo/c']);
  const fine = (repositories) => ({
    name: 'deploy', format: 'github_pat', resourceOwner: 'octo', repositoryAccess: { kind: 'selected', repositories },
    permissions: { contents: 'read', metadata: 'read' }, createdAt: '2026-11-23T22:13:20Z',
    expiresAt: '2026-12-23T22:13:20Z', fingerprint: 'b'.repeat(64), last4: 'a_Z9',
  });
  assert.ok(isRecord(fine(['octo/hello'])));
  assert.ok(!isRecord(fine(['octo/hello.git'])));
  // A record stored before the rule is kept, its names normalised, not dropped as malformed.
  const stored = parseRecords(JSON.stringify([fine(['octo/hello.git', 'octo/Hello', 'octo/web'])]));
  assert.equal(stored.length, 1);
  assert.deepEqual(stored[0].repositoryAccess.repositories, ['octo/hello', 'octo/web']);
});
