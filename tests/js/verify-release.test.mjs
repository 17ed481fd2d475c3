// The shipped verifier package (www/pkg/patmint_verify*, as build.sh makes it), loaded in Node as
// a server would: verdicts for records minted by the minting package, every bad or oversized
// argument gets a coded error (never a wasm trap), and no copy of the token stays in wasm memory.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { assertNotInWasmMemory, codeOf } from './release-helpers.mjs';
import { exportRecords } from '../../www/lib/model.js';

const pm = await import('../../www/pkg/patmint.js');
const vf = await import('../../www/pkg/patmint_verify.js');
let wasm;

before(async () => {
  const inflate = async (name) => gunzipSync(Buffer.from((await import(`../../www/pkg/${name}_wasm.js`)).default, 'base64'));
  pm.initSync({ module: await inflate('patmint') });
  wasm = vf.initSync({ module: await inflate('patmint_verify') });
});

function minted() {
  const classic = pm.mint({ format: 'ghp', name: 'ci', scopes: ['repo'], expiresInDays: 30 });
  const fine = pm.mint({
    format: 'github_pat', name: 'deploy', resourceOwner: 'octo-org',
    repositoryAccess: { kind: 'selected', repositories: ['octo-org/api'] },
    permissions: { contents: 'read' }, expiresInDays: 30,
  });
  const records = [classic.record(), fine.record()];
  return { classic: classic.reveal(), fine: fine.reveal(), records, json: exportRecords(records) };
}

test('verdicts: allowed with the record name, refused with one reason, nothing of the token', () => {
  const { classic, fine, records, json } = minted();
  assert.deepEqual(vf.verify(classic, json, { scopes: ['public_repo'] }), { allowed: true, name: 'ci' });
  assert.deepEqual(vf.verify(classic, json), { allowed: true, name: 'ci' });
  assert.deepEqual(vf.verify(classic, json, { scopes: ['admin:org'] }), { allowed: false, reason: 'insufficient_scope', name: 'ci' });
  assert.deepEqual(vf.verify(fine, json, { permissions: { contents: 'read' }, repository: 'octo-org/api' }), { allowed: true, name: 'deploy' });
  assert.deepEqual(vf.verify(fine, json, { permissions: { contents: 'write' }, repository: 'octo-org/api' }), { allowed: false, reason: 'insufficient_permission', name: 'deploy' });
  // A repository permission without a repository: never "any repository".
  assert.deepEqual(vf.verify(fine, json, { permissions: { contents: 'read' } }), { allowed: false, reason: 'repository_not_allowed', name: 'deploy' });
  assert.deepEqual(vf.verify(fine, json, { repository: 'octo-org/web' }), { allowed: false, reason: 'repository_not_allowed', name: 'deploy' });
  // A bare array of records (records.json) is an export file too.
  assert.deepEqual(vf.verify(classic, JSON.stringify(records)), { allowed: true, name: 'ci' });
  assert.deepEqual(vf.verify(pm.generate('ghp', 1)[0], json), { allowed: false, reason: 'unknown' });
  const changed = classic.slice(0, 10) + (classic[10] === 'a' ? 'b' : 'a') + classic.slice(11);
  assert.deepEqual(vf.verify(changed, json), { allowed: false, reason: 'malformed' });
  assert.deepEqual(vf.verify('x'.repeat(100_000), json), { allowed: false, reason: 'malformed' });
  const expired = records.map((r) => ({ ...r, createdAt: '2020-01-01T00:00:00Z', expiresAt: '2020-01-31T00:00:00Z' }));
  assert.deepEqual(vf.verify(classic, JSON.stringify(expired)), { allowed: false, reason: 'expired', name: 'ci' });
  for (const t of [classic, fine]) assertNotInWasmMemory(wasm, t, 'after verify()');
});

test('the service\'s own scopes of a custom-prefix token (issue 26.5): held to them, and to GitHub\'s', () => {
  const custom = pm.mint({ format: 'custom', prefix: 'acme', name: 'svc', scopes: ['gist'], customScopes: ['deploy', 'packages:write'] });
  const { classic, records } = minted();
  const json = exportRecords([custom.record(), ...records]);
  const token = custom.reveal();
  custom.free();
  const svc = { allowed: true, name: 'svc' };
  const short = { allowed: false, reason: 'insufficient_scope', name: 'svc' };
  assert.deepEqual(vf.verify(token, json, { customScopes: ['deploy', 'packages:read'] }), svc);
  assert.deepEqual(vf.verify(token, json, { scopes: ['gist'], customScopes: ['packages'] }), svc);
  assert.deepEqual(vf.verify(token, json, { customScopes: ['packages:admin'] }), short);
  assert.deepEqual(vf.verify(token, json, { customScopes: ['deploy:read'] }), short);
  assert.deepEqual(vf.verify(token, json, { scopes: ['repo'], customScopes: ['deploy'] }), short, 'never in place of a GitHub scope');
  assert.deepEqual(vf.verify(classic, json, { customScopes: ['deploy'] }), { allowed: false, reason: 'insufficient_scope', name: 'ci' });
  assert.equal(codeOf(() => vf.verify(token, json, { customScopes: ['Deploy'] })), 'invalid_custom_scope');
  assert.equal(codeOf(() => vf.verify(token, json, { customScopes: 'deploy' })), 'invalid_argument');
  assertNotInWasmMemory(wasm, token, 'after verify()');
});

