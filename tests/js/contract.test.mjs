// The JS record check (www/lib/model.js isRecord) held to the core's record schema: every
// record of tests/contract/records.json that the core accepts (tests/contract.rs), isRecord
// accepts, and every one it refuses, isRecord refuses — with the catalogues from the shipped
// wasm. Records the shipped wasm mints pass isRecord too, in every format.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { isRecord, exportRecords, addRecord } from '../../www/lib/model.js';

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
