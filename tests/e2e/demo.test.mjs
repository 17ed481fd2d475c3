// The demo page (in the browser BROWSER names: Chromium or Firefox, see browsers.mjs): the whole
// create-token flow, with proof that the secret never leaves the page (no request off the page's
// origin; nothing in storage, cookies, URL or console; not in the DOM until revealed) and that
// every console error fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, watch, screenshot, classicChecksumOk, crc32, leaks, axeViolations, servedDemo, copied } from './harness.mjs';

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const demo = servedDemo();

async function openDemo({ colorScheme = 'light', clock = false, lang = 'en' } = {}) {
  const context = await demo.browser.newContext({
    colorScheme,
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    viewport: { width: 1000, height: 900 },
    acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.origin });
  const page = await context.newPage();
  if (clock) await page.clock.install();
  const seen = watch(page);
  await page.goto(`${demo.server.origin}/`);
  await page.waitForSelector('html[data-ready="true"]');
  return { context, page, seen };
}

/**
 * Everything the page could persist or expose, as one string to search for the secret. The page
 * keeps nothing in IndexedDB or the Cache API: both must be empty (their names alone would not
 * show a token stored under an innocent name).
 */
async function everywhere(page) {
  const { text, databases, caches } = await page.evaluate(async () => ({
    text: JSON.stringify({
      local: { ...localStorage },
      session: { ...sessionStorage },
      cookie: document.cookie,
      url: location.href,
      history: history.length,
    }),
    databases: (await indexedDB.databases()).map((d) => d.name),
    caches: await self.caches.keys(),
  }));
  assert.deepEqual(databases, [], 'IndexedDB databases: the page keeps none');
  assert.deepEqual(caches, [], 'Cache API caches: the page keeps none');
  return text;
}

const records = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('patmint.records') ?? '[]'));

async function fillForm(page, { note = 'deploy bot', scopes = [], expiration } = {}) {
  await page.getByLabel('Note').fill(note);
  if (expiration) await page.getByLabel('Expiration', { exact: true }).selectOption(expiration);
  for (const s of scopes) await page.getByRole('checkbox', { name: s, exact: true }).check();
}

async function generateAndCopy(page) {
  await page.getByRole('button', { name: 'Generate token' }).click();
  const masked = await page.getByTestId('token').textContent();
  const secret = await copied(page, page.getByRole('button', { name: 'Copy', exact: true }), masked);
  await page.getByText('Copied to the clipboard').waitFor();
  return { masked, secret };
}

function assertClean(seen, secret) {
  const foreign = seen.urls.filter((u) => !u.startsWith(`${demo.server.origin}/`));
  assert.deepEqual(foreign, [], 'requests outside the page origin');
  assert.ok(!demo.server.requests.some((u) => leaks(u, secret)), 'secret sent to the server');
  assert.deepEqual(seen.errors, [], 'console errors');
  assert.ok(!seen.console.some((m) => leaks(m, secret)), 'secret in console output');
  assert.deepEqual(seen.logged, [], 'the page writes nothing to the console');
}

test('the independent CRC32 agrees with the standard check value', () => {
  assert.equal(crc32('123456789'), 0xcbf43926);
  assert.ok(leaks('xx ghp_ABCDEFGHIJKLxx', 'ghp_ABCDEFGHIJKLMNOP'));
  assert.ok(!leaks('ghp_ only', 'ghp_ABCDEFGHIJKLMNOP'));
});

