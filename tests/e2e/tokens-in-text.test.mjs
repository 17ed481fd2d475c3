// Tokens inside text on the demo page (issue 26, items 2, 4, 6 and 11), in the browser BROWSER
// names: a note or description holding a token — a custom-prefix one, a `ghp_` one split by a
// space — is refused at Generate, Edit and Import, and nothing is stored; Redact joins a token
// a CI log wrapped after its timestamp and warns of a fragment instead of "No tokens found";
// Check reads a wrapped token across its gaps and finds one inside `Bearer …`, saying which
// part it checked, and gives no fingerprint to what is not a token; a vendor's prefix is no
// custom prefix. axe-clean, with screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomInt } from 'node:crypto';
import { watch, crc32, leaks, axeViolations, screenshot, servedDemo } from './harness.mjs';

const demo = servedDemo();
const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const TS = '2026-05-01T10:00:03.2000000Z';

/** A valid token of `prefix` (`ghp_`, `acme_`): 30 random characters and their checksum, built here. */
function token(prefix) {
  const body = Array.from({ length: 30 }, () => B62[randomInt(62)]).join('');
  let v = crc32(body);
  let sum = '';
  for (let i = 0; i < 6; i++) {
    sum = B62[v % 62] + sum;
    v = Math.floor(v / 62);
  }
  return `${prefix}${body}${sum}`;
}

function recordOf(name, secret, format) {
  return {
    name, format, scopes: [], createdAt: '2026-01-01T00:00:00Z', expiresAt: null,
    fingerprint: sha256(secret), last4: secret.slice(-4),
  };
}

async function openDemo({ seed = [], lang = 'en', width = 1100 } = {}) {
  const context = await demo.browser.newContext({ locale: lang === 'ja' ? 'ja-JP' : 'en-US', viewport: { width, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.origin });
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(`${demo.server.origin}/`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.evaluate(({ records, lang }) => {
    localStorage.setItem('patmint.records', JSON.stringify(records));
    localStorage.setItem('patmint.lang', lang);
  }, { records: seed, lang });
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  return { context, page, seen };
}

const stored = (page) => page.evaluate(() => localStorage.getItem('patmint.records') ?? '[]');

test('a note holding a custom or split token is refused at Generate, Edit and Import; nothing is stored', async () => {
  const acme = token('acme_');
  const ghp = token('ghp_');
  const { context, page, seen } = await openDemo({ seed: [recordOf('acme deploy', acme, 'custom:acme')] });
  const before = await stored(page);
  const notes = [
    `for ci ${acme}`, // the records' prefix
    `for ci ${acme.slice(0, 15)} ${acme.slice(15)}`,
    `rotate ${ghp.slice(0, 12)} ${ghp.slice(12)}`, // GitHub's, split by one space
  ];
  for (const note of notes) {
    await page.getByLabel('Note').fill(note);
    await page.getByRole('button', { name: 'Generate token' }).click();
    await page.locator('#note-error').getByText('the note holds a token').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'note', 'the focus on the field to fix');
    assert.equal(await page.getByTestId('token').count(), 0, 'nothing minted');
  }
  // The Prefix field's prefix, before any record has it.
  const beta = token('beta_');
  await page.getByLabel('Token type').selectOption('custom');
  await page.getByLabel('Prefix').fill('beta');
  await page.getByLabel('Note').fill(`beta ${beta.slice(0, 20)} ${beta.slice(20)}`);
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.locator('#note-error').getByText('the note holds a token').waitFor();
  await screenshot(page, 'issue26-note-holds-token.png', { fullPage: false });
  assert.deepEqual(await axeViolations(page), [], 'the refused form');

  // Edit: the same refusal, the record unchanged.
  await page.getByRole('button', { name: 'Edit the record of acme deploy' }).click();
  const editor = page.locator('#record-edit');
  await editor.getByLabel('Note', { exact: true }).fill(notes[1]);
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await editor.locator('#edit-error').getByText('the note holds a token').waitFor();
  await editor.getByRole('button', { name: 'Cancel' }).click();

  // "Record a token you already have": the note may not hold that very token (split).
  const other = token('ghp_');
  await page.getByLabel('Token to record').fill(other);
  await page.getByLabel('Name for this token').fill(`gh ${other.slice(0, 20)} ${other.slice(20)}`);
  await page.getByRole('button', { name: 'Save the record' }).click();
  await page.locator('#existing-error').getByText('the note holds a token').waitFor();

  // Import: a file whose note holds a token of the file's own custom prefix.
  const gamma = token('gamma_');
  const file = JSON.stringify({ format: 'patmint.records', version: 2, records: [recordOf(`key ${gamma.slice(0, 9)}\u200b${gamma.slice(9)}`, gamma, 'custom:gamma')] });
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'records.json', { type: 'application/json' }));
    const input = document.getElementById('records-import');
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, file);
  await page.locator('#records-status').getByText('entry 1 of the file is wrong: the note holds a token').waitFor();
  assert.equal(await page.locator('#import-preview').isHidden(), true, 'no preview to apply');

  const after = await stored(page);
  assert.equal(after, before, 'nothing stored');
  for (const secret of [acme, ghp, beta, gamma, other]) assert.ok(!leaks(after, secret) && !leaks(await page.content(), secret));
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('Redact joins a token a CI log wrapped after its timestamp, and warns of a fragment', async () => {
  const ghp = token('ghp_');
  const { context, page } = await openDemo({ width: 1280 });
  const input = page.locator('#redact-input');
  const log = `${TS} ##[group]Run deploy\n${TS} wrapped: ${ghp.slice(0, 22)}\n${TS}          ${ghp.slice(22)}\n${TS} done\n`;
  await input.fill(log);
  await page.locator('#redact-summary').getByText('One possible token found, 1 proven by checksum.').waitFor();
  const output = await page.locator('#redact-output').textContent();
  assert.ok(!leaks(output, ghp) && !output.includes(ghp.slice(22, 34)), 'the second piece is masked too');
  assert.ok(output.endsWith(`${TS} done\n`));
  await page.getByRole('button', { name: 'Copy redacted text' }).click();
  await page.getByText('Redacted text copied.').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(!leaks(copied, ghp) && !copied.includes(ghp.slice(22, 34)), 'the clipboard holds no piece of the token');

  // Another step's prefix on the next line: not joined, and said — not "No tokens found".
  await input.fill(`[build] key: ${ghp.slice(0, 22)}\n[test] ${ghp.slice(22)}\n`);
  await page.locator('#redact-summary').getByText('No whole token found, but one possible partial token').waitFor();
  await page.locator('#redact-findings').getByText('possible partial token').waitFor();
  assert.ok(!(await page.locator('#redact-output').textContent()).includes(ghp.slice(4, 22)), 'the fragment is masked');
  await page.locator('#redact-findings').scrollIntoViewIfNeeded();
  await screenshot(page, 'issue26-redact-partial.png', { fullPage: false });
  assert.deepEqual(await axeViolations(page), [], 'the partial warning');

  // A fine-grained token (no checksum to prove a join) split onto two lines of a timestamped
  // log: its first piece is masked and named a possible partial token, not "No tokens found".
  const fg = `github_pat_${'1A'.repeat(11)}_${'bC3'.repeat(19)}dE`;
  await input.fill(`${TS} token: ${fg.slice(0, 50)}\n${TS} ${fg.slice(50)}\n`);
  await page.locator('#redact-summary').getByText('No whole token found, but one possible partial token').waitFor();
  assert.ok(!(await page.locator('#redact-output').textContent()).includes(fg.slice(11, 50)));
  await context.close();
});

