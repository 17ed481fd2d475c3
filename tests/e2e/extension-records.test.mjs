// The records lifecycle in the built extension (issue 18), in the browser BROWSER names: the
// options page lists the records with the expiry warning, Delete with Undo, Delete all, Import
// (the core's parser, shipped in the package); the toolbar badge counts the tokens expiring
// within 7 days and follows the records; the daily alarm exists; the notification switch is
// there, off, with no permission asked at install. axe-clean, English and Japanese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { axeViolations, done, extensionUnderTest, screenshot } from './harness.mjs';

const DAY = 86_400_000;
const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const ext = extensionUnderTest();

/**
 * A classic record created `age` days ago (its fingerprint a random SHA-256: no token is
 * needed to list one).
 */
function recordOf(name, days, age = 40) {
  const now = Date.now();
  return {
    name, format: 'ghp', scopes: ['repo'], createdAt: rfc3339(now - age * DAY), expiresAt: rfc3339(now + days * DAY),
    fingerprint: createHash('sha256').update(randomBytes(16)).digest('hex'), last4: 'AbC1',
  };
}

const setRecords = (tab, records) => tab.evaluate((r) => chrome.storage.local.set({ records: r }), records);
const names = (tab) => tab.evaluate(async () => ((await chrome.storage.local.get('records')).records ?? []).map((r) => r.name));
const badge = (tab) => tab.evaluate(() => chrome.action.getBadgeText({}));
async function badgeBecomes(tab, text) {
  for (let i = 0; i < 100 && (await badge(tab)) !== text; i++) await new Promise((ok) => setTimeout(ok, 50));
  assert.equal(await badge(tab), text, 'badge');
}
const focusedId = (tab) => tab.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

function importFile(tab, text) {
  return tab.evaluate((json) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([json], 'patmint-records.json', { type: 'application/json' }));
    const input = document.getElementById('records-import');
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, text);
}

test('options: expiry warning and badge, Delete with Undo, Import; the daily alarm; notifications off', async () => {
  const { tab, seen } = await open();
  const soon = recordOf('soon', 2);
  await setRecords(tab, [recordOf('later', 40), soon, recordOf('gone', -1)]);
  await tab.getByText('One token expires within 7 days').waitFor();
  assert.equal(await tab.locator('#records-list tbody tr').count(), 3, 'expired records stay listed');
  await tab.locator('#records-list tr.soon').getByText('expires soon').waitFor();
  await badgeBecomes(tab, '1');
  assert.ok(await tab.evaluate(async () => Boolean(await chrome.alarms.get('patmint-expiry'))), 'the daily alarm');
  // The notification is opt-in: off, and its permission not granted at install.
  assert.equal(await tab.getByLabel('Notify me once a day when tokens expire within 7 days').isChecked(), false);
  assert.equal(await tab.evaluate(() => chrome.permissions.contains({ permissions: ['notifications'] })), false);
  assert.deepEqual(await axeViolations(tab), [], 'options with records and the expiry switch');

  await tab.getByRole('button', { name: 'Delete the record of soon' }).click();
  assert.equal(await focusedId(tab), 'records-undo');
  assert.deepEqual(await names(tab), ['later', 'gone']);
  await badgeBecomes(tab, '');
  await tab.getByRole('button', { name: 'Undo' }).click();
  assert.deepEqual(await names(tab), ['later', 'soon', 'gone']);
  await badgeBecomes(tab, '1');

  // Import: a partly bad file changes nothing; a good one after its preview.
  const fresh = recordOf('imported', 5);
  const file = { format: 'patmint.records', version: 2, exportedAt: rfc3339(Date.now()), records: [fresh] };
  await importFile(tab, JSON.stringify({ ...file, records: [fresh, { ...fresh, last4: '!' }] }));
  await tab.getByRole('status').filter({ hasText: /^Nothing imported: entry 2 of the file is wrong/ }).waitFor();
  await importFile(tab, JSON.stringify(file));
  await tab.locator('#import-preview').getByText('1 new, 0 changed, 0 already here').waitFor();
  assert.deepEqual(await axeViolations(tab), [], 'import preview');
  await tab.locator('#import-preview').getByRole('button', { name: 'Import', exact: true }).click();
  assert.deepEqual(await names(tab), ['imported', 'later', 'soon', 'gone']);
  await badgeBecomes(tab, '2');

  await tab.getByRole('button', { name: 'Delete all records' }).click();
  await tab.getByRole('button', { name: 'Delete all', exact: true }).click();
  assert.deepEqual(await names(tab), []);
  await badgeBecomes(tab, '');
  await tab.getByRole('button', { name: 'Undo' }).click();
  assert.equal((await names(tab)).length, 4);
  assert.deepEqual(seen.errors, []);
  await tab.close();
});