test('the full flow: create, copy, check, reveal, done — and the secret never leaves', async () => {
  const { context, page, seen } = await openDemo();
  await fillForm(page, { scopes: ['user', 'gist', 'user:email', 'repo'], expiration: '60' });
  const { masked, secret } = await generateAndCopy(page);

  assert.match(masked, /^ghp_•{32}[0-9A-Za-z]{4}$/);
  assert.ok(classicChecksumOk(secret), 'copied token passes an independent CRC32 check');
  assert.equal(masked.slice(-4), secret.slice(-4));
  assert.ok(!leaks(await page.content(), secret), 'clear text in the DOM before Reveal');

  const [record] = await records(page);
  assert.equal(record.fingerprint, sha256(secret), 'stored fingerprint = SHA-256 of the copied token');
  assert.deepEqual(record.scopes, ['gist', 'repo', 'user'], 'scopes normalised as GitHub does');
  assert.equal(record.name, 'deploy bot');
  assert.equal(record.last4, secret.slice(-4));
  const days = (Date.parse(record.expiresAt) - Date.parse(record.createdAt)) / 86_400_000;
  assert.equal(days, 60);
  assert.ok(!leaks(await everywhere(page), secret), 'secret persisted somewhere');

  // The snippets are displayed masked.
  assert.ok(await page.getByText(`export PATMINT_TOKEN=${masked}`).isVisible());
  assert.ok(await page.getByText(`Password: ${masked}`).isVisible());
  await page.getByRole('button', { name: 'Copy the export command' }).click();
  await page.getByText('Copied, with the token in clear').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `export PATMINT_TOKEN=${secret}`);

  // The check panel verifies the copied token with the core, without echoing it.
  await page.getByLabel('Check a token').fill(secret);
  await page.getByText('Well-formed: ghp_').waitFor();
  assert.equal(await page.locator('#check-fingerprint').textContent(), sha256(secret));
  assert.equal(await page.locator('#check-masked').textContent(), masked);
  assert.ok(!leaks(await page.content(), secret), 'check panel echoes the token');
  await page.getByLabel('Check a token').fill('');

  await screenshot(page, 'demo-result-en-light.png');
  await page.getByRole('button', { name: 'Reveal' }).click();
  assert.equal(await page.getByTestId('token').textContent(), secret);
  await page.getByRole('button', { name: 'Hide' }).click();
  assert.equal(await page.getByTestId('token').textContent(), masked);

  await page.getByRole('button', { name: 'Done' }).click();
  assert.equal(await page.getByTestId('token').count(), 0, 'token element gone after Done');
  assert.ok(!leaks(await page.content(), secret), 'clear text in the DOM after Done');
  assert.equal((await records(page)).length, 1, 'the record remains');
  assert.ok(await page.getByRole('cell', { name: secret.slice(-4), exact: true }).isVisible());
  assertClean(seen, secret);
  await context.close();
});

test('bad input shows the core message beside the field and generates nothing', async () => {
  const { context, page, seen } = await openDemo();
  const generate = page.getByRole('button', { name: 'Generate token' });

  await generate.click();
  await assert.doesNotReject(page.locator('#note-error').getByText('a note is required').waitFor());

  await page.getByLabel('Note').fill('x');
  await page.getByLabel('Expiration', { exact: true }).selectOption('custom');
  await page.getByLabel('Expiration date').fill('2001-01-01');
  await generate.click();
  await page.locator('#expiration-error').getByText('The date must be between').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'expiration-date', 'focus on the field to fix');
  await page.getByLabel('Expiration', { exact: true }).selectOption('30');

  await page.getByLabel('Token type').selectOption('custom');
  await page.getByLabel('Prefix').fill('Not-Valid');
  await generate.click();
  await page.locator('#prefix-error').getByText('may hold only lowercase letters a–z and digits').waitFor();

  assert.equal(await page.getByTestId('token').count(), 0);
  assert.deepEqual(await records(page), []);
  assert.deepEqual(seen.errors, []);

  // A valid custom prefix then works, and the check panel knows it from the records.
  await page.getByLabel('Prefix').fill('acme');
  const { secret } = await generateAndCopy(page);
  assert.match(secret, /^acme_[0-9A-Za-z]{36}$/);
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByLabel('Check a token').fill(secret);
  await page.getByText('Well-formed: acme_ — Custom prefix').waitFor();
  await page.getByLabel('Check a token').fill(secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A'));
  await page.getByText('Invalid: checksum mismatch').waitFor();
  assertClean(seen, secret);
  await context.close();
});

test('scope tree: a checked parent checks and disables its children', async () => {
  const { context, page } = await openDemo();
  const repo = page.getByRole('checkbox', { name: 'repo', exact: true });
  const status = page.getByRole('checkbox', { name: 'repo:status', exact: true });
  const readOrg = page.getByRole('checkbox', { name: 'read:org', exact: true });
  await status.check();
  await repo.check();
  assert.ok(await status.isChecked());
  assert.ok(await status.isDisabled());
  await repo.uncheck();
  assert.ok(!(await status.isDisabled()));
  await page.getByRole('checkbox', { name: 'admin:org', exact: true }).check();
  assert.ok((await readOrg.isChecked()) && (await readOrg.isDisabled()), 'grandchildren too');
  // Descriptions are attached to their checkbox.
  const described = await repo.getAttribute('aria-describedby');
  assert.equal(await page.locator(`#${described}`).textContent(), 'Full control of private repositories');
  await context.close();
});

