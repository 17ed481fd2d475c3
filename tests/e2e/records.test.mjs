// The records lifecycle on the demo page (issue 18), in the browser BROWSER names: Delete with
// Undo and Delete all (asked once), where the focus lands; Import (v1, v2, bare array) merged by
// fingerprint after a preview, a bad file changing nothing and naming the wrong entry; the
// expiry warning; "is this my token?" in the Check and Redact panels. English and Japanese,
// axe-clean. Records are seeded into localStorage as a page would have stored them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomInt } from 'node:crypto';
import { watch, crc32, leaks, axeViolations, done, servedDemo, holdBackCore, releaseCore, screenshot } from './harness.mjs';

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const DAY = 86_400_000;
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const demo = servedDemo();

/** A valid classic token, built here (checksum by the harness's own CRC32), not by patmint. */
function classicToken() {
  const body = Array.from({ length: 30 }, () => B62[randomInt(62)]).join('');
  let v = crc32(body);
  let sum = '';
  for (let i = 0; i < 6; i++) {
    sum = B62[v % 62] + sum;
    v = Math.floor(v / 62);
  }
  return `ghp_${body}${sum}`;
}

/** A classic record of `token`, created a day ago, expiring in `days` (negative: expired). */
function recordOf(name, token, { days = 30, scopes = ['repo'] } = {}) {
  const now = Date.now();
  return {
    name, format: 'ghp', scopes, createdAt: rfc3339(now - 40 * DAY), expiresAt: rfc3339(now + days * DAY),
    fingerprint: sha256(token), last4: token.slice(-4),
  };
}

async function openDemo({ lang = 'en', seed = [], viewport = { width: 1100, height: 900 }, colorScheme } = {}) {
  const context = await demo.browser.newContext({ locale: lang === 'ja' ? 'ja-JP' : 'en-US', viewport, colorScheme });
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

const stored = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('patmint.records') ?? '[]'));
const names = async (page) => (await stored(page)).map((r) => r.name);
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el?.tagName, id: el?.id, label: el?.getAttribute('aria-label') ?? el?.textContent };
});

/** Chooses a file for the import input, as the file picker would. */
function importFile(page, text, name = 'patmint-records.json') {
  return page.evaluate(({ text, name }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], name, { type: 'application/json' }));
    const input = document.getElementById('records-import');
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, { text, name });
}

