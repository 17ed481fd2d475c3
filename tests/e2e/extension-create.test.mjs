// The extension's create flow as a new user walks it (issue 16), in the browser BROWSER names:
// the popup back to the options' defaults after Done, the format it will mint shown, the custom
// date bounded and its error focused, every copy button exact, no sideways panning (English
// and Japanese), the options page's text at the page's size, and a Generate pressed before the
// core is instantiated (the form is drawn first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BROWSER } from './browsers.mjs';
import { screenshot, axeViolations, done, holdBackCore, releaseCore, extensionUnderTest, copied, leaks } from './harness.mjs';
import { brokenWords } from './wrapping.mjs';

const ext = extensionUnderTest();

const open = (page, options) => ext.open(page, options);

async function saveOptions(values) {
  const { tab } = await open('options.html');
  if (values.format) await tab.getByLabel('Token type').selectOption(values.format);
  if (values.prefix !== undefined) await tab.getByLabel('Prefix').fill(values.prefix);
  if (values.expiration) await tab.getByLabel('Expiration').selectOption(values.expiration);
  if (values.lang) await tab.getByLabel(/^(Language|言語)$/).selectOption(values.lang);
  await tab.getByRole('button', { name: /^(Save|保存)$/ }).click();
  await tab.getByRole('status').filter({ hasText: /Saved|保存しました/ }).waitFor();
  await tab.close();
}

const noOverflow = async (tab, what) => {
  const { scrollWidth, innerWidth } = await tab.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `${what}: ${scrollWidth} px wide in ${innerWidth} px`);
};

test('popup: Done returns to the options\' defaults; every copy button copies exactly the token', async () => {
  await saveOptions({ expiration: '60' });
  const { tab } = await open('popup.html');
  const expiration = tab.getByLabel('Expiration', { exact: true });
  assert.equal(await expiration.inputValue(), '60');
  await tab.getByText('Mints ghp_… tokens.').waitFor();
  await expiration.selectOption('7');
  await tab.getByLabel('Note').fill('popup defaults');
  await tab.getByRole('button', { name: 'Generate token' }).click();
  const masked = await tab.getByTestId('token').textContent();
  const secret = ext.saw(await copied(tab, tab.getByRole('button', { name: 'Copy', exact: true }), masked));
  await tab.getByText('Copied to the clipboard').waitFor();
  const { records } = await tab.evaluate(() => chrome.storage.local.get('records'));
  const fingerprint = createHash('sha256').update(secret).digest('hex');
  assert.equal(records.find((r) => r.name === 'popup defaults').fingerprint, fingerprint, 'the copy is this token');
  assert.equal(await copied(tab, tab.getByRole('button', { name: 'Copy the token for the password prompt' }), masked), secret);
  await noOverflow(tab, 'popup result');
  await tab.getByRole('button', { name: 'Done' }).click();
  assert.equal(await expiration.inputValue(), '60', 'back to the default, not the first option');
  assert.equal(await tab.getByLabel('Note').inputValue(), '');
  await tab.close();
  await saveOptions({ expiration: '30' });
});

test('popup: a custom date is bounded, and a past one puts the focus on it with the error', async () => {
  const { tab } = await open('popup.html');
  await tab.getByLabel('Note').fill('past date');
  await tab.getByLabel('Expiration', { exact: true }).selectOption('custom');
  const date = tab.getByLabel('Expiration date');
  assert.match(await date.getAttribute('min'), /^\d{4}-\d{2}-\d{2}$/);
  assert.match(await date.getAttribute('max'), /^\d{4}-\d{2}-\d{2}$/);
  await date.fill('2001-01-01');
  await tab.getByRole('button', { name: 'Generate token' }).click();
  await tab.locator('#expiration-error').getByText('The date must be between').waitFor();
  assert.equal(await tab.evaluate(() => document.activeElement.id), 'expiration-date');
  await tab.getByLabel('Expiration', { exact: true }).selectOption('30');
  assert.equal(await tab.locator('#expiration-error').textContent(), '', 'stale error cleared');
  await tab.close();
});

test('popup: a custom prefix from the options is shown as the format it mints', async () => {
  await saveOptions({ format: 'custom', prefix: 'ACME_' });
  const { tab } = await open('popup.html');
  await tab.getByText('Mints acme_… tokens.').waitFor();
  await tab.close();
  await saveOptions({ format: 'ghp' });
});

