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

/** The page's boxes of `css`, as { top, bottom, left, right, width, height }. */
const boxes = (page, css) => page.evaluate((s) => [...document.querySelectorAll(s)].map((e) => {
  const r = e.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
}), css);

async function mintClassic(page, note) {
  await page.getByLabel('Note', { exact: true }).fill(note);
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByTestId('token').waitFor();
}

test('a language switch says the form\'s error, the prefix note and the copy confirmation again in the new language (issue 26.18)', async () => {
  const { context, page } = await openDemo();
  await page.getByRole('button', { name: 'Generate token' }).click();
  // The core's message, as a sentence like the page's own.
  await page.locator('#note-error').getByText('A note is required: what is this token for?', { exact: true }).waitFor();
  await page.getByLabel('Token type').selectOption('custom');
  await page.getByLabel('Prefix').fill('MyService');
  await page.locator('#prefix-note').getByText('Using the prefix myservice (lower-cased).').waitFor();
  await page.getByLabel('Language').selectOption('ja');
  await page.locator('#note-error').getByText('メモは必須です。このトークンの用途は？', { exact: true }).waitFor();
  await page.locator('#prefix-note').getByText('プレフィックス myservice を使います（小文字にしました）。', { exact: true }).waitFor();
  await page.getByLabel('言語').selectOption('en');
  await page.getByLabel('Token type').selectOption('ghp');

  await mintClassic(page, 'switching');
  const masked = await page.getByTestId('token').textContent();
  await copied(page, page.getByRole('button', { name: 'Copy', exact: true }), masked);
  await page.getByText('Copied to the clipboard.').waitFor();
  await page.getByLabel('Language').selectOption('ja');
  // The confirmation stays, in Japanese, and the clipboard's news beside it; no space after 。.
  const status = page.locator('#result p.status').first();
  await status.getByText(/^クリップボードにコピーしました。\d+秒後にクリップボードを消去します/).waitFor();
  assert.doesNotMatch(await status.textContent(), /。 /);
  // The token was copied: Done discards it at once, it does not ask whether to.
  await page.getByRole('button', { name: '完了' }).click();
  assert.equal(await page.getByTestId('token').count(), 0);
  await context.close();
});

test('the fine-grained form speaks of the token name, not the note (issue 26.18)', async () => {
  const { context, page } = await openDemo();
  await page.getByLabel('Token type').selectOption('github_pat');
  await page.getByRole('button', { name: 'Generate token' }).click();
  const error = page.locator('#note-error');
  await error.getByText('A token name is required').waitFor();
  assert.doesNotMatch(await error.textContent(), /note/i);
  await page.getByLabel('Token name').fill('x'.repeat(120));
  await error.getByText('The token name has 120 characters: at most 100. Shorten it.').waitFor();
  await context.close();
});

test('Japanese: no stray space in the expiration hint or the copy confirmation; the import button speaks Japanese (issue 26.19)', async () => {
  const { context, page } = await openDemo({ lang: 'ja' });
  const hint = await page.locator('#expiration-hint').textContent();
  assert.match(hint, /^このトークンは\d{4}年\d{1,2}月\d{1,2}日.曜日に失効します。$/);
  await page.getByLabel('クリップボードを消去するまで').selectOption('10');
  await page.getByLabel('メモ', { exact: true }).fill('日本語');
  await page.getByRole('button', { name: 'トークンを生成' }).click();
  const masked = await page.getByTestId('token').textContent();
  await copied(page, page.getByRole('button', { name: 'コピー', exact: true }), masked);
  const status = page.locator('#result p.status').first();
  await status.getByText('コピーしました。10秒後にクリップボードを消去します').waitFor();
  await screenshot(page, 'polish-result-ja.png', { fullPage: false });
  await page.getByRole('button', { name: '完了' }).click();
  // The import control is a button named in the page's language, not the browser's "Choose File".
  const button = page.getByRole('button', { name: '記録をインポート（JSON ファイル）' });
  await button.waitFor();
  assert.deepEqual((await boxes(page, 'input[type=file]')).filter((b) => b.width > 0), [], 'a native file input is shown');
  await page.evaluate(() => {
    document.getElementById('records-import').click = () => { window.chosen = true; };
  });
  await button.click();
  assert.equal(await page.evaluate(() => window.chosen), true, 'the button opens the file chooser');
  await screenshot(page, 'polish-records-ja.png');
  await context.close();
});