test('no expiration warns; custom shows a date field', async () => {
  const { context, page } = await openDemo();
  const expiration = page.getByLabel('Expiration', { exact: true });
  await expiration.selectOption('none');
  await page.getByText('GitHub strongly recommends').waitFor();
  assert.ok(await page.getByLabel('Expiration date').isHidden());
  await expiration.selectOption('custom');
  assert.ok(await page.getByLabel('Expiration date').isVisible());
  assert.ok(await page.getByText('GitHub strongly recommends').isHidden());
  await fillForm(page, { note: 'forever' });
  await expiration.selectOption('none');
  await page.getByRole('button', { name: 'Generate token' }).click();
  const [record] = await records(page);
  assert.equal(record.expiresAt, null);
  assert.ok(await page.getByRole('cell', { name: 'never' }).isVisible());
  await context.close();
});

test('reveal hides itself after 30 s; the clipboard is cleared after the chosen delay', async () => {
  const { context, page, seen } = await openDemo({ clock: true });
  await page.getByLabel('Clear the clipboard after').selectOption('10');
  await fillForm(page);
  const { masked, secret } = await generateAndCopy(page);
  await page.getByText('will be cleared in 10 s').waitFor();

  await page.getByRole('button', { name: 'Reveal' }).click();
  assert.equal(await page.getByTestId('token').textContent(), secret);
  await page.clock.runFor(11_000);
  await page.getByText('The clipboard was cleared').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '');
  await page.clock.runFor(20_000);
  assert.equal(await page.getByTestId('token').textContent(), masked, 'hidden again after 30 s');

  // Something else copied meanwhile is left alone.
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await page.evaluate(() => navigator.clipboard.writeText('my own text'));
  await page.clock.runFor(11_000);
  await page.getByText('holds something else now').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'my own text');
  assertClean(seen, secret);
  await context.close();
});

test('shown once: a reload frees the token and keeps only the record', async () => {
  const { context, page } = await openDemo();
  await fillForm(page);
  const { secret } = await generateAndCopy(page);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.getByTestId('token').count(), 0);
  assert.ok(!leaks(await page.content(), secret));
  assert.equal((await records(page))[0].fingerprint, sha256(secret));
  await context.close();
});

test('records: delete and export (records only)', async () => {
  const { context, page } = await openDemo();
  for (const note of ['first', 'second']) {
    await fillForm(page, { note });
    await page.getByRole('button', { name: 'Generate token' }).click();
    // Never copied nor revealed: Done asks once, then discards.
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('You have not copied or revealed this token').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
  }
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export records' }).click(),
  ]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(exported.format, 'patmint.records');
  assert.deepEqual(exported.records.map((r) => r.name), ['second', 'first']);
  for (const r of exported.records) {
    assert.deepEqual(Object.keys(r).sort(), ['createdAt', 'expiresAt', 'fingerprint', 'format', 'last4', 'name', 'scopes']);
  }
  await page.getByRole('button', { name: 'Delete the record of first' }).click();
  assert.deepEqual((await records(page)).map((r) => r.name), ['second']);
  await context.close();
});