test('popup "Use it" (issue 26): where the token works, the server named and remembered, the clear outliving the popup, code unbroken', async () => {
  await saveOptions({ format: 'custom', prefix: 'acme' });
  const { tab } = await open('popup.html');
  await tab.getByLabel('Note').fill('popup use it');
  await tab.getByRole('button', { name: 'Generate token' }).click();
  const masked = await tab.getByTestId('token').textContent();
  const secret = ext.saw(await copied(tab, tab.getByRole('button', { name: 'Copy', exact: true }), masked));
  // The popup's clear is the background's: it outlives the popup, and the message says so.
  const news = await tab.locator('#result [role="status"]').first().textContent();
  assert.match(news, /will be cleared in 30 s, even once this popup has closed/);
  assert.doesNotMatch(news, /leaving the page|while this page stays open/);
  assert.match(await tab.getByTestId('use-where').textContent(), /patmint serve/);
  await tab.getByText('on the options page (All records and settings).').waitFor();
  assert.equal(await tab.locator('#use-github').count(), 0, 'no GitHub section for a custom prefix');
  assert.equal(await tab.getByLabel('Variable name', { exact: true }).inputValue(), 'ACME_TOKEN');
  await tab.getByLabel('Server', { exact: true }).fill('git.acme.test');
  await tab.getByLabel('Variable name', { exact: true }).fill('ACME_GIT');
  await tab.getByText('$ git clone https://git.acme.test/OWNER/REPO.git').waitFor();
  assert.equal(await copied(tab, tab.getByRole('button', { name: 'Copy the export command' }), masked), `export ACME_GIT=${secret}`);
  assert.deepEqual(await brokenWords(tab, ['ACME_GIT', 'acme_', 'git.acme.test', 'https://', 'patmint-records.json',
    'credential.https://', 'git-upload-pack', '/dev/null', 'username=token']), []);
  const { settings } = await tab.evaluate(() => chrome.storage.local.get('settings'));
  assert.deepEqual(settings.server, { host: 'git.acme.test', variables: { 'custom:acme': 'ACME_GIT' } });
  assert.ok(!leaks(JSON.stringify(settings), secret));
  assert.deepEqual(await axeViolations(tab), []);
  await tab.close();

  // The options page shows the host, refuses what is not one, and keeps the popup's variables.
  const { tab: options } = await open('options.html');
  const host = options.getByLabel('Server', { exact: true });
  assert.equal(await host.inputValue(), 'git.acme.test');
  await host.fill('github.com');
  await options.getByRole('button', { name: 'Save' }).click();
  await options.locator('#server-host-error').getByText('GitHub accepts only tokens it issued').waitFor();
  await host.fill('git2.acme.test:8443');
  await options.getByRole('button', { name: 'Save' }).click();
  await options.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  const { settings: saved } = await options.evaluate(() => chrome.storage.local.get('settings'));
  assert.deepEqual(saved.server, { host: 'git2.acme.test:8443', variables: { 'custom:acme': 'ACME_GIT' } });
  await options.close();

  // The next token's snippets use them at once.
  const { tab: again } = await open('popup.html');
  await again.getByLabel('Note').fill('popup use it again');
  await again.getByRole('button', { name: 'Generate token' }).click();
  await again.getByText('read -rs ACME_GIT && export ACME_GIT').waitFor();
  await again.getByText('$ git clone https://git2.acme.test:8443/OWNER/REPO.git').waitFor();
  await screenshot(again, 'extension-popup-use-custom-en.png');
  // The later tests measure the latest-tokens table with the classic tokens they make.
  await again.evaluate(() => chrome.storage.local.get('records').then(({ records }) =>
    chrome.storage.local.set({ records: records.filter((r) => !r.name.startsWith('popup use it')) })));
  await again.close();
  await saveOptions({ format: 'ghp' });
});

