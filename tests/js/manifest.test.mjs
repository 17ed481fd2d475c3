// The extension's manifest asks for the fewest permissions and ships a strict CSP; no page has
// inline script, style or handlers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(ROOT, 'extension/manifest.json'), 'utf8'));

test('permissions are exactly the allowed set, with no host access', () => {
  assert.deepEqual([...manifest.permissions].sort(), ['alarms', 'clipboardRead', 'clipboardWrite', 'contextMenus', 'offscreen', 'storage']);
  // Asked for only when the user turns the expiry notification on (extension/expiry-options.js).
  assert.deepEqual(manifest.optional_permissions, ['notifications']);
  for (const key of ['host_permissions', 'optional_host_permissions', 'content_scripts', 'web_accessible_resources', 'externally_connectable']) {
    assert.equal(manifest[key], undefined, key);
  }
});

test('a strict CSP for extension pages', () => {
  const csp = manifest.content_security_policy.extension_pages;
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.match(csp, /connect-src 'none'/);
  assert.match(csp, /object-src 'none'/);
  assert.doesNotMatch(csp, /https?:|unsafe-inline|unsafe-eval'(?<!wasm-unsafe-eval')/);
});

test('valid for Chrome and Firefox: background for both, gecko settings, locales', () => {
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.background.service_worker, 'background.js');
  assert.deepEqual(manifest.background.scripts, ['background.js']);
  assert.match(manifest.browser_specific_settings.gecko.id, /@/);
  assert.deepEqual(manifest.browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] });
  assert.equal(manifest.default_locale, 'en');
  for (const lang of ['en', 'ja']) {
    const messages = JSON.parse(readFileSync(join(ROOT, `extension/_locales/${lang}/messages.json`), 'utf8'));
    for (const key of ['extName', 'extDescription', 'actionTitle', 'menuCopyRedacted', 'badgeExpiring', 'notifyExpiring']) assert.ok(messages[key]?.message, `${lang} ${key}`);
    for (const [key, { message }] of Object.entries(messages)) assert.ok(!message.includes('(s)'), `${lang} ${key}: no "(s)" (issue 16.11)`);
  }
});

test('no inline script, style or event handler in any page', () => {
  const pages = [
    ...readdirSync(join(ROOT, 'extension')).filter((f) => f.endsWith('.html')).map((f) => join(ROOT, 'extension', f)),
    ...readdirSync(join(ROOT, 'www')).filter((f) => f.endsWith('.html')).map((f) => join(ROOT, 'www', f)),
  ];
  assert.ok(pages.length >= 4);
  for (const file of pages) {
    const html = readFileSync(file, 'utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${file}: inline script`);
    assert.doesNotMatch(html, /\son[a-z]+=/i, `${file}: inline handler`);
    assert.doesNotMatch(html, /<style|\sstyle=/i, `${file}: inline style`);
    assert.doesNotMatch(html, /(src|href)="https?:/i, `${file}: remote resource`);
  }
});

test('each browser\'s package: what extension/browsers.json leaves out, and nothing else', async () => {
  const { manifestFor } = await import('../../tools/extension-manifest.mjs');
  const browsers = JSON.parse(readFileSync(join(ROOT, 'extension/browsers.json'), 'utf8'));
  assert.deepEqual(Object.keys(browsers).sort(), ['chrome', 'firefox']);
  for (const { omit } of Object.values(browsers)) {
    for (const file of omit) assert.ok(readdirSync(join(ROOT, 'extension')).includes(file), `${file} exists`);
  }
  const chrome = manifestFor(manifest, browsers.chrome, '1.2.3');
  assert.deepEqual(Object.keys(chrome).slice(0, 3), ['manifest_version', 'name', 'version']);
  assert.equal(chrome.version, '1.2.3');
  assert.deepEqual(chrome.background, { service_worker: 'background.js', type: 'module' });
  assert.equal(chrome.browser_specific_settings, undefined);
  assert.deepEqual(chrome.permissions, manifest.permissions);
  const firefox = manifestFor(manifest, browsers.firefox, '1.2.3');
  assert.deepEqual(firefox.background, { scripts: ['background.js'], type: 'module' });
  assert.deepEqual(firefox.permissions, manifest.permissions.filter((p) => p !== 'offscreen'));
  assert.deepEqual(firefox.browser_specific_settings, manifest.browser_specific_settings);
  assert.ok(manifest.background.scripts && manifest.permissions.includes('offscreen'), 'the source is left as it was');
  assert.throws(() => manifestFor(manifest, { drop: ['background.page'] }, '1'), /nothing to drop at background.page/);
});