test('options in Japanese: the records section and the expiry switch', async () => {
  const { tab: first } = await open();
  await first.getByLabel(/^(Language|言語)$/).selectOption('ja');
  await first.getByRole('button', { name: /^(Save|保存)$/ }).click();
  await first.getByRole('status').filter({ hasText: /Saved|保存しました/ }).waitFor();
  await setRecords(first, [recordOf('まもなく', 3)]);
  await first.close();
  const { tab, seen } = await open();
  await tab.getByText('1個のトークンが7日以内に失効します').waitFor();
  await tab.getByLabel('7日以内に失効するトークンがあれば1日1回通知する').waitFor();
  await tab.getByRole('button', { name: 'すべての記録を削除' }).waitFor();
  await tab.getByRole('button', { name: '記録をインポート（JSON ファイル）' }).waitFor();
  assert.deepEqual(await axeViolations(tab), [], 'Japanese options');
  await tab.getByRole('button', { name: 'すべての記録を削除' }).click();
  await tab.getByRole('button', { name: 'すべて削除', exact: true }).click();
  await tab.getByRole('status').filter({ hasText: '1件の記録を削除しました。' }).waitFor();
  assert.deepEqual(seen.errors, []);
  // Back to English for the next test.
  await tab.getByLabel('言語').selectOption('en');
  await tab.getByRole('button', { name: '保存' }).click();
  await tab.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await tab.close();
});

test('options: Edit a record; Regenerate shows the new token once and marks the old record replaced', async () => {
  const { tab, seen } = await open();
  // A real token's record, minted by the package's core as the popup would.
  await tab.evaluate(async () => {
    const patmint = await import('./pkg/patmint.js');
    const minted = patmint.mint({ name: 'deploy', format: 'ghp', scopes: ['repo'], expiresInDays: 30 });
    await chrome.storage.local.set({ records: [minted.record()] });
    minted.free();
  });
  await tab.getByRole('button', { name: 'Edit the record of deploy' }).click();
  await tab.locator('#record-edit').getByLabel('Note', { exact: true }).fill('deploy bot');
  await tab.locator('#record-edit').getByRole('checkbox', { name: 'gist', exact: true }).check();
  assert.deepEqual(await axeViolations(tab), [], 'edit form in the options page');
  await tab.getByRole('button', { name: 'Save changes' }).click();
  await tab.getByRole('status').filter({ hasText: 'Saved “deploy bot”.' }).waitFor();
  const [edited] = await tab.evaluate(async () => (await chrome.storage.local.get('records')).records);
  assert.equal(edited.name, 'deploy bot');
  assert.deepEqual([...edited.scopes].sort(), ['gist', 'repo']);

  // Issue 26.8: asked first, with the new expiration; Cancel changes nothing.
  await tab.getByRole('button', { name: 'Regenerate the token deploy bot' }).click();
  const ask = tab.locator('#regenerate-confirm');
  await ask.getByRole('heading', { name: 'Regenerate “deploy bot”?' }).waitFor();
  assert.equal(await ask.getByLabel('Expiration of the new token').inputValue(), '30', 'the same length as before');
  assert.deepEqual(await axeViolations(tab), [], 'the regenerate confirmation in the options page');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await tab.evaluate(async () => (await chrome.storage.local.get('records')).records)).length, 1, 'Cancel mints nothing');
  await tab.getByRole('button', { name: 'Regenerate the token deploy bot' }).click();
  await ask.getByLabel('Expiration of the new token').selectOption('60');
  await ask.getByRole('button', { name: 'Regenerate token' }).click();
  await tab.getByTestId('token').waitFor();
  assert.equal(await focusedId(tab), 'result-title');
  assert.match(await tab.getByTestId('token').textContent(), /^ghp_•{32}[0-9A-Za-z]{4}$/);
  const [fresh, old] = await tab.evaluate(async () => (await chrome.storage.local.get('records')).records);
  assert.equal(fresh.name, 'deploy bot');
  assert.deepEqual(fresh.scopes, edited.scopes);
  assert.notEqual(fresh.fingerprint, edited.fingerprint);
  assert.equal(old.fingerprint, edited.fingerprint);
  assert.ok(old.replacedAt, 'the old record is kept, marked replaced');
  assert.equal(Date.parse(fresh.expiresAt) - Date.parse(fresh.createdAt), 60 * DAY, 'the expiration chosen');
  assert.deepEqual(await axeViolations(tab), [], 'regenerated token in the options page');
  await done(tab);
  assert.equal(await tab.getByTestId('token').count(), 0, 'the token is gone once done');
  assert.notEqual(await focusedId(tab), 'BODY');
  assert.deepEqual(seen.errors, []);
  await tab.close();
});

