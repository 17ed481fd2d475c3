// Issue 26.2: a note or description that holds a token is refused before it is stored
// (www/lib/stored-text.js), with the shipped scanner package: custom-prefix tokens of every
// prefix the page knows (its records', the Prefix field's), tokens split by a space or a line
// break as the scanner reads them, shape-only ones too; an ordinary note passes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { holdsToken, knownPrefixes, mayHoldToken, storedTextError } from '../../www/lib/stored-text.js';

const pm = await import('../../www/pkg/patmint.js');
const sc = await import('../../www/pkg/patmint_scan.js');

before(async () => {
  const inflate = async (name) => gunzipSync(Buffer.from((await import(`../../www/pkg/${name}_wasm.js`)).default, 'base64'));
  pm.initSync({ module: await inflate('patmint') });
  sc.initSync({ module: await inflate('patmint_scan') });
});

const mintToken = (options) => {
  const m = pm.mint({ name: 'n', ...options });
  const token = m.reveal();
  m.free();
  return token;
};

const record = (format) => ({ format, name: 'r', scopes: [], createdAt: '2026-01-01T00:00:00Z', fingerprint: '0'.repeat(64), last4: 'abcd' });

test('the prefixes known: the records\' custom ones and the Prefix field\'s, valid ones only', () => {
  assert.deepEqual(knownPrefixes([record('custom:acme'), record('ghp'), record('custom:acme')], 'beta', 'Bad', '', 'npm', 'ghp'), ['acme', 'beta']);
});

test('a custom token, whole or split by a space or a line break, is refused with the prefixes known', async () => {
  const acme = mintToken({ format: 'custom', prefix: 'acme' });
  const ghp = mintToken({ format: 'ghp' });
  const prefixes = knownPrefixes([record('custom:acme')]);
  for (const text of [
    `for ci ${acme}`, `${acme.slice(0, 12)} ${acme.slice(12)}`, `${acme.slice(0, 20)}\n${acme.slice(20)}`,
    `${ghp.slice(0, 10)} ${ghp.slice(10)}`, `rotate ${ghp.slice(0, 30)}\u200b${ghp.slice(30)}`,
    'old key AKIAIOSFODNN7EXAMPLE', // shape only: nothing token-shaped is stored
  ]) {
    assert.ok(holdsToken(sc, text, prefixes), text.slice(0, 8));
  }
  // Without its prefix, the custom token is not proven: the page must pass the prefixes.
  assert.ok(!holdsToken(sc, `for ci ${acme.slice(0, 12)} ${acme.slice(12)}`, []));
  // The Prefix field's prefix counts before any record has it.
  assert.ok(holdsToken(sc, `for ci ${acme}`, knownPrefixes([], 'acme')));
  for (const text of ['deploy to staging', 'ghp_ rotation for ci', 'acme_ keys', '', '   ', '🔑 key for ci']) {
    assert.ok(!holdsToken(sc, text, prefixes), text);
  }
});

test('storedTextError names the first field that holds a token, as the core would', async () => {
  const acme = mintToken({ format: 'custom', prefix: 'acme' });
  let loads = 0;
  const loadScanner = async () => {
    loads += 1;
    return sc;
  };
  const prefixes = ['acme'];
  assert.equal(await storedTextError(loadScanner, [{ field: 'note', text: '' }, { field: 'description' }], prefixes), null);
  assert.equal(loads, 0, 'nothing to read: the scanner is not loaded');
  assert.equal(await storedTextError(loadScanner, [{ field: 'note', text: 'deploy bot for staging' }], prefixes), null);
  assert.equal(loads, 0, 'a plain note: the scanner is not loaded (pages that only mint never download it)');
  assert.equal(await storedTextError(loadScanner, [{ field: 'note', text: 'deploy_bot for staging' }], prefixes), null);
  assert.equal(loads, 1);
  const note = await storedTextError(loadScanner, [{ field: 'note', text: `key ${acme}` }, { field: 'description', text: acme }], prefixes);
  assert.equal(note.code, 'name_holds_token');
  assert.equal(note.name, 'PatmintError');
  const description = await storedTextError(loadScanner, [{ field: 'note', text: 'deploy' }, { field: 'description', text: `was ${acme.slice(0, 9)}\n${acme.slice(9)}` }], prefixes);
  assert.equal(description.code, 'description_holds_token');
  for (const err of [note, description]) assert.ok(!err.message.includes(acme.slice(5, 15)), 'the message holds no token');
});

test('mayHoldToken is never false where the scanner finds something', () => {
  const acme = mintToken({ format: 'custom', prefix: 'acme' });
  const ghp = mintToken({ format: 'ghp' });
  const texts = [
    'deploy bot', 'CI for staging', 'デプロイ用', '🔑 x', 'deploy_bot', 'v1.2 release', 'a-b', 'x'.repeat(19),
    ghp, acme, `x ${ghp.slice(0, 5)} ${ghp.slice(5)}`, `gh p${ghp.slice(3, 20)}\n${ghp.slice(20)}`,
    `${ghp.slice(0, 12)}\n`, 'ghp_12345678\n', 'key=AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE',
    `github_pat_${'A'.repeat(22)}_${'b'.repeat(59)}`, 'dp.pt.' + 'a'.repeat(40), 'hf_' + 'a'.repeat(34),
    `> ${acme.slice(0, 9)}\n> ${acme.slice(9)}`, `2026-05-01T10:00:03Z ${ghp.slice(0, 20)}\n2026-05-01T10:00:03Z ${ghp.slice(20)}`,
  ];
  for (const text of texts) {
    const found = sc.scan(text, ['acme']).length > 0;
    if (found) assert.ok(mayHoldToken(text), JSON.stringify(text.slice(0, 6)));
  }
  for (const text of ['deploy bot', 'CI for staging', 'デプロイ用', '🔑 x', 'x'.repeat(19)]) assert.ok(!mayHoldToken(text), text);
  // Random texts of token pieces, separators and words: a finding always passes the filter.
  const pieces = [ghp.slice(0, 4), ghp.slice(4, 12), ghp.slice(12), acme.slice(0, 5), acme.slice(5, 20), acme.slice(20), ' ', '\n', '\t', '\u200b', '_', '-', '.', 'AKIA', 'IOSFODNN7EXAMPLE', 'x', 'é', '> '];
  let seed = 26;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < 3000; i++) {
    let text = '';
    for (let n = next() % 8; n >= 0; n--) text += pieces[next() % pieces.length];
    if (sc.scan(text, ['acme']).length > 0) assert.ok(mayHoldToken(text), JSON.stringify(text));
  }
});
