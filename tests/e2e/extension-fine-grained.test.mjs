// The extension popup's fine-grained form (issue 15), in the browser BROWSER names: the token
// types people create, GitHub's fine-grained fields by accessible name, the record stored in
// extension storage, a bad input beside its field, app-issued fixtures without scopes or an
// expiration choice; axe-clean, English and Japanese. Apart from extension.test.mjs so that
// harness changes merge easily; the shared launcher's checks (requests, errors, console) apply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, leaks, axeViolations, done, extensionUnderTest, assertHidden } from './harness.mjs';

const ext = extensionUnderTest();
const open = (page) => ext.open(page);

const stored = (tab) => tab.evaluate(async () => (await chrome.storage.local.get('records')).records ?? []);

test('popup: a fine-grained token with GitHub\'s fields, stored as a v2 record', async () => {
  const { tab, seen } = await open('popup.html');
  const types = await tab.getByLabel('Token type').locator('option').allTextContents();
  assert.deepEqual(types.slice(0, 3), ['Personal access token (classic)', 'Fine-grained personal access token', 'Custom prefix']);
  assert.ok(await tab.getByRole('group', { name: 'Select scopes' }).isVisible(), 'ghp: the scope tree, by that name');
  await tab.getByLabel('Token type').selectOption('github_pat');
  assert.ok(await tab.getByRole('group', { name: 'Select scopes' }).isHidden(), 'no scope tree');
  await assertHidden(tab, '#scopes', 'github_pat: no scope tree');
  assert.ok(!(await tab.getByLabel('Expiration', { exact: true }).locator('option').allTextContents()).includes('No expiration'));
  await tab.getByLabel('Token name').fill('popup deploy');
  await tab.getByLabel('Description').fill('from the popup');
  await tab.getByLabel('Resource owner').fill('octocat');
  await tab.getByRole('group', { name: 'Repository access' }).getByRole('radio', { name: 'Only select repositories' }).check();
  await tab.getByLabel('Repositories', { exact: true }).fill('octocat/hello');
  const repo = tab.getByRole('group', { name: 'Repository permissions' });
  await repo.getByLabel('Pull requests', { exact: true }).selectOption('write');
  // Metadata: mandatory read-only once a repository permission is chosen (issue 26.16).
  assert.equal(await repo.getByLabel('Metadata', { exact: true }).inputValue(), 'read');
  assert.ok(await repo.getByLabel('Metadata', { exact: true }).isDisabled(), 'Metadata can be set to "No access"');
  await tab.getByText('Mandatory: read-only whenever a repository permission is chosen, as on GitHub.').waitFor();
  await tab.getByRole('group', { name: 'Account permissions' }).getByLabel('Gists', { exact: true }).selectOption('write');
  assert.deepEqual(await axeViolations(tab), [], 'popup fine-grained form');
  await screenshot(tab, 'extension-popup-fine-grained-en.png', { fullPage: false });
  await tab.getByRole('button', { name: 'Generate token' }).click();
  await tab.getByTestId('token').waitFor();
  await tab.getByRole('button', { name: 'Reveal' }).click();
  const secret = ext.saw((await tab.getByTestId('token').textContent()).trim());
  assert.match(secret, /^github_pat_/);
  const [record] = await stored(tab);
  assert.equal(record.format, 'github_pat');
  assert.equal(record.resourceOwner, 'octocat');
  assert.deepEqual(record.repositoryAccess, { kind: 'selected', repositories: ['octocat/hello'] });
  assert.deepEqual(record.permissions, { gists: 'write', metadata: 'read', pull_requests: 'write' });
  assert.ok(!('scopes' in record));
  await done(tab, 'Done');
  assert.ok(!leaks(await tab.content(), secret));
  assert.deepEqual(seen.errors, []);
  await tab.close();
});

test('popup: bad fine-grained input is answered beside its field; fixtures have no scopes', async () => {
  const { tab, seen } = await open('popup.html');
  const before = (await stored(tab)).length;
  await tab.getByLabel('Token type').selectOption('github_pat');
  await tab.getByLabel('Token name').fill('bad');
  await tab.getByLabel('Resource owner').fill('octo--cat');
  await tab.getByRole('button', { name: 'Generate token' }).click();
  await tab.locator('#owner-error').getByText('invalid resource owner').waitFor();
  await tab.getByLabel('Resource owner').fill('octocat');
  await tab.getByLabel('Repositories', { exact: true }).fill('');
  await tab.getByRole('button', { name: 'Generate token' }).click();
  await tab.locator('#repositories-error').getByText('choose at least one repository').waitFor();
  assert.equal((await stored(tab)).length, before, 'nothing minted');

  assert.ok(await tab.getByLabel('Expiration', { exact: true }).isVisible(), 'github_pat: an expiration choice, by that name');
  await tab.getByLabel('Token type').selectOption('ghs');
  assert.ok(await tab.getByRole('group', { name: 'Select scopes' }).isHidden());
  assert.ok(await tab.getByLabel('Expiration', { exact: true }).isHidden());
  await assertHidden(tab, '#scopes', 'ghs: no scope tree');
  await assertHidden(tab, '#expiration', 'ghs: no expiration choice');
  await tab.locator('#type-hint').getByText('expire after 1 hour').waitFor();
  await tab.getByLabel('Note').fill('installation fixture');
  await tab.getByRole('button', { name: 'Generate token' }).click();
  await done(tab, 'Done');
  const [record] = await stored(tab);
  assert.equal(record.format, 'ghs');
  assert.equal(Date.parse(record.expiresAt) - Date.parse(record.createdAt), 3_600_000);
  assert.deepEqual(seen.errors, []);
  await tab.close();
});

test('popup in Japanese: the fine-grained form and the permission descriptions', async () => {
  const { tab: options } = await open('options.html');
  await options.getByLabel(/^(Language|言語)$/).selectOption('ja');
  await options.getByRole('button', { name: /^(Save|保存)$/ }).click();
  await options.getByRole('status').filter({ hasText: /Saved|保存しました/ }).waitFor();
  await options.close();
  const { tab, seen } = await open('popup.html');
  await tab.getByLabel('トークンの種類').selectOption('github_pat');
  await tab.getByLabel('トークン名').fill('ポップアップ');
  await tab.getByLabel('リソースオーナー').fill('octocat');
  await tab.getByRole('group', { name: 'リポジトリへのアクセス' }).getByRole('radio', { name: 'すべてのリポジトリ' }).check();
  await tab.getByText('リポジトリの内容、コミット、ブランチ、ダウンロード、リリース、マージ').waitFor();
  await tab.getByRole('group', { name: 'リポジトリの権限' }).getByLabel('Contents', { exact: true }).selectOption('read');
  assert.deepEqual(await axeViolations(tab), [], 'Japanese popup form');
  await tab.getByRole('button', { name: 'トークンを生成' }).click();
  await done(tab, '完了');
  const [record] = await stored(tab);
  assert.deepEqual(record.permissions, { contents: 'read', metadata: 'read' });
  assert.deepEqual(seen.errors, []);
  await tab.close();
});
