// The popup's custom-prefix path (a prefix set in the options) with the service's own scopes
// (issue 26.5), in the browser BROWSER names: the field beside GitHub's quick scopes, checked as
// the user types, kept in the record in extension storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, axeViolations, done, extensionUnderTest } from './harness.mjs';

const ext = extensionUnderTest();
const open = (page) => ext.open(page);

async function saveOptions(values) {
  const { tab } = await open('options.html');
  await tab.getByLabel('Token type').selectOption(values.format);
  if (values.prefix !== undefined) await tab.getByLabel('Prefix').fill(values.prefix);
  await tab.getByRole('button', { name: 'Save' }).click();
  await tab.getByRole('status').filter({ hasText: /Saved/ }).waitFor();
  await tab.close();
}

test('popup: a custom token with the service\'s own scopes, checked live, stored in the record', async () => {
  await saveOptions({ format: 'custom', prefix: 'acme' });
  const { tab, seen } = await open('popup.html');
  await tab.getByText('Mints acme_… tokens.').waitFor();
  const field = tab.getByLabel('Your service’s scopes');
  assert.ok(await field.isVisible());
  await field.fill('deploy, ci runner!');
  await tab.locator('#custom-scopes-error').getByText('Service scope 3 is not name or name:level').waitFor();
  await field.fill('deploy, packages:admin');
  assert.equal(await tab.locator('#custom-scopes-error').textContent(), '');
  await tab.getByLabel('Note').fill('popup service');
  assert.deepEqual(await axeViolations(tab), [], 'popup with the service\'s scopes');
  await screenshot(tab, 'extension-popup-custom-scopes-en.png', { fullPage: false });
  await tab.getByRole('button', { name: 'Generate token' }).click();
  await tab.getByTestId('token').waitFor();
  const { records } = await tab.evaluate(() => chrome.storage.local.get('records'));
  const record = records.find((r) => r.name === 'popup service');
  assert.equal(record.format, 'custom:acme');
  assert.deepEqual(record.customScopes, ['deploy', 'packages:admin']);
  await done(tab, 'Done');
  assert.equal(await field.inputValue(), '', 'the form is back to the defaults');
  assert.deepEqual(seen.errors, []);
  await tab.close();
  await saveOptions({ format: 'ghp' });
});
