// The demo page's fine-grained personal access token form (issue 15), in Chromium: GitHub's
// fields in GitHub's order and words, found by their accessible names; the record it stores;
// each bad input answered beside its field; axe-clean; English and Japanese. The app-issued
// formats (gho_/ghu_/ghs_/ghr_) as test fixtures: no scope tree, no "No expiration".
// Kept in its own file, apart from demo.test.mjs, so that harness changes merge easily.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { watch, screenshot, leaks, axeViolations, done, servedDemo, assertHidden } from './harness.mjs';



const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const demo = servedDemo();

async function openDemo({ lang = 'en', colorScheme = 'light' } = {}) {
  const context = await demo.browser.newContext({
    colorScheme,
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    viewport: { width: 1000, height: 900 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.origin });
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(`${demo.server.origin}/`);
  await page.waitForSelector('html[data-ready="true"]');
  return { context, page, seen };
}

const records = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('patmint.records') ?? '[]'));

const EN = {
  type: 'Token type', fine: 'Fine-grained personal access token', name: 'Token name',
  description: 'Description', owner: 'Resource owner', expiration: 'Expiration',
  access: 'Repository access', selected: 'Only select repositories', all: 'All repositories',
  public: 'Public repositories (read-only)', repositories: 'Repositories', permissions: 'Permissions',
  repoGroup: 'Repository permissions', accountGroup: 'Account permissions', generate: 'Generate token', done: 'Done',
};
const JA = {
  type: 'トークンの種類', fine: 'fine-grained 個人アクセストークン', name: 'トークン名',
  description: '説明', owner: 'リソースオーナー', expiration: '有効期限',
  access: 'リポジトリへのアクセス', selected: 'リポジトリを選択', all: 'すべてのリポジトリ',
  public: 'パブリックリポジトリ（読み取り専用）', repositories: 'リポジトリ', permissions: '権限',
  repoGroup: 'リポジトリの権限', accountGroup: 'アカウントの権限', generate: 'トークンを生成', done: '完了',
};

async function fillFineGrained(page, L, { name = 'deploy', owner = 'octo-org', repos = 'octo-org/api\nocto-org/web' } = {}) {
  await page.getByLabel(L.type).selectOption('github_pat');
  await page.getByLabel(L.name, { exact: true }).fill(name);
  await page.getByLabel(L.description).fill('CI deploys');
  await page.getByLabel(L.owner).fill(owner);
  await page.getByLabel(L.expiration, { exact: true }).selectOption('90');
  const access = page.getByRole('group', { name: L.access });
  await access.getByRole('radio', { name: L.selected }).check();
  await access.getByLabel(L.repositories, { exact: true }).fill(repos);
  const perms = page.getByRole('group', { name: L.permissions });
  await perms.getByRole('group', { name: L.repoGroup }).getByLabel('Contents', { exact: true }).selectOption('write');
  await perms.getByRole('group', { name: L.repoGroup }).getByLabel('Issues', { exact: true }).selectOption('read');
}