test('delete with Undo, delete all asked once; the focus never falls to <body>; expiry shown', async () => {
  const seed = [
    recordOf('alpha', classicToken()),
    recordOf('beta', classicToken(), { days: 3 }),
    recordOf('gamma', classicToken(), { days: -2 }),
  ];
  const { context, page, seen } = await openDemo({ seed });
  const rows = page.locator('#records-list tbody tr');
  assert.equal(await rows.count(), 3, 'expired records stay listed');
  // Expiry: beta (3 days) highlighted, with a count above the list; gamma listed as expired.
  await page.getByText('One token expires within 7 days').waitFor();
  assert.equal(await page.locator('#records-list tr.soon').count(), 1);
  await page.locator('#records-list tr.soon').getByText('expires soon').waitFor();
  await page.locator('#records-list tr', { hasText: 'gamma' }).getByText('expired').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'records with the expiry warning');

  await page.getByRole('button', { name: 'Delete the record of beta' }).click();
  await page.getByRole('status').filter({ hasText: 'Deleted “beta”.' }).waitFor();
  assert.deepEqual(await names(page), ['alpha', 'gamma'], 'stored without it at once');
  assert.equal((await focused(page)).id, 'records-undo', 'the focus goes to Undo');
  assert.deepEqual(await axeViolations(page), [], 'Undo offered');
  await page.getByRole('button', { name: 'Undo' }).click();
  assert.deepEqual(await names(page), ['alpha', 'beta', 'gamma'], 'back in its place');
  assert.equal((await focused(page)).label, 'Delete the record of beta', 'the focus on the restored row');

  // The Undo window closes: the record is gone for good and the focus moves to the next row.
  await page.getByRole('button', { name: 'Delete the record of beta' }).click();
  await page.locator('#records-undo').waitFor({ state: 'hidden', timeout: 15_000 });
  assert.deepEqual(await names(page), ['alpha', 'gamma']);
  assert.equal((await focused(page)).label, 'Delete the record of gamma', 'the focus on the next row, not <body>');

  // Delete all asks once; Cancel keeps everything; the confirmation deletes all, with Undo.
  await page.getByRole('button', { name: 'Delete all records' }).click();
  const confirm = page.getByRole('group', { name: 'Delete all 2 records?' });
  await confirm.waitFor();
  assert.equal((await focused(page)).label, 'Cancel', 'the safe choice has the focus');
  assert.deepEqual(await axeViolations(page), [], 'Delete all confirmation');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await rows.count(), 2);
  assert.equal((await focused(page)).label, 'Delete all records');
  await page.getByRole('button', { name: 'Delete all records' }).click();
  await confirm.getByRole('button', { name: 'Delete all', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Deleted 2 records.' }).waitFor();
  assert.deepEqual(await stored(page), []);
  await page.getByText('No tokens yet.').waitFor();
  assert.equal((await focused(page)).id, 'records-undo');
  await page.getByRole('button', { name: 'Undo' }).click();
  assert.deepEqual(await names(page), ['alpha', 'gamma']);
  assert.notEqual((await focused(page)).tag, 'BODY');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('import: v2, v1 and a bare array merged by fingerprint after a preview; a bad file changes nothing', async () => {
  const alpha = recordOf('alpha', classicToken());
  const { context, page, seen } = await openDemo({ seed: [alpha] });
  const renamed = { ...alpha, name: 'alpha (renamed)', scopes: ['repo', 'gist'] };
  const delta = recordOf('delta', classicToken(), { days: 60, scopes: [] });
  const v2 = { format: 'patmint.records', version: 2, exportedAt: rfc3339(Date.now()), records: [renamed, delta] };
  await importFile(page, JSON.stringify(v2));
  const preview = page.locator('#import-preview');
  await preview.getByRole('heading', { name: 'Import preview' }).waitFor();
  await preview.getByText('Records in the file: 2 — 1 new, 1 changed, 0 already here.').waitFor();
  await preview.getByText('Changed (name, scopes)').waitFor();
  assert.equal((await focused(page)).id, 'import-heading');
  assert.deepEqual(await names(page), ['alpha'], 'nothing changes before the user says so');
  assert.deepEqual(await axeViolations(page), [], 'import preview');
  await preview.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Imported: 1 new, 1 changed.' }).waitFor();
  assert.deepEqual(await names(page), ['delta', 'alpha (renamed)']);

  // A partly bad file: nothing imported, the entry and the reason named.
  const before = await stored(page);
  const epsilon = recordOf('epsilon', classicToken());
  await importFile(page, JSON.stringify({ ...v2, records: [epsilon, { ...delta, fingerprint: 'nothex' }] }));
  await page.getByRole('status').filter({ hasText: /^Nothing imported: entry 2 of the file is wrong: .*fingerprint/ }).waitFor();
  assert.ok(await page.locator('#import-preview').isHidden(), 'no preview');
  await importFile(page, '{"format":"patmint.records","version":3,"records":[]}');
  await page.getByRole('status').filter({ hasText: /^Nothing imported: unsupported records file version/ }).waitFor();
  await importFile(page, 'not json');
  await page.getByRole('status').filter({ hasText: /^Nothing imported: not JSON/ }).waitFor();
  assert.deepEqual(await stored(page), before, 'a bad file changes nothing');

  // v1 (classic records) and a bare array; a file with nothing new says so.
  await importFile(page, JSON.stringify({ format: 'patmint.records', version: 1, exportedAt: rfc3339(Date.now()), records: [epsilon] }));
  await page.locator('#import-preview').getByRole('button', { name: 'Import', exact: true }).click();
  await importFile(page, JSON.stringify([epsilon, delta]));
  await page.getByRole('status').filter({ hasText: 'Nothing to import: every record in the file is already here.' }).waitFor();
  // Issue 26.15: `[]` is not "every record is already here", an empty file not "column 0".
  await importFile(page, '[]');
  await page.getByRole('status').filter({ hasText: 'Nothing to import: the file holds no records.' }).waitFor();
  await importFile(page, JSON.stringify({ ...v2, records: [] }));
  await page.getByRole('status').filter({ hasText: 'Nothing to import: the file holds no records.' }).waitFor();
  await importFile(page, '');
  await page.getByRole('status').filter({ hasText: 'Nothing imported: the file is empty.' }).waitFor();
  await importFile(page, ' \n');
  await page.getByRole('status').filter({ hasText: 'Nothing imported: the file is empty.' }).waitFor();
  assert.ok(!(await page.locator('#records-status').textContent()).includes('column'));
  assert.deepEqual(await names(page), ['epsilon', 'delta', 'alpha (renamed)']);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('import and delete in Japanese', async () => {
  const alpha = recordOf('alpha', classicToken());
  const { context, page, seen } = await openDemo({ lang: 'ja', seed: [alpha] });
  await importFile(page, JSON.stringify([recordOf('beta', classicToken()), { name: 'x' }]));
  await page.getByRole('status').filter({ hasText: /^何もインポートしていません。ファイルの2番目の記録が正しくありません/ }).waitFor();
  await importFile(page, JSON.stringify([recordOf('beta', classicToken())]));
  await page.locator('#import-preview').getByText('新規1件').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'Japanese import preview');
  await page.getByRole('button', { name: 'インポート', exact: true }).click();
  await page.getByRole('button', { name: 'すべての記録を削除' }).click();
  await page.getByRole('button', { name: 'すべて削除', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '2件の記録を削除しました。' }).waitFor();
  await page.getByRole('button', { name: '元に戻す' }).click();
  assert.deepEqual(await names(page), ['beta', 'alpha']);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('"is this my token?": the Check and Redact panels name the record', async () => {
  const token = classicToken();
  const stranger = classicToken();
  const { context, page, seen } = await openDemo({ seed: [recordOf('CI deploy', token, { days: 5 })] });
  await page.getByLabel('Check a token').fill(token);
  await page.locator('#check-verdict').getByText(/This is your token “CI deploy” \(expires /).waitFor();
  await page.getByLabel('Check a token').fill(stranger);
  await page.locator('#check-verdict').getByText(/^Well-formed: /).waitFor();
  assert.ok(!(await page.locator('#check-verdict').textContent()).includes('your token'), 'a stranger is not yours');
  await page.getByLabel('Text to check for tokens').fill(`deploy with ${token}\nand ${stranger}\n`);
  const findings = page.locator('#redact-findings li');
  await findings.first().getByText('This is your token “CI deploy”').waitFor();
  assert.equal(await findings.filter({ hasText: 'your token' }).count(), 1);
  assert.deepEqual(await axeViolations(page), [], 'panels naming the record');
  await page.getByLabel('Check a token').fill('');
  await page.getByLabel('Text to check for tokens').fill('');
  assert.ok(!leaks(await page.content(), token));
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('edit: the note and scopes of a classic record, the permissions of a fine-grained one; the export follows', async () => {
  const classic = recordOf('old note', classicToken());
  const now = Date.now();
  const fine = {
    name: 'fg', format: 'github_pat', description: '', resourceOwner: 'octo-org',
    repositoryAccess: { kind: 'selected', repositories: ['octo-org/api'] }, permissions: { contents: 'read', metadata: 'read' },
    createdAt: rfc3339(now - DAY), expiresAt: rfc3339(now + 30 * DAY), fingerprint: sha256('fine-grained'), last4: 'Wxyz',
  };
  const { context, page, seen } = await openDemo({ seed: [classic, fine] });
  await page.getByRole('button', { name: 'Edit the record of old note' }).click();
  const editor = page.locator('#record-edit');
  await editor.getByRole('heading', { name: 'Edit “old note”' }).waitFor();
  assert.equal((await focused(page)).id, 'edit-heading');
  assert.equal(await editor.getByRole('checkbox', { name: 'repo', exact: true }).isChecked(), true);
  await editor.getByLabel('Note', { exact: true }).fill('new note');
  await editor.getByRole('checkbox', { name: 'gist', exact: true }).check();
  await editor.getByRole('checkbox', { name: 'repo', exact: true }).uncheck();
  await editor.getByRole('checkbox', { name: 'public_repo', exact: true }).check();
  assert.deepEqual(await axeViolations(page), [], 'edit form');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved “new note”.' }).waitFor();
  assert.equal((await focused(page)).label, 'Edit the record of new note');
  const [edited] = await stored(page);
  assert.deepEqual({ ...edited, scopes: [...edited.scopes].sort() }, { ...classic, name: 'new note', scopes: ['gist', 'public_repo'] });

  // An empty note is refused, and nothing changes.
  await page.getByRole('button', { name: 'Edit the record of new note' }).click();
  await editor.getByLabel('Note', { exact: true }).fill('   ');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await editor.getByText('Not saved: the note or name must be 1 to 100 characters').waitFor();
  assert.equal((await stored(page))[0].name, 'new note');
  await editor.getByRole('button', { name: 'Cancel' }).click();
  // Issue 26.24: a note too long is refused and kept as typed, never cut silently.
  await page.getByRole('button', { name: 'Edit the record of new note' }).click();
  await editor.getByLabel('Note', { exact: true }).fill('n'.repeat(101));
  assert.equal((await editor.getByLabel('Note', { exact: true }).inputValue()).length, 101, 'the field keeps what was typed');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await editor.getByText('Not saved: the note or name must be 1 to 100 characters').waitFor();
  assert.equal((await stored(page))[0].name, 'new note');
  await editor.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Edit the record of fg' }).click();
  await editor.getByLabel('Description').fill('deploys');
  await editor.getByRole('group', { name: 'Repository permissions' }).getByLabel('Contents', { exact: true }).selectOption('write');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved “fg”.' }).waitFor();
  const after = (await stored(page)).find((r) => r.name === 'fg');
  assert.deepEqual(after, { ...fine, description: 'deploys', permissions: { contents: 'write', metadata: 'read' } });
  // The export file is what the page stores: the verifier reads the edited record.
  const exported = await page.evaluate(async () => {
    const { exportRecords } = await import('./lib/model.js');
    return JSON.parse(exportRecords(JSON.parse(localStorage.getItem('patmint.records'))));
  });
  assert.equal(exported.records.find((r) => r.name === 'fg').permissions.contents, 'write');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('regenerate: a new token, same settings, fresh expiry; the old record kept and marked replaced, refused by a verifier', async () => {
  const { context, page, seen } = await openDemo();
  await page.getByLabel('Note').fill('CI deploy');
  await page.getByRole('checkbox', { name: 'workflow', exact: true }).check();
  await page.getByLabel('Expiration', { exact: true }).selectOption('7');
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByRole('button', { name: 'Reveal' }).click();
  const first = (await page.getByTestId('token').textContent()).trim();
  await done(page);
  const [original] = await stored(page);
  // Issue 26.9: a brand-new 7-day token is not "expiring soon" (it was, at once).
  await page.locator('#records-list tr', { hasText: 'CI deploy' }).getByText('(expires in 7 days)').waitFor();
  assert.equal(await page.locator('#records-list tr.soon').count(), 0, 'a new 7-day token is not flagged');
  assert.ok(await page.locator('#records-soon').isHidden(), 'no "expire within 7 days" warning');

  // Issue 26.8: Regenerate asks first, with the new expiration (the same length by default);
  // Cancel changes nothing and gives the focus back.
  await page.getByRole('button', { name: 'Regenerate the token CI deploy' }).click();
  const ask = page.locator('#regenerate-confirm');
  await ask.getByRole('heading', { name: 'Regenerate “CI deploy”?' }).waitFor();
  assert.equal((await focused(page)).id, 'regenerate-heading');
  assert.equal(await ask.getByLabel('Expiration of the new token').inputValue(), '7', 'the same length as before');
  assert.deepEqual(await axeViolations(page), [], 'the regenerate confirmation');
  // Another language: the question in it, the choice kept.
  await ask.getByLabel('Expiration of the new token').selectOption('60');
  await page.locator('#lang').selectOption('ja');
  await ask.getByRole('heading', { name: '「CI deploy」を再生成しますか？' }).waitFor();
  assert.equal(await ask.getByLabel('新しいトークンの有効期限').inputValue(), '60', 'the choice kept');
  await page.locator('#lang').selectOption('en');
  await ask.getByRole('heading', { name: 'Regenerate “CI deploy”?' }).waitFor();
  assert.equal((await stored(page)).length, 1, 'nothing minted before the user confirms');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  assert.ok(await ask.isHidden());
  assert.equal((await focused(page)).label, 'Regenerate the token CI deploy', 'the focus back on Regenerate');
  assert.deepEqual(await stored(page), [original], 'Cancel changes nothing');
  await page.getByRole('button', { name: 'Regenerate the token CI deploy' }).click();
  await ask.getByRole('button', { name: 'Regenerate token' }).click();
  await page.getByTestId('token').waitFor();
  assert.equal((await focused(page)).id, 'result-title', 'the new token is shown once, focused');
  await page.getByRole('status').filter({ hasText: 'Regenerated “CI deploy”' }).waitFor();
  await page.getByRole('button', { name: 'Reveal' }).click();
  const second = (await page.getByTestId('token').textContent()).trim();
  assert.notEqual(second, first);
  const [fresh, old] = await stored(page);
  assert.equal(fresh.fingerprint, sha256(second));
  assert.deepEqual(fresh.scopes, original.scopes);
  assert.equal(fresh.name, 'CI deploy');
  assert.equal(Date.parse(fresh.expiresAt) - Date.parse(fresh.createdAt), 7 * DAY, 'a fresh expiry of the same length');
  assert.ok(Date.parse(fresh.createdAt) >= Date.parse(original.createdAt));
  assert.deepEqual({ ...old, replacedAt: undefined }, { ...original, replacedAt: undefined });
  assert.ok(Date.parse(old.replacedAt) >= Date.parse(original.createdAt), 'marked replaced, with the date');
  await done(page);
  assert.equal(await page.getByRole('button', { name: 'Regenerate the token CI deploy' }).count(), 1, 'no Regenerate on the replaced record');
  const replaced = page.locator('#records-list tr.replaced');
  await replaced.getByText('replaced on').waitFor();
  // Issue 26.22: a replaced record no longer counts down, offers Delete only, and Delete looks live.
  assert.ok(!(await replaced.locator('td.expiry').textContent()).includes('expires in'), 'no "expires in" on a replaced record');
  assert.equal(await page.getByRole('button', { name: 'Edit the record of CI deploy' }).count(), 1, 'no Edit on the replaced record');
  const colors = await page.evaluate(() => {
    const row = document.querySelector('#records-list tr.replaced');
    return { button: getComputedStyle(row.querySelector('button.delete')).color, body: getComputedStyle(document.body).color };
  });
  assert.equal(colors.button, colors.body, 'Delete on a replaced record is not greyed out');
  assert.deepEqual(await axeViolations(page), [], 'a replaced record listed');

  // A server importing the records refuses the old token and accepts the new one.
  await page.getByLabel('Token', { exact: true }).fill(first);
  await page.getByRole('button', { name: 'Verify as a server' }).click();
  await page.getByText('Refused (replaced): the record “CI deploy” was replaced by a regenerated token.').waitFor();
  await page.getByLabel('Token', { exact: true }).fill(second);
  await page.getByRole('button', { name: 'Verify as a server' }).click();
  await page.getByText('Allowed: the token matches the record “CI deploy”.').waitFor();
  await page.getByLabel('Token', { exact: true }).fill('');
  assert.ok(!leaks(await page.content(), first) && !leaks(await page.content(), second));
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('Regenerate pressed before the core is instantiated waits for it (it threw before)', async () => {
  const token = classicToken();
  // Created 40 days ago, expiring in 50: a 90-day token, which Regenerate makes again.
  const { context, page, seen } = await openDemo({ seed: [recordOf('early bird', token, { days: 50 })] });
  // The core held back: the records are listed, the core is not there yet.
  await page.addInitScript(holdBackCore);
  await page.reload({ waitUntil: 'commit' });
  // The new document, drawn, its core not there yet (Firefox returns before it commits).
  await page.waitForFunction(() => document.documentElement.dataset.painted === 'true' && document.documentElement.dataset.ready === undefined);
  await page.getByRole('button', { name: 'Regenerate the token early bird' }).click();
  await page.locator('#regenerate-confirm').getByRole('button', { name: 'Regenerate token' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), undefined, 'pressed before the core was there');
  await releaseCore(page);
  await page.getByTestId('token').waitFor();
  await page.getByRole('status').filter({ hasText: 'Regenerated “early bird”' }).waitFor();
  assert.equal((await stored(page)).length, 2);
  await done(page);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('record an existing token: pasted once, read by the core, the field emptied at once; only the record kept', async () => {
  const { context, page, seen } = await openDemo();
  const token = classicToken();
  const section = page.locator('#existing');
  await section.getByRole('heading', { name: 'Record a token you already have' }).waitFor();
  await section.getByLabel('Token to record').fill(token);
  assert.equal(await section.getByLabel('Token to record').inputValue(), '', 'the field is emptied at once');
  await section.getByText(`Read ghp_${'•'.repeat(32)}${token.slice(-4)} (ghp)`).waitFor();
  assert.ok(!leaks(await page.content(), token), 'not in the DOM');
  assert.ok(!leaks(JSON.stringify(await page.evaluate(() => ({ ...localStorage }))), token), 'not stored');
  assert.equal((await focused(page)).id, 'existing-name');
  await section.getByLabel('Name for this token').fill('made on GitHub');
  const expiry = new Date(Date.now() + 20 * DAY).toISOString().slice(0, 10);
  await section.getByLabel('Expires on').fill(expiry);
  await section.getByRole('checkbox', { name: 'read:org', exact: true }).check();
  assert.deepEqual(await axeViolations(page), [], 'record-an-existing-token form');
  await section.getByRole('button', { name: 'Save the record' }).click();
  await section.getByText('Recorded “made on GitHub”.').waitFor();
  const [record] = await stored(page);
  assert.deepEqual(Object.keys(record).sort(), ['createdAt', 'expiresAt', 'fingerprint', 'format', 'last4', 'name', 'scopes']);
  assert.equal(record.fingerprint, sha256(token));
  assert.equal(record.last4, token.slice(-4));
  assert.deepEqual(record.scopes, ['read:org']);
  assert.equal(record.expiresAt, `${expiry}T23:59:59Z`);
  // The record is the token's: the Check panel knows it now; the same token again is known.
  await page.getByLabel('Check a token').fill(token);
  await page.locator('#check-verdict').getByText('This is your token “made on GitHub”').waitFor();
  await page.getByLabel('Check a token').fill('');
  await section.getByLabel('Token to record').fill(token);
  await section.getByText('Already recorded as “made on GitHub”.').waitFor();
  await section.getByLabel('Token to record').fill('ghp_notatoken');
  await section.getByText(/^Not a token patmint can record: /).waitFor();
  assert.equal(await section.getByLabel('Token to record').inputValue(), '');

  // A fine-grained token (format-only, no checksum): its settings are required.
  const fine = `github_pat_${'A1b2C3d4E5f6G7h8I9j0K1'}_${'x'.repeat(59)}`;
  await section.getByLabel('Token to record').fill(fine);
  await section.getByLabel('Name for this token').fill('fg from GitHub');
  await section.getByRole('button', { name: 'Save the record' }).click();
  await section.getByText('Not saved: fine-grained tokens always expire').waitFor();
  await section.getByLabel('Expires on').fill(expiry);
  await section.getByLabel('Resource owner').fill('octocat');
  await section.getByLabel('Repositories', { exact: true }).fill('octocat/hello');
  await section.getByRole('group', { name: 'Repository permissions' }).getByLabel('Issues', { exact: true }).selectOption('write');
  await section.getByRole('button', { name: 'Save the record' }).click();
  await section.getByText('Recorded “fg from GitHub”.').waitFor();
  const [fg] = await stored(page);
  assert.equal(fg.fingerprint, sha256(fine));
  assert.deepEqual(fg.repositoryAccess, { kind: 'selected', repositories: ['octocat/hello'] });
  assert.deepEqual(fg.permissions, { issues: 'write', metadata: 'read' });
  assert.ok(!leaks(await page.content(), fine));
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('many records: the first rows at once, the rest appended after; all listed and exported', async () => {
  const seed = Array.from({ length: 250 }, (_, i) => recordOf(`bulk ${i}`, classicToken()));
  const { context, page, seen } = await openDemo({ seed });
  await page.waitForFunction(() => document.querySelectorAll('#records-list tbody tr').length === 250);
  await page.getByRole('button', { name: 'Delete the record of bulk 249' }).click();
  assert.equal((await stored(page)).length, 249);
  await page.getByRole('button', { name: 'Undo' }).click();
  assert.equal((await stored(page)).length, 250);
  assert.equal(await page.locator('#export').isDisabled(), false);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('regenerate a fine-grained token: the same owner, repository access and permissions; an expired one too', async () => {
  const now = Date.now();
  const fine = {
    name: 'deploy', format: 'github_pat', description: 'CI deploys', resourceOwner: 'octo-org',
    repositoryAccess: { kind: 'selected', repositories: ['octo-org/api'] }, permissions: { contents: 'write', metadata: 'read' },
    createdAt: rfc3339(now - 100 * DAY), expiresAt: rfc3339(now - 10 * DAY), fingerprint: sha256('old fine-grained'), last4: 'Wxyz',
  };
  const { context, page, seen } = await openDemo({ seed: [fine] });
  await page.locator('#records-list tr', { hasText: 'deploy' }).getByText('expired').waitFor();
  await page.getByRole('button', { name: 'Regenerate the token deploy' }).click();
  const ask = page.locator('#regenerate-confirm');
  assert.equal(await ask.getByLabel('Expiration of the new token').inputValue(), '90', 'the same length as before');
  assert.equal(await ask.locator('option[value="none"]').count(), 0, 'fine-grained tokens always expire');
  await ask.getByLabel('Expiration of the new token').selectOption('30');
  await ask.getByRole('button', { name: 'Regenerate token' }).click();
  await page.getByTestId('token').waitFor();
  assert.match(await page.getByTestId('token').textContent(), /^github_pat_/);
  const [fresh, old] = await stored(page);
  const same = ({ name, description, resourceOwner, repositoryAccess, permissions }) => ({ name, description, resourceOwner, repositoryAccess, permissions });
  assert.deepEqual(same(fresh), same(fine));
  assert.equal(Date.parse(fresh.expiresAt) - Date.parse(fresh.createdAt), 30 * DAY, 'the expiry chosen on the confirmation');
  assert.ok(Date.parse(fresh.expiresAt) > now);
  assert.deepEqual({ ...old, replacedAt: undefined }, { ...fine, replacedAt: undefined });
  assert.ok(old.replacedAt);
  await done(page);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

/** A fine-grained record of `repositories` (selected), created a day ago, expiring in 30 days. */
function fineRecord(name, repositories = ['octo-org/api', 'octo-org/web'], more = {}) {
  const now = Date.now();
  return {
    name, format: 'github_pat', description: '', resourceOwner: 'octo-org',
    repositoryAccess: { kind: 'selected', repositories }, permissions: { contents: 'write', issues: 'read', metadata: 'read' },
    createdAt: rfc3339(now - DAY), expiresAt: rfc3339(now + 30 * DAY), fingerprint: sha256(`fine ${name}`), last4: 'Wxyz', ...more,
  };
}

/** Where each record's Expires, Last 4 and action buttons are, against the viewport's width. */
const offScreen = (page) => page.evaluate(() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const tr of document.querySelectorAll('#records-list tbody tr')) {
    for (const el of [tr.querySelector('td.expiry'), ...tr.querySelectorAll('td code'), ...tr.querySelectorAll('button')]) {
      const r = el.getBoundingClientRect();
      if (r.left < 0 || r.right > width + 0.5) out.push(`${tr.querySelector('th').textContent}: ${el.textContent.slice(0, 20)} at ${Math.round(r.left)}–${Math.round(r.right)}`);
    }
  }
  return { out, scroll: document.documentElement.scrollWidth - width };
});

// Issue 26.13: at 375 px the table hid Expires, Last 4 and the row actions off-screen, no cue.
for (const [lang, colorScheme] of [['en', 'light'], ['ja', 'dark']]) {
  test(`375 px: each record is a card, nothing off-screen (${lang}, ${colorScheme})`, async () => {
    const now = Date.now();
    const seed = [
      recordOf(lang === 'ja' ? 'デプロイ用' : 'CI deploy', classicToken(), { days: 3, scopes: ['repo', 'workflow'] }),
      fineRecord(lang === 'ja' ? 'リリース' : 'release bot'),
      { ...recordOf('old laptop', classicToken(), { days: 20 }), replacedAt: rfc3339(now - DAY) },
    ];
    const { context, page, seen } = await openDemo({ lang, colorScheme, seed, viewport: { width: 375, height: 800 } });
    await page.locator('#records-list tbody tr').first().waitFor();
    const where = await offScreen(page);
    assert.deepEqual(where.out, [], 'every Expires, Last 4 and button within the 375 px viewport');
    assert.ok(where.scroll <= 0, `no sideways scrolling (${where.scroll} px)`);
    // Each value is named by its column, as the table's header would (shown by ::before;
    // Firefox reports its content as `attr(data-label)`, Chromium as the text).
    const labels = await page.evaluate(() => [...document.querySelectorAll('#records-list tbody tr:first-child td[data-label]')]
      .map((td) => {
        const content = getComputedStyle(td, '::before').content;
        return content === 'none' || content === 'normal' ? '' : td.dataset.label;
      }));
    const heads = lang === 'ja' ? ['有効期限', '末尾'] : ['Expires', 'Last 4'];
    for (const head of heads) assert.ok(labels.some((l) => l.includes(head)), `${head} shown in the card: ${labels}`);
    // A fine-grained card opens to its repositories and permissions.
    await page.locator('#records-list tr', { hasText: lang === 'ja' ? 'リリース' : 'release bot' }).locator('summary').click();
    await page.locator('#records-list').getByText('octo-org/web').waitFor();
    assert.deepEqual((await offScreen(page)).out, [], 'the opened card too');
    assert.deepEqual(await axeViolations(page), [], `narrow records (${lang}, ${colorScheme})`);
    await page.evaluate(() => document.getElementById('records').scrollIntoView());
    await screenshot(page, `records-narrow-${lang}-${colorScheme}.png`, { fullPage: false });
    assert.deepEqual(seen.errors, []);
    await context.close();
  });
}

// Issue 26.14: the list never showed a fine-grained token's repositories and permissions, and
// Edit could not change its repository access. Issue 26.10: `octo/hello.git` never matched.
test('fine-grained records: repositories and permissions on expand; Edit changes repository access; .git dropped', async () => {
  const fine = fineRecord('fg');
  const { context, page, seen } = await openDemo({ seed: [fine] });
  const row = page.locator('#records-list tr', { hasText: 'fg' });
  const details = row.locator('details');
  assert.equal(await details.getAttribute('open'), null, 'closed at first: the list stays short');
  await row.getByText('octo-org · Only select repositories · 3 permissions').click();
  await details.getByText('octo-org/api').waitFor();
  await details.getByText('octo-org/web').waitFor();
  await details.getByText('Contents: Read and write').waitFor();
  await details.getByText('Issues: Read-only').waitFor();
  await details.getByText('Metadata: Read-only').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'a fine-grained record opened');

  await page.getByRole('button', { name: 'Edit the record of fg' }).click();
  const editor = page.locator('#record-edit');
  assert.equal(await editor.getByLabel('Repository access').inputValue(), 'selected');
  assert.equal(await editor.getByLabel('Repositories', { exact: true }).inputValue(), 'octo-org/api\nocto-org/web');
  // A repository of another owner: named, nothing saved.
  await editor.getByLabel('Repositories', { exact: true }).fill('octo-org/api\nother/x');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await editor.getByText('Not saved: list 1 to 50 repositories as owner/name, each owned by octo-org.').waitFor();
  assert.deepEqual(await stored(page), [fine]);
  // `.git` (a clone URL's ending) is dropped: the name a proxy asks for is stored.
  await editor.getByLabel('Repositories', { exact: true }).fill('octo-org/api\nocto-org/cli.git');
  assert.deepEqual(await axeViolations(page), [], 'edit with repository access');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved “fg”.' }).waitFor();
  assert.deepEqual((await stored(page))[0].repositoryAccess, { kind: 'selected', repositories: ['octo-org/api', 'octo-org/cli'] });
  // All repositories: the list goes.
  await page.getByRole('button', { name: 'Edit the record of fg' }).click();
  await editor.getByLabel('Repository access').selectOption('all');
  assert.ok(await editor.getByLabel('Repositories', { exact: true }).isHidden());
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved “fg”.' }).waitFor();
  assert.deepEqual((await stored(page))[0].repositoryAccess, { kind: 'all' });
  await page.locator('#records-list tr', { hasText: 'fg' }).getByText('octo-org · All repositories · 3 permissions').waitFor();

  // The create form: `octo-org/hello.git` is minted as `octo-org/hello`, which the verifier
  // matches against what docs/nginx-git.conf sends for /octo-org/hello.git/….
  await page.getByLabel('Token type').selectOption('github_pat');
  await page.getByLabel('Token name', { exact: true }).fill('clone hello');
  await page.getByLabel('Resource owner').fill('octo-org');
  const access = page.getByRole('group', { name: 'Repository access' });
  await access.getByRole('radio', { name: 'Only select repositories' }).check();
  await access.getByLabel('Repositories', { exact: true }).fill('octo-org/hello.git');
  await page.getByRole('group', { name: 'Repository permissions' }).getByLabel('Contents', { exact: true }).selectOption('read');
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByTestId('token').waitFor();
  await page.getByRole('button', { name: 'Reveal' }).click();
  const secret = (await page.getByTestId('token').textContent()).trim();
  const minted = (await stored(page)).find((r) => r.name === 'clone hello');
  assert.deepEqual(minted.repositoryAccess, { kind: 'selected', repositories: ['octo-org/hello'] });
  await done(page);
  await page.getByLabel('Token', { exact: true }).fill(secret);
  await page.locator('#server-permissions').fill('contents:read');
  await page.locator('#server-repository').fill('octo-org/hello');
  await page.getByRole('button', { name: 'Verify as a server' }).click();
  await page.getByText('Allowed: the token matches the record “clone hello”.').waitFor();
  await page.getByLabel('Token', { exact: true }).fill('');
  assert.ok(!leaks(await page.content(), secret));
  assert.deepEqual(seen.errors, []);
  await context.close();
});
