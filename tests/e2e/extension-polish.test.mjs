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

/** The boxes of `css` in a tab. */
const boxes = (tab, css) => tab.evaluate((s) => [...document.querySelectorAll(s)].map((e) => {
  const r = e.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
}), css);

test('layout: the options page\'s Expiry checkbox beside its label, Export and Delete all apart, row actions of one width; the popup\'s permission selects of one width (issue 26.21)', async () => {
  const { tab: popup } = await ext.open('popup.html');
  await popup.getByLabel('Note').fill('layout in the options');
  await popup.getByRole('button', { name: 'Generate token' }).click();
  await popup.getByTestId('token').waitFor();
  await popup.getByRole('button', { name: 'Done' }).click();
  await popup.getByRole('button', { name: 'Done' }).click();
  await popup.getByLabel('Token type').selectOption('github_pat');
  await popup.waitForSelector('#permission-groups select');
  const widths = new Set((await boxes(popup, '#permission-groups select')).map((b) => Math.round(b.width)));
  assert.equal(widths.size, 1, `popup: permission selects of ${[...widths]} px`);
  await popup.close();

  const { tab } = await ext.open('options.html');
  await tab.getByLabel('Notify me once a day when tokens expire within 7 days').waitFor({ state: 'attached' });
  const [box] = await boxes(tab, '#expiry-notify');
  const [label] = await boxes(tab, 'label[for="expiry-notify"]');
  assert.ok(label.left >= box.right && label.top < box.bottom && box.top < label.bottom,
    `the checkbox is not beside its label: ${JSON.stringify({ box, label })}`);
  const [exportBox] = await boxes(tab, '#export');
  const [deleteAll] = await boxes(tab, '#records-delete-all');
  assert.ok(deleteAll.left - exportBox.right >= 6 || deleteAll.top - exportBox.bottom >= 6, 'Export and Delete all touch');
  const buttons = await tab.locator('#records-list td.row-actions').first().evaluate((td) =>
    [...td.querySelectorAll('button')].map((b) => Math.round(b.getBoundingClientRect().width)));
  assert.ok(buttons.length >= 2);
  assert.equal(new Set(buttons).size, 1, `row actions of ${buttons} px`);
  await screenshot(tab, 'polish-options.png');
  await tab.locator('#records-delete-all').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await screenshot(tab, 'polish-options-records.png', { fullPage: false });
  await tab.close();
});

test('the popup speaks of the token name for a fine-grained token, and keeps a long description whole (issue 26.18, 26.24)', async () => {
  const { tab } = await ext.open('popup.html');
  await tab.getByLabel('Token type').selectOption('github_pat');
  await tab.getByRole('button', { name: 'Generate token' }).click();
  const error = tab.locator('#note-error');
  await error.getByText('A token name is required').waitFor();
  assert.doesNotMatch(await error.textContent(), /note/i);
  await tab.getByLabel('Description').fill('d'.repeat(1100));
  assert.equal((await tab.getByLabel('Description').inputValue()).length, 1100);
  await tab.locator('#description-error').getByText('The description has 1100 characters: at most 1024.').waitFor();
  await tab.close();
});

test('the options page explains the prefix as it is typed (issue 26.24)', async () => {
  const { tab } = await ext.open('options.html');
  await tab.getByLabel('Token type').selectOption('custom');
  await tab.getByLabel('Prefix').fill('MyService');
  await tab.locator('#prefix-note').getByText('Using the prefix myservice (lower-cased).').waitFor();
  await tab.getByLabel('Prefix').fill('9lives');
  await tab.locator('#prefix-error').getByText('must start with a letter').waitFor();
  await tab.close();
});