// Issue 26.9: a brand-new 7-day token lit the badge ("expires soon — regenerate it") at once.
test('the badge: a new 7-day token is not "expiring soon"; a 30-day one with 6 days left is', async () => {
  const { tab, seen } = await open();
  await setRecords(tab, [recordOf('fresh week', 7, 0)]);
  await tab.locator('#records-list tr', { hasText: 'fresh week' }).waitFor();
  await badgeBecomes(tab, '');
  assert.equal(await tab.locator('#records-list tr.soon').count(), 0);
  assert.ok(await tab.locator('#records-soon').isHidden());
  await setRecords(tab, [recordOf('fresh week', 7, 0), recordOf('month', 6, 24)]);
  await badgeBecomes(tab, '1');
  await tab.locator('#records-list tr.soon').getByText('expires soon').waitFor();
  assert.equal(await tab.locator('#records-list tr.soon th').textContent(), 'month');
  await setRecords(tab, []);
  await badgeBecomes(tab, '');
  assert.deepEqual(seen.errors, []);
  await tab.close();
});

// Issue 26.13 (the options page) and 26.15 (`[]` and an empty file) in the package.
test('options at 375 px: records as cards, nothing off-screen; importing [] or an empty file says so', async () => {
  const { tab, seen } = await open();
  await tab.setViewportSize({ width: 375, height: 800 });
  const now = Date.now();
  const fine = {
    name: 'release bot', format: 'github_pat', description: '', resourceOwner: 'octo-org',
    repositoryAccess: { kind: 'selected', repositories: ['octo-org/api', 'octo-org/web'] },
    permissions: { contents: 'write', metadata: 'read' },
    createdAt: rfc3339(now - DAY), expiresAt: rfc3339(now + 30 * DAY), fingerprint: 'f'.repeat(64), last4: 'Wxyz',
  };
  await setRecords(tab, [recordOf('CI deploy', 3), fine]);
  await tab.locator('#records-list tr', { hasText: 'release bot' }).waitFor();
  const where = await tab.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const tr of document.querySelectorAll('#records-list tbody tr')) {
      for (const el of [tr.querySelector('td.expiry'), ...tr.querySelectorAll('td code'), ...tr.querySelectorAll('button')]) {
        const r = el.getBoundingClientRect();
        if (r.left < 0 || r.right > width + 0.5) out.push(`${el.textContent.slice(0, 20)} at ${Math.round(r.left)}–${Math.round(r.right)}`);
      }
    }
    return { out, scroll: document.documentElement.scrollWidth - width };
  });
  assert.deepEqual(where.out, [], 'every Expires, Last 4 and button within 375 px');
  assert.ok(where.scroll <= 0, `no sideways scrolling (${where.scroll} px)`);
  await tab.locator('#records-list tr', { hasText: 'release bot' }).locator('summary').click();
  await tab.locator('#records-list').getByText('octo-org/web').waitFor();
  assert.deepEqual(await axeViolations(tab), [], 'narrow options page');
  await tab.evaluate(() => document.getElementById('records').scrollIntoView());
  await screenshot(tab, 'options-records-narrow-en-light.png', { fullPage: false });
  await importFile(tab, '[]');
  await tab.getByRole('status').filter({ hasText: 'Nothing to import: the file holds no records.' }).waitFor();
  await importFile(tab, '');
  await tab.getByRole('status').filter({ hasText: 'Nothing imported: the file is empty.' }).waitFor();
  await setRecords(tab, []);
  assert.deepEqual(seen.errors, []);
  await tab.close();
});

function open() {
  return ext.open('options.html');
}
