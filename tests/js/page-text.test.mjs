// The demo page ships its English text in the HTML (so that the first paint is the final
// layout, CLS): that text must be strings.js's, which translatePage writes over it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { STRINGS } from '../../www/lib/strings.js';

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

test('every data-i18n text in index.html is the English string of its key', async () => {
  const html = await readFile(new URL('../../www/index.html', import.meta.url), 'utf8');
  const found = [...html.matchAll(/<(\w+)\b[^>]*\bdata-i18n="([^"]+)"[^>]*>([^<]*)<\/\1>/g)];
  assert.ok(found.length > 30, `${found.length} elements`);
  for (const [, , key, text] of found) {
    assert.equal(unescape(text), STRINGS.en[key], key);
  }
});

test('the page has a meta description', async () => {
  const html = await readFile(new URL('../../www/index.html', import.meta.url), 'utf8');
  assert.match(html, /<meta name="description" content="[^"]{50,160}">/);
});
