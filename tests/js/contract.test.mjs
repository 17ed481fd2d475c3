// The JS record check (www/lib/model.js isRecord) held to the core's record schema: every
// record of tests/contract/records.json that the core accepts (crates/patmint-wasm/tests/contract.rs), isRecord
// accepts, and every one it refuses, isRecord refuses — with the catalogues from the shipped
// wasm. Records the shipped wasm mints pass isRecord too, in every format.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  BUILTIN_FORMATS, CUSTOM_SCOPES, TOKEN_TYPES, VENDOR_PREFIXES, customPrefixOf, customScopesProblem, formatLabel,
  isCustomPrefix, isRecord, exportRecords, addRecord, translator,
} from '../../www/lib/model.js';
import { STRINGS } from '../../www/lib/strings.js';
import { prefixProblem } from '../../www/lib/form-feedback.js';
import { FIXTURES } from '../../www/lib/mint-form.js';

const pm = await import('../../www/pkg/patmint.js');
const { default: wasmGzipBase64 } = await import('../../www/pkg/patmint_wasm.js');
const fixtures = JSON.parse(readFileSync(new URL('../contract/records.json', import.meta.url), 'utf8'));
let catalogue;

before(() => {
  pm.initSync({ module: gunzipSync(Buffer.from(wasmGzipBase64, 'base64')) });
  catalogue = { scopes: pm.scopes(), permissions: pm.permissions() };
});

test('isRecord accepts what the core accepts', () => {
  for (const { note, record } of fixtures.valid) assert.ok(isRecord(record, catalogue), note);
});

test('isRecord refuses what the core refuses', () => {
  for (const { note, record } of fixtures.invalid) assert.ok(!isRecord(record, catalogue), note);
});

test('without the catalogues, isRecord checks shapes only, and never refuses a valid record', () => {
  for (const { note, record } of fixtures.valid) assert.ok(isRecord(record), note);
});

test('records minted by the core pass isRecord in every format, edge-case names included', () => {
  const fine = {
    format: 'github_pat', resourceOwner: 'octo-org', description: 'd'.repeat(1024),
    repositoryAccess: { kind: 'selected', repositories: ['octo-org/api'] },
    permissions: { contents: 'write', members: 'read', gists: 'write' }, expiresAt: '2027-01-01',
  };
  const cases = [
    { format: 'ghp', scopes: ['repo', 'read:org'], expiresInDays: 30 },
    { format: 'ghp' },
    { format: 'custom', prefix: 'acme', scopes: ['gist'] },
    { format: 'custom', prefix: 'acme', scopes: ['gist'], customScopes: ['deploy', 'packages:write', 'x.y-z_1:admin'] },
    { format: 'gho' }, { format: 'ghu' }, { format: 'ghs' }, { format: 'ghr' },
    fine,
    { ...fine, repositoryAccess: { kind: 'public' }, permissions: { gists: 'write' } },
    { ...fine, repositoryAccess: { kind: 'all' }, permissions: {}, description: '' },
  ];
  let records = [];
  for (const options of cases) {
    for (const name of ['n', '🔑'.repeat(60), '🔑'.repeat(100), 'é'.repeat(100)]) {
      const minted = pm.mint({ name, ...options });
      const record = minted.record();
      minted.free();
      assert.ok(isRecord(record, catalogue), `${options.format} ${name}`);
      records = addRecord(records, record); // threw before the fix for the 60-emoji note
    }
  }
  const file = JSON.parse(exportRecords(records));
  assert.equal(file.version, 2);
  assert.equal(file.records.length, records.length);
});

test('format ids: the built-in ones are the core\'s formats(); a custom prefix is valid exactly when the core takes it', () => {
  assert.deepEqual(BUILTIN_FORMATS, pm.formats().map((f) => f.id));
  // The core's refusal, and the reason the page names for it (a vendor's prefix: issue 26.11).
  const takes = (p) => {
    try {
      pm.check('x', [p]);
      return true;
    } catch (err) {
      assert.equal(err.code, prefixProblem(p) === 'vendor' ? 'vendor_prefix' : 'invalid_prefix', p);
      return false;
    }
  };
  const candidates = [
    'a', 'ab', 'a1', '1a', 'acme', 'Acme', 'aCME', 'ac_me', 'ac-me', 'ac me', 'a'.repeat(15), 'a'.repeat(16),
    'a'.repeat(17), 'z9'.repeat(8), 'gh', 'ghx', 'ghpp', 'github', 'githubx', 'github_pat', 'é', 'aé', 'a\u0000',
    ...BUILTIN_FORMATS, ...BUILTIN_FORMATS.map((id) => id.toUpperCase()),
    ...VENDOR_PREFIXES, ...VENDOR_PREFIXES.map((p) => `${p}x`), 'https',
  ];
  // Every one- and two-character string over letters, digits and separators at the edges.
  const alphabet = 'az09AZ_-.';
  for (const x of alphabet) {
    candidates.push(x);
    for (const y of alphabet) candidates.push(x + y);
  }
  let valid = 0;
  for (const p of candidates) {
    assert.equal(isCustomPrefix(p), takes(p), p);
    assert.equal(prefixProblem(p) === null, takes(p), `prefixProblem(${JSON.stringify(p)}) is ${prefixProblem(p)}`);
    assert.equal(customPrefixOf(`custom:${p}`), takes(p) ? p : null, p);
    valid += takes(p);
  }
  assert.ok(valid > 10 && valid < candidates.length - 10, 'both kinds are tried');
  for (const p of VENDOR_PREFIXES) {
    assert.equal(prefixProblem(p), 'vendor', p);
    assert.throws(() => pm.mint({ name: 'n', format: 'custom', prefix: p }), { code: 'vendor_prefix' }, p);
  }
  assert.equal(customPrefixOf('custom:acme:40'), null, 'a record\'s format has no length');
  assert.equal(customPrefixOf('ghp'), null);
});