test('Check reads a wrapped token, finds one inside text and says which part; no fingerprint for a non-token', async () => {
  const ghp = token('ghp_');
  const { context, page } = await openDemo({ seed: [recordOf('ci deploy', ghp, 'ghp')] });
  const check = page.getByLabel('Check a token');
  const verdict = page.locator('#check-verdict');
  // Wrapped by a paste: a space (a line break in a one-line field) in the middle.
  await check.fill(`${ghp.slice(0, 21)} ${ghp.slice(21)}`);
  await page.getByText('Read across the spaces and line breaks inside your paste').waitFor();
  await verdict.getByText('Well-formed: ghp_').waitFor();
  await verdict.getByText('This is your token “ci deploy”').waitFor();
  assert.equal(await page.locator('#check-fingerprint').textContent(), sha256(ghp));
  // Inside other text: the part checked is named by its place and masked form.
  for (const [text, at] of [[`Bearer ${ghp}`, 8], [`export GH_TOKEN="${ghp}"`, 18]]) {
    await check.fill(text);
    await page.getByText(`Checked the token found in your text, characters ${at} to ${at + 39}`).waitFor();
    await verdict.getByText('Well-formed: ghp_').waitFor();
    assert.equal(await page.locator('#check-fingerprint').textContent(), sha256(ghp));
  }
  await page.locator('#check-masked').scrollIntoViewIfNeeded();
  await screenshot(page, 'issue26-check-part.png', { fullPage: false });
  assert.deepEqual(await axeViolations(page), [], 'the check panel');
  // Not a token: the verdict, but no SHA-256 of it to look up.
  await check.fill('hunter2');
  await verdict.getByText(/^Invalid: /).waitFor();
  assert.equal(await page.locator('#check-fingerprint').textContent(), '');
  assert.equal(await page.locator('#check-fingerprint-row').isHidden(), true);
  await context.close();
});

test('a vendor\'s prefix is no custom prefix: npm_ tokens would be reported as npm\'s', async () => {
  const { context, page } = await openDemo();
  await page.getByLabel('Note').fill('x');
  await page.getByLabel('Token type').selectOption('custom');
  for (const prefix of ['npm', 'hf', 'sk']) {
    await page.getByLabel('Prefix').fill(prefix);
    await page.getByRole('button', { name: 'Generate token' }).click();
    await page.locator('#prefix-error').getByText(`“${prefix}_” is how another vendor's tokens start`).waitFor();
  }
  assert.equal(await stored(page), '[]');
  await context.close();
});

test('Japanese: the partial-token warning and the part Check read, axe-clean', async () => {
  const ghp = token('ghp_');
  const { context, page } = await openDemo({ lang: 'ja', width: 375 });
  await page.locator('#redact-input').fill(`[build] key: ${ghp.slice(0, 22)}\n[test] ${ghp.slice(22)}\n`);
  await page.locator('#redact-summary').getByText('トークン全体は見つかりませんでしたが、トークンの一部の可能性があるものが1件あります。').waitFor();
  await page.locator('#redact-findings').getByText('トークンの一部の可能性').waitFor();
  await page.locator('#redact-findings').scrollIntoViewIfNeeded();
  await screenshot(page, 'issue26-redact-partial-ja-375.png', { fullPage: false });
  assert.deepEqual(await axeViolations(page), [], 'the partial warning in Japanese at 375 px');
  await page.locator('#check-input').fill(`Bearer ${ghp}`);
  await page.getByText('テキストの中で見つかったトークン（8〜47文字目、').waitFor();
  await page.locator('#check-masked').scrollIntoViewIfNeeded();
  await screenshot(page, 'issue26-check-part-ja-375.png', { fullPage: false });
  assert.deepEqual(await axeViolations(page), [], 'the check note in Japanese at 375 px');
  await context.close();
});
