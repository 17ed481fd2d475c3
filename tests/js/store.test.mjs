// The store texts (docs/store/) and the one version, held to what they describe: the manifest,
// the locales, Cargo.toml, the changelog and what `web-ext lint` says of the built package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cargoVersion } from '../../npm/assemble.mjs';
import { skipUnlessBuilt } from './built.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (p) => readFileSync(join(ROOT, p), 'utf8');
const manifest = JSON.parse(read('extension/manifest.json'));
const VERSION = cargoVersion(ROOT);

/** The text under `## heading` (up to the next heading), trimmed. */
function section(md, heading) {
  const m = new RegExp(`^## ${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n([\\s\\S]*?)(?=^#{1,2} |$(?![\\s\\S]))`, 'm').exec(md);
  assert.ok(m, `section "${heading}"`);
  return m[1].trim();
}

test('one version: Cargo.toml; the extension manifest has none of its own; the changelog starts with it', () => {
  assert.match(VERSION, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  assert.equal(manifest.version, undefined, 'build.sh writes the version into dist/*/manifest.json');
  for (const browser of ['chrome', 'firefox']) {
    const built = join(ROOT, 'dist', browser, 'manifest.json');
    if (!skipUnlessBuilt(built)) assert.equal(JSON.parse(readFileSync(built, 'utf8')).version, VERSION, built);
  }
  const first = /^## \[([^\]]+)\]/m.exec(read('CHANGELOG.md'));
  assert.equal(first?.[1], VERSION, 'the latest CHANGELOG.md entry is the current version');
  assert.equal(JSON.parse(read('package.json')).version, undefined, 'the dev package.json carries no version');
});

test('a justification for each permission the manifest asks for, and for nothing else', () => {
  const md = read('docs/store/permissions.md');
  const justified = [...md.matchAll(/^## (\w+)$/gm)].map((m) => m[1]).filter((h) => h !== 'Remote');
  assert.deepEqual([...justified].sort(), [...manifest.permissions].sort());
  for (const p of manifest.permissions) assert.ok(section(md, p).length > 100, `${p}: a real justification`);
  for (const p of manifest.optional_permissions ?? []) assert.match(md, new RegExp(`^## ${p} \\(optional\\)$`, 'm'), `${p}: justified`);
  assert.equal(manifest.host_permissions, undefined);
  assert.match(md, /no host permission/);
});

test('listings in English and Japanese match the locales and the stores\' limits', () => {
  for (const lang of ['en', 'ja']) {
    const md = read(`docs/store/listing.${lang}.md`);
    const messages = JSON.parse(read(`extension/_locales/${lang}/messages.json`));
    const [name, summary, description] = lang === 'en' ? ['Name', 'Summary', 'Description'] : ['名前', '概要', '説明'];
    assert.equal(section(md, name), messages.extName.message);
    // The summary is the manifest description users see in the browser; CWS allows 132 characters.
    assert.equal(section(md, summary), messages.extDescription.message);
    assert.ok([...messages.extDescription.message].length <= 132);
    assert.ok(section(md, description).length > 400, `${lang}: a description`);
  }
});

test('the privacy policy says what the manifest declares: nothing collected, nothing sent', () => {
  const md = read('docs/store/privacy-policy.md');
  assert.match(md, /collects no data/);
  assert.match(md, /connect-src 'none'/);
  assert.deepEqual(manifest.browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] });
  assert.match(manifest.content_security_policy.extension_pages, /connect-src 'none'/);
  // Every place the extension stores something is named in the policy.
  const used = new Set();
  for (const f of ['background.js', 'ext.js', 'popup.js', 'options.js', 'clipboard.js']) {
    for (const m of read(`extension/${f}`).matchAll(/storage\.(local|session|sync)/g)) used.add(m[1]);
  }
  assert.ok(!used.has('sync'), 'nothing is synced');
  for (const area of used) assert.match(md, new RegExp(area === 'local' ? 'storage\\.local' : 'session storage'), area);
});

test('web-ext lint of the Firefox package: no error, and exactly the warnings docs/store/web-ext-lint.md explains', { skip: skipUnlessBuilt(join(ROOT, 'dist/firefox/manifest.json')) }, () => {
  let out;
  try {
    out = execFileSync(join(ROOT, 'node_modules/.bin/web-ext'), ['lint', '--source-dir', join(ROOT, 'dist/firefox'), '--output=json', '--no-config-discovery'], { encoding: 'utf8' });
  } catch (err) {
    out = err.stdout; // exits non-zero on errors: the assertion below says which
  }
  const report = JSON.parse(out);
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.notices, []);
  const explained = [...read('docs/store/web-ext-lint.md').matchAll(/^\| `(\w+)` \| `([^`]+)` \| `([^`]+)` \|/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
  const seen = report.warnings.map((w) => `${w.code} ${w.file} ${w.message}`);
  assert.deepEqual(seen.sort(), explained.sort());
});

test('store screenshots are 1280×800 PNGs, one per listing language', () => {
  const shots = readdirSync(join(ROOT, 'docs/store')).filter((f) => /^screenshot-.*\.png$/.test(f));
  assert.deepEqual(shots.map((f) => /-(en|ja)\.png$/.exec(f)?.[1]).sort(), ['en', 'ja']);
  for (const f of shots) {
    const png = readFileSync(join(ROOT, 'docs/store', f));
    assert.equal(png.subarray(1, 4).toString(), 'PNG', f);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1280, 800], f);
  }
});
