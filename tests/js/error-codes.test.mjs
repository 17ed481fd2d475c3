// Every error code the core, the wasm boundary and the loader can give has a Japanese message
// and a place in the form (fieldForError) — the English UI shows the core's own message. The
// codes are read from the Rust sources, so a new code fails this test until the UI knows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { STRINGS } from '../../www/lib/strings.js';
import { fieldForError } from '../../www/lib/model.js';

const ROOT = new URL('../../', import.meta.url).pathname;

async function rustFiles(dir) {
  const out = [];
  for (const e of await readdir(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...await rustFiles(path));
    else if (e.name.endsWith('.rs')) out.push(path);
  }
  return out;
}

/** The codes a user of the pages can meet: every `ErrorCode::code()` arm and raw wasm error. */
async function codes() {
  const found = new Set();
  // The library and the wasm boundary; the CLI crate and the server half's verify.rs are not
  // the pages'.
  const files = [...await rustFiles('crates/patmint/src'), ...await rustFiles('crates/patmint-wasm/src')];
  for (const file of files) {
    if (file.endsWith('/src/verify.rs')) continue;
    const text = await readFile(join(ROOT, file), 'utf8');
    for (const [, body] of text.matchAll(/fn code\(&self\) -> &'static str \{([\s\S]*?)\n    \}\n/g)) {
      for (const [, code] of body.matchAll(/"([a-z_]+)"/g)) found.add(code);
    }
    // The records file's own codes, which the pages' Import shows (issue 18).
    if (file.endsWith('record/file.rs')) {
      for (const [, code] of text.matchAll(/(?:RecordFileError::file\(\s*|code: )"([a-z_]+)"/g)) found.add(code);
    }
    if (file.includes('/wasm/')) {
      for (const [, code] of text.matchAll(/error\(\s*["']([a-z_]+)["']/g)) found.add(code);
      for (const [, code] of text.matchAll(/err\.code = '([a-z_]+)'/g)) found.add(code);
    }
  }
  const loader = await readFile(join(ROOT, 'www/lib/guard.js'), 'utf8').catch(() => '');
  for (const [, code] of loader.matchAll(/patmintError\(\s*'([a-z_]+)'/g)) found.add(code);
  return [...found].sort();
}

test('every error code has a Japanese message', async () => {
  const all = await codes();
  assert.ok(all.length > 20 && all.includes('checksum_mismatch') && all.includes('too_long'), all.join());
  const missing = all.filter((code) => !(`error.${code}` in STRINGS.ja));
  assert.deepEqual(missing, [], 'codes without a Japanese message');
});

test('every error code goes beside a field the page has', async () => {
  const page = await readFile(join(ROOT, 'www/index.html'), 'utf8');
  for (const code of await codes()) {
    const field = fieldForError(code);
    assert.ok(page.includes(`id="${field}-error"`), `${code} -> ${field}: no #${field}-error on the page`);
  }
});