test('fine-grained flow: GitHub\'s form, the token, the record (metadata read added)', async () => {
  const { context, page, seen } = await openDemo();
  assert.ok(await page.getByRole('group', { name: 'Select scopes' }).isVisible(), 'ghp: the scope tree, by that name');
  await page.getByLabel(EN.type).selectOption('github_pat');
  // GitHub's order: Token name, Description, Resource owner, Expiration, Repository access, Permissions.
  const order = await page.evaluate(() => ['note', 'description', 'owner', 'expiration', 'access', 'permissions']
    .map((id) => document.getElementById(id))
    .every((el, i, all) => i === 0 || (all[i - 1].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)));
  assert.ok(order, 'fields in GitHub\'s order');
  assert.ok(await page.getByRole('group', { name: 'Select scopes' }).isHidden(), 'no scope tree');
  await assertHidden(page, '#scopes', 'github_pat: no scope tree');
  const expiry = await page.getByLabel(EN.expiration, { exact: true }).locator('option').allTextContents();
  assert.ok(!expiry.includes('No expiration'), 'no "No expiration" for fine-grained tokens');
  await page.getByText('Fine-grained tokens must expire').waitFor();
  // Metadata follows a repository permission, as on GitHub.
  const repoGroup = page.getByRole('group', { name: EN.repoGroup });
  assert.deepEqual(await repoGroup.getByLabel('Metadata', { exact: true }).locator('option').allTextContents(),
    ['No access', 'Read-only'], 'levels GitHub offers for metadata');
  assert.deepEqual(await repoGroup.getByLabel('Workflows', { exact: true }).locator('option').allTextContents(),
    ['No access', 'Read and write']);
  await fillFineGrained(page, EN);
  assert.equal(await repoGroup.getByLabel('Metadata', { exact: true }).inputValue(), 'read');
  assert.deepEqual(await axeViolations(page), [], 'fine-grained form');
  await page.setViewportSize({ width: 1000, height: 1700 });
  await page.locator('#create-title').scrollIntoViewIfNeeded();
  await screenshot(page, 'demo-fine-grained-en-light.png', { fullPage: false });
  await page.getByRole('button', { name: EN.generate }).click();
  await page.getByTestId('token').waitFor();
  await page.getByRole('button', { name: 'Reveal' }).click();
  const secret = (await page.getByTestId('token').textContent()).trim();
  assert.match(secret, /^github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59}$/);
  const [record] = await records(page);
  assert.deepEqual(Object.keys(record).sort(), ['createdAt', 'description', 'expiresAt', 'fingerprint', 'format',
    'last4', 'name', 'permissions', 'repositoryAccess', 'resourceOwner']);
  assert.equal(record.format, 'github_pat');
  assert.equal(record.fingerprint, sha256(secret));
  assert.equal(record.resourceOwner, 'octo-org');
  assert.deepEqual(record.repositoryAccess, { kind: 'selected', repositories: ['octo-org/api', 'octo-org/web'] });
  assert.deepEqual(record.permissions, { contents: 'write', issues: 'read', metadata: 'read' });
  assert.equal((Date.parse(record.expiresAt) - Date.parse(record.createdAt)) / 86_400_000, 90);
  await done(page, EN.done);
  const row = page.locator('#records-list tbody tr').first();
  await row.getByText('octo-org · Only select repositories · 3 permissions').waitFor();
  assert.ok(!leaks(await page.content(), secret), 'clear text left in the DOM');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('Metadata is mandatory read-only once a repository permission is chosen, as GitHub shows it (issue 26.16)', async () => {
  const { context, page, seen } = await openDemo();
  await page.getByLabel(EN.type).selectOption('github_pat');
  const repoGroup = page.getByRole('group', { name: EN.repoGroup });
  const metadata = repoGroup.getByLabel('Metadata', { exact: true });
  const note = page.getByText('Mandatory: read-only whenever a repository permission is chosen, as on GitHub.');
  // Alone, Metadata may be chosen or not.
  assert.ok(await metadata.isEnabled());
  assert.ok(await note.isHidden());
  await metadata.selectOption('read');
  await metadata.selectOption('');
  // A repository permission: read-only, not to be set to "No access", and the page says why.
  await repoGroup.getByLabel('Contents', { exact: true }).selectOption('read');
  assert.equal(await metadata.inputValue(), 'read');
  assert.ok(await metadata.isDisabled(), 'Metadata can still be set to "No access"');
  await note.waitFor();
  assert.match(await metadata.getAttribute('aria-describedby'), /metadata-mandatory/, 'the note is not read with the select');
  assert.deepEqual(await axeViolations(page), [], 'mandatory Metadata');
  await metadata.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'demo-fine-grained-metadata-en.png', { fullPage: false });
  // The repository permission taken away: Metadata is the user's choice again.
  await repoGroup.getByLabel('Contents', { exact: true }).selectOption('');
  assert.ok(await metadata.isEnabled());
  assert.ok(await note.isHidden());
  assert.doesNotMatch(await metadata.getAttribute('aria-describedby'), /mandatory/);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('fine-grained bad input: a coded error beside each field, and nothing minted', async () => {
  const { context, page, seen } = await openDemo();
  const expectError = async (field, text) => {
    await page.getByRole('button', { name: EN.generate }).click();
    await page.locator(`#${field}-error`).getByText(text).waitFor();
    assert.deepEqual(await records(page), [], 'nothing minted');
  };
  await fillFineGrained(page, EN, { owner: '-octo' });
  await expectError('owner', 'invalid resource owner');
  await page.getByLabel(EN.owner).fill('');
  await expectError('owner', 'a resource owner is required');
  await page.getByLabel(EN.owner).fill('octo-org');
  await page.getByLabel(EN.repositories, { exact: true }).fill('');
  await expectError('repositories', 'choose at least one repository');
  await page.getByLabel(EN.repositories, { exact: true }).fill('someone-else/api');
  await expectError('repositories', 'does not belong to the resource owner');
  await page.getByLabel(EN.repositories, { exact: true }).fill('octo-org/not a name');
  await expectError('repositories', 'is not owner/name');
  await page.getByRole('radio', { name: EN.public }).check();
  assert.ok(await page.getByLabel(EN.repositories, { exact: true }).isHidden());
  await assertHidden(page, '#repositories', 'public repositories: no list');
  await expectError('permissions', 'public repositories are read-only');
  await page.getByRole('radio', { name: EN.all }).check();
  await page.getByLabel(EN.expiration, { exact: true }).selectOption('custom');
  const far = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Expiration date').evaluate((el, v) => { el.max = ''; el.value = v; }, far);
  await expectError('expiration', 'The date must be between'); // the picker's bounds, before the core
  await page.getByLabel(EN.expiration, { exact: true }).selectOption('30');
  await page.getByLabel(EN.name, { exact: true }).fill('');
  await expectError('note', 'A token name is required'); // the form's word for it (issue 26.18)
  assert.deepEqual(await axeViolations(page), [], 'form with errors');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('fine-grained in Japanese: labels, permission descriptions and errors translated', async () => {
  const { context, page, seen } = await openDemo({ lang: 'ja' });
  await fillFineGrained(page, JA);
  await page.getByText('リポジトリの内容、コミット、ブランチ、ダウンロード、リリース、マージ').waitFor();
  await page.getByRole('group', { name: JA.accountGroup }).waitFor();
  await page.getByLabel(JA.owner).fill('octo org');
  await page.getByRole('button', { name: JA.generate }).click();
  await page.locator('#owner-error').getByText('リソースオーナーが GitHub のログイン名ではありません').waitFor();
  await page.getByLabel(JA.owner).fill('octo-org');
  assert.deepEqual(await axeViolations(page), [], 'Japanese fine-grained form');
  await page.setViewportSize({ width: 1000, height: 1700 });
  await screenshot(page, 'demo-fine-grained-ja-light.png', { fullPage: false });
  await page.getByRole('button', { name: JA.generate }).click();
  await done(page, JA.done);
  const [record] = await records(page);
  assert.equal(record.format, 'github_pat');
  // Scope descriptions are translated too.
  await page.getByLabel(JA.type).selectOption('ghp');
  await page.getByText('プライベートリポジトリのフルコントロール').waitFor();
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('app-issued fixtures: no scope tree, no expiration choice, GitHub\'s lifetimes', async () => {
  const { context, page, seen } = await openDemo();
  const lifetimes = { ghs: 3_600_000, ghu: 8 * 3_600_000, ghr: 15_811_200_000, gho: null };
  assert.ok(await page.getByRole('group', { name: 'Select scopes' }).isVisible(), 'ghp: the scope tree, by that name');
  assert.ok(await page.getByLabel(EN.expiration, { exact: true }).isVisible(), 'ghp: an expiration choice, by that name');
  for (const [format, lifetime] of Object.entries(lifetimes)) {
    await page.getByLabel(EN.type).selectOption(format);
    assert.ok(await page.getByRole('group', { name: 'Select scopes' }).isHidden(), `${format}: no scope tree`);
    assert.ok(await page.getByLabel(EN.expiration, { exact: true }).isHidden(), `${format}: no expiration choice`);
    await assertHidden(page, '#scopes', `${format}: no scope tree`);
    await assertHidden(page, '#expiration', `${format}: no expiration choice`);
    await page.locator('#type-hint').getByText('test fixture').waitFor();
    await page.getByLabel('Note').fill(`${format} fixture`);
    await page.getByRole('button', { name: EN.generate }).click();
    await done(page, EN.done);
    const [record] = await records(page);
    assert.equal(record.format, format);
    assert.deepEqual(record.scopes, []);
    const got = record.expiresAt === null ? null : Date.parse(record.expiresAt) - Date.parse(record.createdAt);
    assert.equal(got, lifetime, format);
  }
  assert.deepEqual(await axeViolations(page), [], 'fixture form');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('fine-grained token names are unique, as on GitHub', async () => {
  const { context, page, seen } = await openDemo();
  await fillFineGrained(page, EN, { name: 'unique' });
  await page.getByRole('button', { name: EN.generate }).click();
  await done(page, EN.done);
  await fillFineGrained(page, EN, { name: ' unique ' });
  await page.getByRole('button', { name: EN.generate }).click();
  await page.locator('#note-error').getByText('a token with this name already exists').waitFor();
  assert.equal((await records(page)).length, 1, 'nothing minted');
  // A classic note may repeat it: only fine-grained names are unique.
  await page.getByLabel(EN.type).selectOption('ghp');
  await page.getByLabel('Note').fill('unique');
  await page.getByRole('button', { name: EN.generate }).click();
  await done(page, EN.done);
  assert.equal((await records(page)).length, 2);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
