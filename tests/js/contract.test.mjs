// The JS record check (www/lib/model.js isRecord) held to the core's record schema: every
// record of tests/contract/records.json that the core accepts (tests/contract.rs), isRecord
// accepts, and every one it refuses, isRecord refuses — with the catalogues from the shipped
// wasm. Records the shipped wasm mints pass isRecord too, in every format.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  BUILTIN_FORMATS, VENDOR_PREFIXES, customPrefixOf, isCustomPrefix, isRecord, exportRecords, addRecord,
} from '../../www/lib/model.js';
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
