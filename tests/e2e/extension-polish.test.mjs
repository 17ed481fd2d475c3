// The extension's polish (issue 26, items 17-26), in the browser BROWSER names: contrast in
// hover and focus states, light and dark; one name per format in the popup and the options page;
// the options page's layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeStates, axeViolations, extensionUnderTest, screenshot } from './harness.mjs';

const ext = extensionUnderTest();

async function audit(tab, what, need) {
  assert.deepEqual(await axeViolations(tab), [], `${what}, at rest`);
  const { violations, kinds } = await axeStates(tab);
  assert.deepEqual(violations, [], what);
  for (const kind of need) assert.ok(kinds.includes(kind), `${what}: no ${kind} tried (${kinds})`);
}

test('axe: no contrast violation with a button or link hovered or focused, popup and options, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { tab } = await ext.open('popup.html');
    await tab.emulateMedia({ colorScheme });
    await audit(tab, `popup form, ${colorScheme}`, ['button.primary', 'button.link']);
    await tab.getByLabel('Note').fill(`contrast ${colorScheme}`);
    await tab.getByRole('button', { name: 'Generate token' }).click();
    await tab.getByTestId('token').waitFor();
    await audit(tab, `popup result, ${colorScheme}`, ['button.primary', 'button', 'a']);
    await tab.close();
    const { tab: options } = await ext.open('options.html');
    await options.emulateMedia({ colorScheme });
    await audit(options, `options page, ${colorScheme}`, ['button.primary', 'button.edit', 'button.delete']);
    await options.emulateMedia({ colorScheme: 'light' });
    await options.close();
  }
});

test('one name per format: the popup offers the token types the options page does, by the same names (issue 26.23)', async () => {
  const types = (tab) => tab.getByLabel('Token type').evaluate((select) =>
    [...select.options].map((o) => `${o.parentElement.label ?? ''}|${o.value}|${o.textContent}`));
  const { tab: popup } = await ext.open('popup.html');
  const { tab: options } = await ext.open('options.html');
  const offered = await types(popup);
  assert.deepEqual(await types(options), offered);
  assert.ok(offered.includes('|ghp|Personal access token (classic)'), offered.join('\n'));
  assert.ok(offered.some((o) => /\|gho\|gho_ — OAuth app token$/.test(o)), offered.join('\n'));
  await popup.close();
  await options.close();
});