test('Japanese: the language switch translates the page and sets lang', async () => {
  const { context, page, seen } = await openDemo();
  await page.getByLabel('Language').selectOption('ja');
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  await page.getByLabel('メモ').fill('デプロイ用');
  await page.getByRole('button', { name: 'トークンを生成' }).click();
  await page.getByText('今すぐトークンをコピーしてください。二度と表示できません。').waitFor();
  await page.getByRole('button', { name: '完了' }).click();
  await page.getByRole('button', { name: '完了' }).click();
  await page.getByRole('button', { name: 'トークンを生成' }).click();
  await page.locator('#note-error').getByText('メモは必須です').waitFor();
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'ja', 'the choice is remembered');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('screenshots: create and result, light and dark, English and Japanese', async () => {
  for (const lang of ['en', 'ja']) {
    for (const colorScheme of ['light', 'dark']) {
      const { context, page } = await openDemo({ colorScheme, lang });
      await page.getByLabel(lang === 'ja' ? 'メモ' : 'Note').fill(lang === 'ja' ? 'CI のデプロイ' : 'CI deploy');
      for (const s of ['repo', 'workflow']) await page.getByRole('checkbox', { name: s, exact: true }).check();
      await screenshot(page, `demo-create-${lang}-${colorScheme}.png`, { fullPage: false });
      await page.getByRole('button', { name: lang === 'ja' ? 'トークンを生成' : 'Generate token' }).click();
      await page.getByTestId('token').waitFor();
      await screenshot(page, `demo-result-${lang}-${colorScheme}.png`, { fullPage: false });
      await context.close();
    }
  }
});

test('Redact text: findings masked and proven, the redacted text copied, the scanner loaded only on use', async () => {
  const { context, page, seen } = await openDemo();
  const scannerRequests = () => demo.server.requests.filter((u) => u.includes('patmint_scan'));
  assert.deepEqual(scannerRequests(), [], 'scanner package downloaded before it was needed');
  await fillForm(page);
  const { masked, secret } = await generateAndCopy(page);
  await page.getByRole('button', { name: 'Done' }).click();
  const last = secret.at(-1) === 'A' ? 'B' : 'A';
  const lookAlike = secret.slice(0, -1) + last;
  const lookAlikeMasked = masked.slice(0, -1) + last;
  const text = [
    '2026-11-23T10:00:00Z INFO deploy_started run-42',
    `Authorization: token ${secret}`,
    `  "token": "${lookAlike}", 日本語 😀`,
    'aws_key=AKIAIOSFODNN7EXAMPLE', // no CR: a textarea normalises line breaks to LF
    `not_a_token x${secret}`,
  ].join('\n');
  await page.getByLabel('Text to check for tokens').fill(text);
  await page.getByText('4 possible tokens found, 2 proven by checksum.').waitFor();
  assert.ok(scannerRequests().length > 0, 'scanner package loaded on first use');
  const items = await page.locator('#redact-findings li').allTextContents();
  // The token minted here is the user's own: its record is named (issue 18.6), the others not.
  const mine = / This is your token “deploy bot” \(expires [^)]+\)\.$/;
  assert.deepEqual(items.map((item) => mine.test(item)), [true, false, false, true]);
  assert.deepEqual(items.map((item) => item.replace(mine, '')), [
    `line 2 ${masked} ghp — proven by checksum`,
    `line 3 ${lookAlikeMasked} ghp — checksum does not match: a look-alike or a typo`,
    'line 4 AKIA••••••••••••MPLE aws_access_key_id — shape only (no checksum to prove it)',
    `line 5 ${masked} ghp — proven by checksum`,
  ]);
  const expected = text
    .replace(`token ${secret}`, `token ${masked}`)
    .replace(`x${secret}`, `x${masked}`)
    .replace(lookAlike, lookAlikeMasked)
    .replace('AKIAIOSFODNN7EXAMPLE', 'AKIA••••••••••••MPLE');
  assert.equal(await page.locator('#redact-output').textContent(), expected);
  assert.equal(await page.locator('#redact-output mark.verified').count(), 2);
  await screenshot(page, 'demo-redact-en-light.png');
  assert.deepEqual(await axeViolations(page), [], 'redact view');

  await page.getByRole('button', { name: 'Copy redacted text' }).click();
  await page.getByText('Redacted text copied.').waitFor();
  const onClipboard = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(onClipboard, expected);
  // Glued to a word character, the last one is proven by its checksum all the same.
  assert.ok(!leaks(onClipboard, secret));
  const shown = await page.locator('#redact').evaluate((el) => el.querySelector('#redact-findings').textContent + el.querySelector('#redact-output').textContent);
  assert.ok(!leaks(shown, secret), 'a found token shown in clear');

  // Many findings: the list is capped, the page keeps working. (Set as a paste would, not with
  // fill(), which inserts text like typing: 50 s for these 125 KB.)
  await page.locator('#redact-input').evaluate((el, text) => {
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, 'key AKIAIOSFODNN7EXAMPLE\n'.repeat(5000));
  await page.getByText('5000 possible tokens found, 0 proven by checksum.').waitFor();
  assert.equal(await page.locator('#redact-findings li').count(), 501);
  await page.getByText('… and 4500 more').waitFor();

  await page.getByRole('button', { name: 'Clear' }).click();
  assert.equal(await page.getByLabel('Text to check for tokens').inputValue(), '');
  assert.equal(await page.locator('#redact-result').isHidden(), true);
  assert.ok(!leaks(await everywhere(page), secret), 'secret persisted somewhere');
  assertClean(seen, secret);
  await context.close();
});

test('accessibility: axe-core finds no violation on the create, result and records views', async () => {
  const { context, page } = await openDemo();
  const audit = async (what) => assert.deepEqual(await axeViolations(page), [], `${what} view`);
  await audit('create');
  await fillForm(page, { scopes: ['repo'] });
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByTestId('token').waitFor();
  await audit('result (with records)');
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByLabel('Check a token').fill('ghp_nope');
  await audit('records and check');
  await context.close();
});

test('the CSP forbids every request from script, including to the page origin', async () => {
  const { context, page } = await openDemo();
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /connect-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  const html = await readFile(join(ROOT, 'www', 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'inline script');
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'inline event handler');
  assert.doesNotMatch(html, /<style|\sstyle=/i, 'inline style');
  const outcome = await page.evaluate(() => fetch('/index.html').then(() => 'fetched', () => 'blocked'));
  assert.equal(outcome, 'blocked');
  await context.close();
});
