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

test('tokens pasted by accident are read across their gaps by the wasm scanner too (issue 25 item 7)', () => {
  const [t] = pm.generate('ghp', 1);
  const [fg] = pm.generate('github_pat', 1);
  const cases = [
    // grep --color=always, the match inside the token; Markdown; a tag character (a surrogate
    // pair in JS) and a bidi override; a no-break space; U+2028 and deep indentation.
    `${t.slice(0, 8)}\x1b[m\x1b[K${t.slice(8)}`,
    t.replace('_', '\\_'),
    `${t.slice(0, 10)}\u{e0041}\u202e${t.slice(10)}`,
    `${t.slice(0, 20)}\u00a0${t.slice(20)}`,
    `${t.slice(0, 20)}\u2028${' '.repeat(60)}${t.slice(20)}`,
  ];
  for (const piece of cases) {
    const text = `log 😀: \x1b[01;31m\x1b[K${piece} end`;
    const found = sc.scan(text);
    assert.equal(found.length, 1, JSON.stringify(text));
    assert.equal(found[0].verified, true);
    assert.equal(text.slice(found[0].start, found[0].end), piece);
    const { text: out } = sc.redact(text);
    assert.equal(out, `log 😀: \x1b[01;31m\x1b[K${found[0].masked} end`);
    assertNotInWasmMemory(wasm, t, 'after reading a token across gaps');
  }
  // A fine-grained token wrapped by a quoted-printable soft break: joined (shape only).
  const piece = `${fg.slice(0, 50)}=\r\n${fg.slice(50)}`;
  const [g] = sc.scan(`key: ${piece}\n`);
  assert.deepEqual([g.format, g.verified, g.start, g.end], ['github_pat', false, 5, 5 + piece.length]);
  assert.ok(!sc.redact(`key: ${piece}\n`).text.includes(fg.slice(50, 80)));
  assertNotInWasmMemory(wasm, fg, 'after joining a wrapped fine-grained token');
});