test('the UI\'s fixture formats are the ones the core mints only with GitHub\'s own lifetime and no scopes', () => {
  const fixture = (id) => {
    try {
      pm.mint({ name: 'n', format: id, scopes: ['repo'] }).free();
      return false;
    } catch (err) {
      return err.code === 'fixture_scopes';
    }
  };
  assert.deepEqual(FIXTURES, BUILTIN_FORMATS.filter(fixture));
});

test('one table of token types (issue 26.23): every built-in format of the core with its prefix, plus custom, each named in every language', () => {
  const core = pm.formats();
  assert.deepEqual(TOKEN_TYPES.filter((f) => f.id !== 'custom').map((f) => f.id).sort(), core.map((f) => f.id).sort());
  for (const f of core) assert.equal(TOKEN_TYPES.find((x) => x.id === f.id).prefix, f.prefix, f.id);
  assert.equal(TOKEN_TYPES.find((x) => x.id === 'custom').prefix, null);
  for (const lang of Object.keys(STRINGS)) {
    const t = translator(lang);
    const names = TOKEN_TYPES.map((f) => t(`type.${f.id}`));
    for (const [i, name] of names.entries()) {
      assert.ok(STRINGS[lang][`type.${TOKEN_TYPES[i].id}`], `${lang}: type.${TOKEN_TYPES[i].id}`);
      // A name is the format's, not its prefix: formatLabel adds the prefix where it is shown.
      assert.ok(!name.includes('_'), `${lang}: ${name}`);
    }
    assert.equal(new Set(names).size, names.length, `${lang}: two formats of one name`);
    for (const f of core) assert.ok(formatLabel(f.id, t).startsWith(`${f.prefix} — `), formatLabel(f.id, t));
  }
  const t = translator('en');
  assert.equal(formatLabel('custom:acme', t), 'acme_ — Custom prefix');
  assert.equal(formatLabel('ghp', t), 'ghp_ — Personal access token (classic)');
  assert.equal(formatLabel('nope', t), 'nope');
  // Only the one table names formats: the strings have no second set of names.
  for (const lang of Object.keys(STRINGS)) {
    assert.deepEqual(Object.keys(STRINGS[lang]).filter((k) => /^format\./.test(k)), [], lang);
  }
});

test('the service\'s own scopes: the page\'s live check refuses exactly what the core refuses (issue 26.5)', () => {
  const mint = (customScopes) => {
    try {
      pm.mint({ format: 'custom', prefix: 'acme', name: 'n', customScopes }).free();
      return null;
    } catch (err) {
      return err.code;
    }
  };
  const candidates = [
    'deploy', 'd', 'ci.runner-2_x', 'packages:read', 'packages:write', 'packages:admin', 'Deploy', '1deploy',
    '_x', '-x', '.x', 'de ploy', 'deploy:', ':read', 'deploy:Read', 'deploy:owner', 'read:org', 'a:read:write',
    'déploy', 'ghp_x', `a${'b'.repeat(CUSTOM_SCOPES.maxChars - 1)}`, `a${'b'.repeat(CUSTOM_SCOPES.maxChars)}`,
    `a${'b'.repeat(CUSTOM_SCOPES.maxChars - 6)}:read`, `a${'b'.repeat(CUSTOM_SCOPES.maxChars - 5)}:read`,
  ];
  for (const c of candidates) assert.equal(customScopesProblem([c])?.code ?? null, mint([c]), c);
  const names = (n) => Array.from({ length: n }, (_, i) => `s${i}`);
  assert.equal(customScopesProblem(names(CUSTOM_SCOPES.max)), null);
  assert.equal(mint(names(CUSTOM_SCOPES.max)), null);
  assert.equal(customScopesProblem(names(CUSTOM_SCOPES.max + 1))?.code, 'too_many_custom_scopes');
  assert.equal(mint(names(CUSTOM_SCOPES.max + 1)), 'too_many_custom_scopes');
  // Repeats of a name count once, in both.
  const repeated = [...names(CUSTOM_SCOPES.max), 's0:write'];
  assert.equal(customScopesProblem(repeated), null);
  assert.equal(mint(repeated), null);
  assert.deepEqual(customScopesProblem(['ok', 'Not']), { code: 'invalid_custom_scope', at: 2 });
  // Only for custom prefixes.
  assert.throws(() => pm.mint({ name: 'n', customScopes: ['deploy'] }), { code: 'custom_scopes_not_allowed' });
});