test('bad and oversized arguments get coded errors, never a trap, and leave no token behind', () => {
  const { classic, json } = minted();
  for (const bad of [undefined, null, 42, {}, [], Symbol('x'), 10n]) {
    assert.equal(codeOf(() => vf.verify(bad, json)), 'invalid_argument', `token ${String(typeof bad)}`);
    assert.equal(codeOf(() => vf.verify(classic, bad)), 'invalid_argument', `records ${String(typeof bad)}`);
  }
  for (const req of [42, 'repo', [], { scope: ['repo'] }, { permissions: [] }, { permissions: 'contents:read' }]) {
    assert.equal(codeOf(() => vf.verify(classic, json, req)), 'invalid_requirement', JSON.stringify(req));
  }
  assert.equal(codeOf(() => vf.verify(classic, json, { scopes: 'repo' })), 'invalid_argument');
  assert.equal(codeOf(() => vf.verify(classic, json, { scopes: ['nope'] })), 'unknown_scope');
  assert.equal(codeOf(() => vf.verify(classic, json, { permissions: { contents: 'admin' } })), 'invalid_permission');
  assert.equal(codeOf(() => vf.verify(classic, json, { permissions: { contents: 42 } })), 'invalid_argument');
  assert.equal(codeOf(() => vf.verify(classic, json, { repository: 'no slash' })), 'invalid_repository');
  assert.equal(codeOf(() => vf.verify(classic, json, { repository: 'a/'.repeat(1000) })), 'too_long');
  assert.equal(codeOf(() => vf.verify(classic, json, { scopes: Array(257).fill('repo') })), 'too_long');
  // The records: bounded (4 Mi UTF-16 units) before a byte is copied, then validated.
  assert.equal(codeOf(() => vf.verify(classic, ' '.repeat(2 ** 22 + 1))), 'too_long');
  assert.equal(codeOf(() => vf.verify(classic, '{')), 'invalid_json');
  assert.equal(codeOf(() => vf.verify(classic, '[{"name":"x"}]')), 'malformed_record');
  assertNotInWasmMemory(wasm, classic, 'after refused arguments');
  // Still usable after every refusal (nothing trapped).
  assert.deepEqual(vf.verify(classic, json), { allowed: true, name: 'ci' });
  assertNotInWasmMemory(wasm, classic, 'after verify()');
});

test('checkRecordsFile: the core reads an export file for the pages\' Import — all or nothing, the bad entry\'s index', () => {
  const { records, json } = minted();
  assert.equal(vf.checkRecordsFile(json), 2);
  assert.equal(vf.checkRecordsFile(JSON.stringify(records)), 2, 'a bare array');
  const classicOnly = JSON.stringify({ format: 'patmint.records', version: 1, exportedAt: '2026-12-02T00:00:00Z', records: [records[0]] });
  assert.equal(vf.checkRecordsFile(classicOnly), 1, 'a v1 file');
  const bad = (text) => {
    try {
      vf.checkRecordsFile(text);
    } catch (err) {
      return { code: err.code, index: err.index, message: err.message };
    }
    return null;
  };
  const second = bad(JSON.stringify([records[0], { ...records[1], last4: '!' }]));
  assert.equal(second.index, 1);
  assert.match(second.message, /^record 1: /);
  assert.equal(bad(JSON.stringify([records[0], records[0]])).code, 'duplicate_fingerprint');
  assert.deepEqual(bad('{'), { code: 'invalid_json', index: undefined, message: bad('{').message });
  assert.equal(bad(JSON.stringify({ format: 'patmint.records', version: 1, records: [records[1]] })).code, 'unsupported_version', 'v1 holds classic records only');
  assert.equal(bad(JSON.stringify({ format: 'x', version: 2, records: [] })).code, 'invalid_export_file');
  assert.equal(codeOf(() => vf.checkRecordsFile(42)), 'invalid_argument');
});