test('popup in Japanese: no sideways panning, the latest-tokens table not clipped, buttons unbroken', async () => {
  await saveOptions({ lang: 'ja' });
  const { tab } = await open('popup.html');
  for (const note of ['長いメモの付いたトークン', 'CI']) {
    await tab.getByLabel('メモ').fill(note);
    await tab.getByRole('button', { name: 'トークンを生成' }).click();
    await tab.getByRole('button', { name: '表示' }).click();
    await noOverflow(tab, 'popup result (ja)');
    await tab.getByRole('button', { name: '完了' }).click();
  }
  await noOverflow(tab, 'popup form (ja)');
  const table = await tab.evaluate(() => {
    const box = document.querySelector('#records-list .table-scroll');
    return { scroll: box.scrollWidth, client: box.clientWidth };
  });
  assert.ok(table.scroll <= table.client, `the table is ${table.scroll} px in ${table.client} px`);
  await screenshot(tab, 'extension-create-popup-ja.png');
  await tab.close();
  const { tab: options } = await open('options.html');
  const heights = await options.evaluate(() => [...document.querySelectorAll('#records-list button')]
    .map((b) => b.getBoundingClientRect().height));
  const line = await options.evaluate(() => parseFloat(getComputedStyle(document.body).lineHeight) || 24);
  for (const h of heights) assert.ok(h < line * 2, `a Delete button wraps (${h} px)`);
  await options.close();
  await saveOptions({ lang: 'en' });
});

test('options page: text at the page\'s size (not Chrome\'s 75 %), scope ids not smaller than their descriptions, storage named', async () => {
  const { tab } = await open('options.html');
  const sizes = await tab.evaluate(() => {
    const px = (sel) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize);
    return { body: px('body'), id: px('.scope code'), desc: px('.scope-desc') };
  });
  assert.ok(sizes.body >= 15, `body text ${sizes.body} px`);
  assert.ok(sizes.id >= sizes.desc, `scope id ${sizes.id} px < description ${sizes.desc} px`);
  await tab.getByText("in this browser's extension storage (chrome.storage.local)").waitFor();
  assert.deepEqual(await axeViolations(tab), []);
  await screenshot(tab, 'extension-create-options-en.png');
  await tab.close();
});

// Firefox runs no script before an extension page's own, so neither the core nor the storage
// can be held back there: these two run in Chromium.
const chromiumOnly = { skip: BROWSER === 'firefox' && 'needs a script before the page\'s own (Chromium only)' };

test('popup: the form is usable before the core is instantiated; a Generate pressed then waits for it', chromiumOnly, async () => {
  // The core held back: the form must already be drawn and its Generate enabled.
  const { tab } = await open('popup.html', {
    until: 'painted',
    beforeLoad: holdBackCore,
  });
  assert.equal(await tab.evaluate(() => document.documentElement.dataset.ready), undefined, 'the core is not there yet');
  await tab.getByLabel('Note').fill('pressed early');
  const generate = tab.getByRole('button', { name: 'Generate token' });
  assert.equal(await generate.isEnabled(), true);
  await generate.click();
  await tab.getByRole('status').filter({ hasText: 'Loading the token generator…' }).waitFor();
  await releaseCore(tab);
  await tab.getByRole('button', { name: 'Copy', exact: true }).waitFor();
  assert.equal(await tab.locator('#form-status').textContent(), '', 'the waiting message goes with the wait');
  assert.equal(await tab.evaluate(() => document.documentElement.dataset.ready), 'true');
  const token = ext.saw(await copied(tab, tab.getByRole('button', { name: 'Copy', exact: true }), await tab.getByTestId('token').textContent()));
  assert.match(token, /^ghp_[A-Za-z0-9]{36}$/);
  await done(tab);
  await tab.close();
});

test('popup: a core that arrives before the settings still draws the fine-grained permission table', chromiumOnly, async () => {
  await saveOptions({ format: 'github_pat' });
  // The storage answers half a second late: the core is there first.
  const { tab } = await open('popup.html', {
    beforeLoad: () => {
      const area = chrome.storage.local;
      const get = area.get.bind(area);
      area.get = (...args) => new Promise((resolve) => setTimeout(resolve, 500)).then(() => get(...args));
    },
  });
  assert.equal(await tab.getByLabel('Token type').inputValue(), 'github_pat');
  assert.ok(await tab.locator('#permission-groups select').count() > 0, 'the permission table is drawn');
  await tab.close();
  await saveOptions({ format: 'ghp' });
});
