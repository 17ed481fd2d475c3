// The Firefox facade (browsers.mjs, locate.mjs) held to Playwright's own behaviour: the same
// queries and actions on one fixture page, with the same expected results, run against
// Playwright in Chromium and against the facade in Firefox. A semantic the scenarios rely on
// (substring vs exact names, hidden elements, strictness, scope) that drifts fails here first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, browserOf } from './harness.mjs';

const FIXTURE = `<!doctype html><html lang="en"><body><main>
  <label for="note">Note</label><input id="note">
  <label for="exp">Expiration</label>
  <select id="exp"><option value="7">7 days</option><option value="30">30 days</option></select>
  <label for="date">Expiration date</label><input id="date" type="date">
  <label><input type="checkbox" id="repo"> repo</label>
  <label><input type="checkbox" id="status" checked disabled> repo:status</label>
  <button>Copy</button> <button>Copy the export command</button>
  <button aria-label="Delete the record of first">×</button>
  <div hidden><button>Hidden</button></div>
  <p id="msg">Copied to the <b>clipboard</b></p>
  <div role="status">Saved</div>
  <table><tr><td>ab12</td><td>ab123</td></tr></table>
  <input placeholder="Search tokens">
  <output data-testid="token">ghp_••••ab12</output>
</main></body></html>`;

let browser;
let page;

before(async () => {
  browser = await launch();
  page = await browser.newPage();
  await page.goto(`data:text/html;charset=utf-8,${encodeURIComponent(FIXTURE)}`);
});

after(async () => {
  await browser?.close();
});

test('names and labels: substring, case-insensitive by default; whole and case-sensitive with exact', async () => {
  assert.equal(await page.getByLabel('Expiration').count(), 2);
  assert.equal(await page.getByLabel('Expiration', { exact: true }).count(), 1);
  assert.equal(await page.getByLabel('expiration date').count(), 1);
  assert.equal(await page.getByLabel('expiration date', { exact: true }).count(), 0);
  assert.equal(await page.getByLabel(/^(Note|メモ)$/).count(), 1);
  assert.equal(await page.getByRole('button', { name: 'Copy' }).count(), 2);
  assert.equal(await page.getByRole('button', { name: 'Copy', exact: true }).count(), 1);
  assert.equal(await page.getByRole('button', { name: 'Delete the record of first' }).count(), 1, 'aria-label');
  assert.equal(await page.getByRole('checkbox', { name: 'repo', exact: true }).count(), 1);
  assert.equal(await page.getByRole('cell', { name: 'ab12', exact: true }).count(), 1);
  assert.equal(await page.getByRole('cell', { name: 'ab12' }).count(), 2);
  assert.equal(await page.getByPlaceholder('search').count(), 1);
});

test('role queries skip hidden elements; text queries return the innermost match', async () => {
  assert.equal(await page.getByRole('button', { name: 'Hidden' }).count(), 0);
  assert.equal(await page.getByRole('button').count(), 3);
  assert.equal(await page.getByText('Copied to the clipboard').count(), 1);
  assert.equal(await page.getByText('Copied to the clipboard').textContent(), 'Copied to the clipboard');
  assert.deepEqual(await page.getByText('clipboard').allTextContents(), ['clipboard']);
  assert.equal(await page.getByText('Hidden').isVisible(), false);
  assert.equal(await page.getByRole('status').filter({ hasText: /Saved|保存しました/ }).count(), 1);
  assert.equal(await page.locator('#msg').getByText('Copied').count(), 1, 'the scope element itself');
  assert.equal(await page.getByTestId('token').textContent(), 'ghp_••••ab12');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
});

test('actions: fill, selectOption, check; state; strictness', async () => {
  await page.getByLabel('Note').fill('deploy bot');
  assert.equal(await page.getByLabel('Note').inputValue(), 'deploy bot');
  await page.getByLabel('Expiration', { exact: true }).selectOption('30');
  assert.equal(await page.locator('#exp').inputValue(), '30');
  await page.getByLabel('Expiration date').fill('2031-01-02');
  assert.equal(await page.locator('#date').inputValue(), '2031-01-02');
  const repo = page.getByRole('checkbox', { name: 'repo', exact: true });
  assert.equal(await repo.isChecked(), false);
  await repo.check();
  assert.equal(await repo.isChecked(), true);
  await repo.uncheck();
  assert.equal(await repo.isChecked(), false);
  const status = page.getByRole('checkbox', { name: 'repo:status' });
  assert.equal(await status.isDisabled(), true);
  assert.equal(await status.isChecked(), true);
  await assert.rejects(page.getByRole('button', { name: 'Copy' }).click(), /strict mode violation/);
  await assert.rejects(page.getByRole('button', { name: 'Copy' }).textContent(), /strict mode violation/);
  assert.equal(await page.locator('#msg').evaluate((e, suffix) => e.id + suffix, '!'), 'msg!');
});

test('locator(css, { hasText }) filters as Playwright\'s does; an option the facade lacks throws, never ignored', async () => {
  assert.equal(await page.locator('p', { hasText: 'clipboard' }).count(), 1);
  assert.equal(await page.locator('p', { hasText: 'no such text' }).count(), 0);
  assert.equal(await page.locator('main').locator('td', { hasText: /^ab123$/ }).count(), 1);
  if (browserOf(page) !== 'firefox') return; // Playwright implements every option
  assert.throws(() => page.locator('p', { hasNotText: 'clipboard' }), /locator\(…, \{ hasNotText \}\) is not implemented/);
  assert.throws(() => page.getByRole('button', { name: 'Copy', pressed: true }), /getByRole\(…, \{ pressed \}\) is not implemented/);
  assert.throws(() => page.getByRole('status').filter({ has: page.locator('b') }), /filter\(…, \{ has \}\) is not implemented/);
  await assert.rejects(page.getByRole('button', { name: 'Copy', exact: true }).click({ force: true }), /click\(…, \{ force \}\) is not implemented/);
  await assert.rejects(page.getByRole('status').textContent({ timeout: 10 }), /textContent\(…, \{ timeout \}\) is not implemented/);
  await assert.rejects(page.getByLabel('Note').fill('x', { force: true }), /not implemented/);
});

test('offMachine(): a request beyond 127.0.0.1 is recorded, in either browser', async () => {
  // The after() checks of the page tests assert an empty list: it must be able to fill.
  const other = await browser.newPage();
  await other.goto('http://offmachine-check.invalid/').catch(() => {});
  await other.close();
  const seen = browser.offMachine();
  assert.ok(seen.some((r) => r.includes('http://offmachine-check.invalid/')), `offMachine(): ${JSON.stringify(seen)}`);
});
