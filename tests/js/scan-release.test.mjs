// The shipped scanner package (www/pkg/patmint_scan*, as build.sh makes it), loaded in Node:
// the text handed to scan()/redact() leaves no copy in wasm memory, and every bad argument
// gets a coded error, never a wasm trap.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { assertNotInWasmMemory, codeOf } from './release-helpers.mjs';

const pm = await import('../../www/pkg/patmint.js');
const sc = await import('../../www/pkg/patmint_scan.js');
let wasm;

before(async () => {
  const inflate = async (name) => gunzipSync(Buffer.from((await import(`../../www/pkg/${name}_wasm.js`)).default, 'base64'));
  pm.initSync({ module: await inflate('patmint') });
  wasm = sc.initSync({ module: await inflate('patmint_scan') });
});

test('scan and redact leave no copy of the scanned tokens in wasm memory', () => {
  const tokens = pm.generate('ghp', 3);
  const text = `CI log 日本語 😀\nexport GH_TOKEN=${tokens[0]}\r\n{"auth":"token ${tokens[1]}"}\n${'x'.repeat(100_000)} ${tokens[2]}`;
  const found = sc.scan(text);
  assert.equal(found.length, 3);
  for (const [i, f] of found.entries()) {
    assert.equal(text.slice(f.start, f.end), tokens[i]);
    assert.equal(f.verified, true);
  }
  for (const t of tokens) assertNotInWasmMemory(wasm, t, 'after scan()');
  const { text: redacted, findings } = sc.redact(text);
  assert.deepEqual(findings, found);
  for (const t of tokens) {
    assert.ok(!redacted.includes(t));
    assertNotInWasmMemory(wasm, t, 'after redact()');
  }
  assert.equal(sc.redact(redacted).text, redacted);
});

test('bad arguments get coded errors, never a trap', () => {
  for (const bad of [undefined, null, 42, {}, [], Symbol('x'), 10n]) {
    assert.equal(codeOf(() => sc.scan(bad)), 'invalid_argument', String(typeof bad));
    assert.equal(codeOf(() => sc.redact(bad)), 'invalid_argument', String(typeof bad));
  }
  for (const prefixes of [42, 'acme', [42], {}]) {
    assert.equal(codeOf(() => sc.scan('x', prefixes)), 'invalid_argument', String(prefixes));
  }
  assert.equal(codeOf(() => sc.scan('x', ['Bad Prefix'])), 'invalid_prefix');
  assert.equal(codeOf(() => sc.scan('x', ['ghp'])), 'invalid_prefix');
  // Over the bound: refused before any copy into wasm memory.
  assert.equal(codeOf(() => sc.redact('a'.repeat(2 ** 25 + 1))), 'too_long');
  // Lone surrogates are replaced (U+FFFD) by the encoder: offsets still index the JS string.
  const token = pm.generate('ghp', 1)[0];
  const odd = `\ud800 ${token} \udc00`;
  const [f] = sc.scan(odd);
  assert.equal(odd.slice(f.start, f.end), token);
  assert.equal(sc.scan('').length, 0);
  assert.equal(sc.redact('').text, '');
  // Was a bug: a first character that does not fit one byte per unit came back as ''.
  for (const s of ['é', '日本', '😀', '😀a', 'aé', 'é'.repeat(1000) + ' x']) assert.equal(sc.redact(s).text, s);
  // Spliced from the original string: even lone surrogates are kept as they were.
  assert.equal(sc.redact('\ud800 x\udc00').text, '\ud800 x\udc00');
  assert.equal(sc.redact(odd).text, odd.replace(token, f.masked));
});
