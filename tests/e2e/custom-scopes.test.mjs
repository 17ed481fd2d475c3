// A custom-prefix token "for your own service" carries that service's own scopes (issue 26.5),
// in the browser BROWSER names: the create form offers "Your service's scopes" beside GitHub's
// tree, checked as the user types (the core refuses the same on Generate), the record keeps
// them, the records list shows them, and "Try it as a server would" holds the token to them —
// never letting them stand in for a GitHub scope. English and Japanese, axe-clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watch, screenshot, leaks, axeViolations, done, servedDemo } from './harness.mjs';

const demo = servedDemo();

async function openDemo(lang = 'en') {
  const context = await demo.browser.newContext({
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    viewport: { width: 1000, height: 900 },
  });
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(`${demo.server.origin}/`);
  await page.waitForSelector('html[data-ready="true"]');
  return { context, page, seen };
}

const records = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('patmint.records') ?? '[]'));

test('a custom token carries its service\'s own scopes, checked live, stored, listed and verified', async () => {
  const { context, page, seen } = await openDemo();
  const field = page.getByLabel('Your service’s scopes');
  assert.ok(await field.isHidden(), 'only for a custom prefix');
  await page.getByLabel('Token type').selectOption('custom');
  await page.getByLabel('Prefix').fill('acme');
  await page.getByLabel('Note').fill('deploy bot');
  assert.ok(await field.isVisible());
  assert.ok(await page.getByRole('group', { name: 'Select scopes' }).isVisible(), 'GitHub\'s tree stays');
  // Checked as the user types, said beside the field, and gone once fixed.
  await field.fill('deploy, Packages:write');
  const error = page.locator('#custom-scopes-error');
  await error.getByText('Service scope 2 is not name or name:level').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the field with its error');
  await field.fill('deploy, packages:read packages:write');
  assert.equal(await error.textContent(), '');
  await page.getByRole('group', { name: 'Select scopes' }).getByLabel('gist').check();
  await field.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'demo-custom-scopes-en.png', { fullPage: false });
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByTestId('token').waitFor();
  await page.getByRole('button', { name: 'Reveal' }).click();
  const secret = (await page.getByTestId('token').textContent()).trim();
  assert.match(secret, /^acme_/);
  const [record] = await records(page);
  assert.equal(record.format, 'custom:acme');
  assert.deepEqual(record.scopes, ['gist']);
  assert.deepEqual(record.customScopes, ['deploy', 'packages:write'], 'one per name, at its highest level');
  await done(page, 'Done');
  await page.locator('#records-list').getByText('gist · service: deploy, packages:write').waitFor();

  // The server panel: held to the service's scopes, and to GitHub's, each on its own.
  const verify = async (customScopes, scopes = '') => {
    await page.getByLabel('Token', { exact: true }).fill(secret);
    await page.getByLabel('Requirement').selectOption('none');
    await page.getByLabel('Classic scopes').fill(scopes);
    await page.getByLabel('Service scopes').fill(customScopes);
    await page.getByRole('button', { name: 'Verify as a server' }).click();
    await page.locator('#server-verdict').filter({ hasText: /\S/ }).waitFor();
    const text = await page.locator('#server-verdict').textContent();
    await page.getByLabel('Token', { exact: true }).fill('');
    return text;
  };
  const allowed = 'Allowed: the token matches the record “deploy bot”.';
  const refused = 'Refused (insufficient scope): the record “deploy bot” lacks a required scope.';
  assert.equal(await verify('packages:read, deploy'), allowed);
  assert.equal(await verify('packages:read', 'gist'), allowed);
  assert.equal(await verify('deploy:read'), refused, 'a level nobody gave');
  assert.equal(await verify('deploy', 'repo'), refused, 'a GitHub scope the record lacks');
  assert.match(await verify('Deploy'), /^Cannot verify: invalid custom scope in the requirement/);
  assert.ok(!leaks(JSON.stringify(await records(page)), secret), 'the token in a record');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('the core has the last word: a bad list on Generate is refused beside the field; Japanese', async () => {
  const { context, page, seen } = await openDemo('ja');
  await page.getByLabel('トークンの種類').selectOption('custom');
  await page.getByLabel('プレフィックス').fill('acme');
  await page.getByLabel('メモ').fill('svc');
  const field = page.getByLabel('サービス独自のスコープ');
  await field.fill('deploy:owner');
  await page.locator('#custom-scopes-error')
    .getByText('サービスのスコープの1番目が name または name:level の形ではありません。').waitFor();
  await page.getByRole('button', { name: 'トークンを生成' }).click();
  await page.locator('#custom-scopes-error')
    .getByText('サービスのスコープが name または name:level の形ではありません（level は read、write、admin）。').waitFor();
  assert.ok(await field.evaluate((el) => el === document.activeElement), 'focus on the field');
  assert.deepEqual(await records(page), [], 'nothing minted');
  assert.deepEqual(await axeViolations(page), [], 'ja, the field refused');
  await field.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'demo-custom-scopes-ja.png', { fullPage: false });
  assert.deepEqual(seen.errors, []);
  await context.close();
});