test('layout: buttons apart, row actions of one width, labels clear of the field above, permission selects of one width (issue 26.21)', async () => {
  for (const lang of ['en', 'ja']) {
    const { context, page } = await openDemo({ lang });
    const generate = lang === 'ja' ? 'トークンを生成' : 'Generate token';
    const done = lang === 'ja' ? '完了' : 'Done';
    for (const note of ['one', 'two']) {
      await page.locator('#note').fill(`layout ${note}`);
      await page.getByRole('button', { name: generate }).click();
      await page.getByRole('button', { name: done }).click();
      await page.getByRole('button', { name: done }).click();
    }
    const [exportBox, deleteAll] = [(await boxes(page, '#export'))[0], (await boxes(page, '#records-delete-all'))[0]];
    const apart = deleteAll.left - exportBox.right >= 6 || deleteAll.top - exportBox.bottom >= 6;
    assert.ok(apart, `${lang}: Export and Delete all touch (${JSON.stringify([exportBox, deleteAll])})`);
    for (const cell of await page.locator('#records-list td.row-actions').count() ? [0, 1] : []) {
      const buttons = await page.locator('#records-list td.row-actions').nth(cell).evaluate((td) =>
        [...td.querySelectorAll('button')].map((b) => b.getBoundingClientRect()).map((r) => ({ left: r.left, width: r.width, top: r.top, bottom: r.bottom })));
      assert.ok(buttons.length >= 2, 'a row with its actions');
      assert.equal(new Set(buttons.map((b) => Math.round(b.width))).size, 1, `${lang}: row actions of one width: ${JSON.stringify(buttons)}`);
      assert.equal(new Set(buttons.map((b) => Math.round(b.left))).size, 1, `${lang}: row actions aligned`);
      const gaps = buttons.slice(1).map((b, i) => Math.round(b.top - buttons[i].bottom));
      assert.ok(gaps.every((g) => g >= 3 && g === gaps[0]), `${lang}: row actions evenly apart: ${gaps}`);
    }
    // Every label of the server form stands clear of the field or hint above it.
    const gaps = await page.locator('#server-form').evaluate((form) => [...form.querySelectorAll('label')].map((label) => {
      const above = label.previousElementSibling;
      return above ? [label.textContent, label.getBoundingClientRect().top - above.getBoundingClientRect().bottom] : null;
    }).filter(Boolean));
    for (const [label, gap] of gaps) assert.ok(gap >= 8, `${lang}: "${label}" is ${gap} px under the field above`);
    await page.locator('#format').selectOption('github_pat');
    await page.waitForSelector('#permission-groups select');
    const widths = new Set((await boxes(page, '#permission-groups select')).map((b) => Math.round(b.width)));
    assert.equal(widths.size, 1, `${lang}: permission selects of ${[...widths]} px`);
    await page.locator('#format').selectOption('ghp');
    await screenshot(page, `polish-records-${lang}.png`);
    await context.close();
  }
});

test('nothing typed is changed silently: a long description is kept and said, the prefix is explained as it is typed (issue 26.24)', async () => {
  const { context, page } = await openDemo();
  await page.getByLabel('Token type').selectOption('github_pat');
  const description = page.getByLabel('Description');
  await description.fill('d'.repeat(1100));
  assert.equal((await description.inputValue()).length, 1100, 'the paste is kept whole');
  await page.locator('#description-error').getByText('The description has 1100 characters: at most 1024. Shorten it.').waitFor();
  await page.getByLabel('Token name').fill('long description');
  await page.getByRole('button', { name: 'Generate token' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'description');
  assert.equal(await page.getByTestId('token').count(), 0);
  await description.fill('d'.repeat(1024));
  assert.equal(await page.locator('#description-error').textContent(), '');

  // The prefix: its tidy-up and its problems are said as it is typed, not only on Generate.
  await page.getByLabel('Token type').selectOption('custom');
  const prefix = page.getByLabel('Prefix');
  await prefix.fill('MyService');
  await page.locator('#prefix-note').getByText('Using the prefix myservice (lower-cased).').waitFor();
  assert.equal(await page.locator('#prefix-error').textContent(), '');
  await prefix.fill('my-service');
  await page.locator('#prefix-error').getByText('may hold only lowercase letters a–z and digits').waitFor();
  await prefix.fill('MyService_');
  await page.locator('#prefix-note').getByText('lower-cased; the trailing _ dropped').waitFor();
  assert.equal(await page.locator('#prefix-error').textContent(), '');
  await page.getByLabel('Note', { exact: true }).fill('my service');
  await page.getByRole('button', { name: 'Generate token' }).click();
  assert.match(await page.getByTestId('token').textContent(), /^myservice_/);
  await context.close();
});

test('a note\'s length is counted as the user sees it: 20 family emoji are 20 characters, over the core\'s limit of 100 (issue 26.26)', async () => {
  const { context, page } = await openDemo();
  const family = '👨‍👩‍👧‍👦';
  await page.getByLabel('Note', { exact: true }).fill(family.repeat(20));
  const error = page.locator('#note-error');
  await error.getByText('The note is too long: its 20 characters count as 140').waitFor();
  assert.doesNotMatch(await error.textContent(), /has 140 characters/);
  await page.getByRole('button', { name: 'Generate token' }).click();
  assert.equal(await page.getByTestId('token').count(), 0, 'the core\'s bound stays the limit');
  await page.getByLabel('Note', { exact: true }).fill(family.repeat(14)); // 98 code points
  assert.equal(await error.textContent(), '');
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByTestId('token').waitFor();
  await context.close();
});
