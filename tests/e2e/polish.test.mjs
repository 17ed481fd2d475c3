// The demo page's polish (issue 26, items 17-26), in the browser BROWSER names: contrast in
// hover and focus states, light and dark; text that follows the language switch; Japanese
// without stray spaces; a labelled import button; the layout of forms and buttons; every
// silent change to what the user typed said; lengths counted as the user sees them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeStates, axeViolations, copied, screenshot, servedDemo } from './harness.mjs';

const demo = servedDemo();

async function openDemo({ colorScheme = 'light', lang = 'en', width = 1000 } = {}) {
  const context = await demo.browser.newContext({
    colorScheme,
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    viewport: { width, height: 900 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.origin });
  const page = await context.newPage();
  await page.goto(`${demo.server.origin}/`);
  await page.waitForSelector('html[data-ready="true"]');
  return { context, page };
}

test('axe: no contrast violation with a button or link hovered or focused, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await openDemo({ colorScheme });
    const audit = async (what, need) => {
      assert.deepEqual(await axeViolations(page), [], `${what}, ${colorScheme}, at rest`);
      const { violations, kinds } = await axeStates(page);
      assert.deepEqual(violations, [], `${what}, ${colorScheme}`);
      for (const kind of need) assert.ok(kinds.includes(kind), `${what}, ${colorScheme}: no ${kind} tried (${kinds})`);
    };
    await audit('create form', ['button.primary']);
    await page.getByLabel('Note').fill('contrast');
    await page.getByRole('button', { name: 'Generate token' }).click();
    await page.getByTestId('token').waitFor();
    await audit('result', ['button.primary', 'button', 'a']);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await audit('records', ['button.primary', 'button.edit', 'button.delete']);
    await context.close();
  }
});
