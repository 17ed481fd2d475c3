// The create flow as a new user walks it (issue 16), on the demo page in the browser BROWSER
// names: what every copy button copies, the form back to its defaults after Done, no sideways
// panning at 375 px, errors that follow their cause, specific messages, the custom date in the
// user's own day, the Check panel's wording, and GitHub's whole "use the token" section.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watch, screenshot, leaks, axeViolations, servedDemo, holdBackCore, releaseCore } from './harness.mjs';

const demo = servedDemo();

async function openDemo({ width = 1000, lang = 'en', colorScheme = 'light', clock = false, beforeLoad, until = 'ready' } = {}) {
  const context = await demo.browser.newContext({
    colorScheme,
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    viewport: { width, height: 800 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.origin });
  const page = await context.newPage();
  if (clock) await page.clock.install();
  if (beforeLoad) await page.addInitScript(beforeLoad);
  const seen = watch(page);
  await page.goto(`${demo.server.origin}/`);
  await page.waitForSelector(`html[data-${until}="true"]`);
  return { context, page, seen };
}

const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());
const records = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('patmint.records') ?? '[]'));

async function mint(page, { note = 'deploy bot', scopes = ['repo'] } = {}) {
  await page.getByLabel('Note').fill(note);
  for (const s of scopes) await page.getByRole('checkbox', { name: s, exact: true }).check();
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await page.getByText('Copied to the clipboard').waitFor();
  return clipboard(page);
}

/** Whether the page pans sideways: the document is wider than the window. */
const overflow = (page) => page.evaluate(() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
}));

async function assertNoOverflow(page, what) {
  const { scrollWidth, innerWidth } = await overflow(page);
  assert.ok(scrollWidth <= innerWidth, `${what}: document ${scrollWidth} px wide in a ${innerWidth} px window`);
}

test('every copy button copies exactly what it says: the token alone for the password prompt', async () => {
  const { context, page, seen } = await openDemo();
  const secret = await mint(page);
  const copy = async (name, expected) => {
    await page.evaluate(() => navigator.clipboard.writeText('before'));
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForFunction((want) => navigator.clipboard.readText().then((t) => t === want), expected);
    assert.equal(await clipboard(page), expected, name);
  };
  await copy('Copy', secret);
  await copy('Copy the token for the password prompt', secret);
  await copy('Copy the export command', `export PATMINT_TOKEN=${secret}`);
  await copy('Copy the read command', 'read -rs PATMINT_TOKEN && export PATMINT_TOKEN');
  // The confirmation is beside the button that was pressed.
  const near = await page.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Copy the read command');
    const status = button.parentElement.querySelector('[role="status"]');
    return { text: status.textContent, gap: status.getBoundingClientRect().top - button.getBoundingClientRect().bottom };
  });
  assert.match(near.text, /^Copied\./);
  assert.ok(near.gap >= 0 && near.gap < 40, `confirmation ${near.gap} px below its button`);

  // SSH → HTTPS on the server named, OWNER and REPO edited in place (issue 26: the server's
  // host, never github.com, which refuses a token from this page).
  await page.getByLabel('Server', { exact: true }).fill('git.acme.test');
  await page.getByRole('button', { name: 'Your remote uses SSH? Switch it to HTTPS' }).click();
  await page.getByLabel('Owner', { exact: true }).fill('octo-org');
  await page.getByLabel('Repository name', { exact: true }).fill('api');
  await page.getByText('git remote set-url origin https://git.acme.test/octo-org/api.git').waitFor();
  await copy('Copy the set-url command', 'git remote set-url origin https://git.acme.test/octo-org/api.git');
  await page.getByRole('button', { name: 'git does not ask for a password? Replace the cached one' }).click();
  const commands = page.locator('#use-cached').getByRole('button', { name: 'Copy the command', exact: true });
  assert.equal(await commands.count(), 3);
  const expected = [
    "printf 'protocol=https\\nhost=git.acme.test\\n\\n' | git credential reject",
    "printf 'protocol=https\\nhost=git.acme.test\\n\\n' | git credential-osxkeychain erase",
    "printf 'protocol=https\\nhost=git.acme.test\\n\\n' | git credential-manager erase",
  ];
  for (let i = 0; i < 3; i++) {
    await commands.nth(i).click();
    await page.waitForFunction((want) => navigator.clipboard.readText().then((t) => t === want), expected[i]);
  }
  // SAML SSO and GitHub's own form: plain links, new tab, no referrer; nothing requested.
  await page.getByRole('button', { name: 'Using a token from GitHub on the command line' }).click();
  const saml = page.getByRole('link', { name: 'Authorizing a token for SAML SSO (GitHub Docs)' });
  assert.match(await saml.getAttribute('href'), /^https:\/\/docs\.github\.com\/.*authorizing-a-personal-access-token-for-use-with-saml-single-sign-on$/);
  const github = page.getByRole('link', { name: 'Create this token on GitHub instead' });
  const href = new URL(await github.getAttribute('href'));
  assert.equal(href.origin + href.pathname, 'https://github.com/settings/tokens/new');
  assert.equal(href.searchParams.get('description'), 'deploy bot');
  assert.equal(href.searchParams.get('scopes'), 'repo');
  assert.equal(await github.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await github.getAttribute('target'), '_blank');
  assert.ok(!leaks(await page.content(), secret), 'clear text in the DOM');
  assert.deepEqual(seen.urls.filter((u) => !u.startsWith(`${demo.server.origin}/`)), []);
  assert.deepEqual(await axeViolations(page), [], 'the result view with its sections open');
  await screenshot(page, 'create-flow-use-en.png');
  await context.close();
});

test('Done returns the form to its defaults: 30 days, classic, no prefix field, no message', async () => {
  const { context, page } = await openDemo();
  const expiration = page.getByLabel('Expiration', { exact: true });
  await expiration.selectOption('7');
  await page.getByLabel('Token type').selectOption('custom');
  await page.getByLabel('Prefix').fill('acme');
  await mint(page, { scopes: [] });
  await page.getByRole('button', { name: 'Done' }).click();
  assert.equal(await expiration.inputValue(), '30', 'expiration back to 30 days');
  assert.equal(await page.getByLabel('Token type').inputValue(), 'ghp');
  assert.ok(await page.locator('#prefix-field').isHidden(), 'prefix field hidden');
  assert.equal(await page.getByLabel('Note').inputValue(), '');
  // The next token gets 30 days unasked.
  await mint(page, { note: 'second', scopes: [] });
  const [second] = await records(page);
  assert.equal((Date.parse(second.expiresAt) - Date.parse(second.createdAt)) / 86_400_000, 30);
  await context.close();
});

test('Done before the token was copied or revealed asks once', async () => {
  const { context, page } = await openDemo();
  await page.getByLabel('Note').fill('unseen');
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByText('You have not copied or revealed this token').waitFor();
  assert.equal(await page.getByTestId('token').count(), 1, 'still shown');
  await page.getByRole('button', { name: 'Done' }).click();
  assert.equal(await page.getByTestId('token').count(), 0);
  await context.close();
});

for (const lang of ['en', 'ja']) {
  test(`375 px (${lang}): no view pans sideways — form, fine-grained, result, records, a 1000-character Check`, async () => {
    const { context, page } = await openDemo({ width: 375, lang });
    await assertNoOverflow(page, 'create');
    await page.locator('#format').selectOption('github_pat');
    await assertNoOverflow(page, 'fine-grained form');
    await page.locator('#format').selectOption('custom');
    await assertNoOverflow(page, 'custom prefix');
    await page.locator('#format').selectOption('ghp');
    await page.locator('#note').fill('a note that is rather long for a narrow screen');
    await page.getByRole('checkbox', { name: 'repo', exact: true }).check();
    await page.locator('#generate').click();
    await page.getByTestId('token').waitFor();
    await assertNoOverflow(page, 'result');
    await page.locator('.snippets button.disclosure').first().click();
    await page.locator('.snippets button.disclosure').last().click();
    await assertNoOverflow(page, 'result, sections open');
    await screenshot(page, `create-flow-result-375-${lang}.png`);
    await page.locator('#result .actions button').last().click();
    await page.locator('#result .actions button').last().click();
    await page.locator('#note').waitFor();
    await assertNoOverflow(page, 'records saved');
    await page.locator('#check-input').fill('x'.repeat(1000));
    await page.locator('#check-verdict').waitFor();
    await assertNoOverflow(page, 'Check with 1000 characters');
    await page.locator('#redact-input').fill(`${'y'.repeat(3000)}\nghp_${'a'.repeat(36)}`);
    await page.locator('#redact-output').waitFor();
    await assertNoOverflow(page, 'Redact');
    await screenshot(page, `create-flow-375-${lang}.png`);
    await context.close();
  });
}

test('errors follow their cause: gone when the field changes, focus on the first field to fix', async () => {
  const { context, page } = await openDemo();
  const generate = page.getByRole('button', { name: 'Generate token' });
  await generate.click();
  await page.locator('#note-error').getByText('a note is required').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'note');
  await page.getByLabel('Note').fill('x');
  assert.equal(await page.locator('#note-error').textContent(), '', 'note error gone once typed');

  const expiration = page.getByLabel('Expiration', { exact: true });
  await expiration.selectOption('custom');
  await generate.click();
  await page.locator('#expiration-error').getByText('Pick a date between').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'expiration-date');
  await expiration.selectOption('none');
  assert.equal(await page.locator('#expiration-error').textContent(), '', 'no date error under "No expiration"');

  // A 500-character paste into Note is not cut silently.
  await page.getByLabel('Note').fill('n'.repeat(500));
  await page.locator('#note-error').getByText('The note has 500 characters: at most 100').waitFor();
  await generate.click();
  assert.equal(await page.getByTestId('token').count(), 0);
  await context.close();
});

test('prefix mistakes: the specific reason, and what can be fixed is fixed with a note', async () => {
  const { context, page } = await openDemo();
  await page.getByLabel('Token type').selectOption('custom');
  const generate = page.getByRole('button', { name: 'Generate token' });
  await page.getByLabel('Note').fill('prefix test');
  const refused = async (prefix, reason) => {
    await page.getByLabel('Prefix').fill(prefix);
    await generate.click();
    await page.locator('#prefix-error').getByText(reason).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'prefix');
    assert.equal(await page.getByTestId('token').count(), 0, `${prefix} minted`);
  };
  await refused('ghp', "one of GitHub's own prefixes");
  await refused('très', 'has a character outside a–z and 0–9');
  await refused('a'.repeat(17), 'too long: at most 16');
  await refused('9lives', 'must start with a letter');
  await refused('x', 'too short');
  // Fixable: lower-cased, trailing _ dropped, and said.
  await page.getByLabel('Prefix').fill('ACME_');
  await generate.click();
  await page.getByTestId('token').waitFor();
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await page.getByText('Copied to the clipboard').waitFor();
  assert.match(await clipboard(page), /^acme_[0-9A-Za-z]{36}$/);
  await page.getByRole('button', { name: 'Done' }).click();
  await context.close();
});

test('a custom date is the end of that day in the user\'s own time zone, and shown there', async () => {
  const { context, page } = await openDemo();
  const day = await page.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() + 20);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  await page.getByLabel('Note').fill('custom date');
  await page.getByLabel('Expiration', { exact: true }).selectOption('custom');
  await page.getByLabel('Expiration date').fill(day);
  await page.getByText('The token expires at the end of that day').waitFor();
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  assert.equal(await page.getByLabel('Expiration date').getAttribute('min') > today, true, 'min is tomorrow');
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByTestId('token').waitFor();
  const [record] = await records(page);
  const expected = await page.evaluate((d) => {
    const [y, m, dd] = d.split('-').map(Number);
    return new Date(y, m - 1, dd, 23, 59, 59).getTime();
  }, day);
  assert.equal(Date.parse(record.expiresAt), expected, `${record.expiresAt} is the end of ${day} here`);
  // A typed today is refused as the picker's minimum says.
  await page.getByRole('button', { name: 'Reveal' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByLabel('Note').fill('today');
  await page.getByLabel('Expiration', { exact: true }).selectOption('custom');
  await page.getByLabel('Expiration date').fill(today);
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.locator('#expiration-error').getByText('(tomorrow)').waitFor();
  await context.close();
});

test('Check: spaces trimmed and said, honest wording, the formats Redact knows', async () => {
  const { context, page } = await openDemo();
  const secret = await mint(page);
  await page.getByRole('button', { name: 'Done' }).click();
  const check = page.getByLabel('Check a token');
  await check.fill(`  ${secret}\n`);
  await page.getByText('Spaces or line breaks around the token were ignored.').waitFor();
  await page.getByText('Well-formed: ghp_').waitFor();
  assert.match(await page.locator('#check-verdict').textContent(), /does not prove the token is live/);
  await check.fill(`github_pat_${'A'.repeat(22)}_${'b'.repeat(59)}`);
  const fine = await page.locator('#check-verdict').textContent();
  assert.equal(fine.split('no public checksum').length, 2, `said once: ${fine}`);
  await check.fill('AKIAIOSFODNN7EXAMPLE');
  await page.locator('#check-verdict').filter({ hasText: 'patmint does not mint it' }).waitFor();
  assert.doesNotMatch(await page.locator('#check-verdict').textContent(), /unknown/i);
  await context.close();
});

test('feedback where the eye is: Redact\'s confirmation beside its button; the clear counts down in the card', async () => {
  const { context, page } = await openDemo({ clock: true });
  await page.getByLabel('Clear the clipboard after').selectOption('10');
  await mint(page);
  const status = page.locator('#result [role="status"]').first();
  await status.filter({ hasText: 'will be cleared in 10 s' }).waitFor();
  assert.match(await status.textContent(), /^Copied to the clipboard\. The clipboard will be cleared in 10 s/);
  await page.clock.runFor(3_000);
  await status.filter({ hasText: 'will be cleared in 7 s' }).waitFor();
  await page.clock.runFor(8_000);
  await page.getByText('The clipboard was cleared').waitFor();
  await page.getByRole('button', { name: 'Done' }).click();

  await page.locator('#redact-input').fill('nothing here');
  await page.clock.runFor(500); // the panel's debounce
  await page.getByRole('button', { name: 'Copy redacted text' }).click();
  await page.getByText('Redacted text copied.').waitFor();
  const gap = await page.evaluate(() => document.getElementById('redact-status').getBoundingClientRect().top -
    document.getElementById('redact-copy').getBoundingClientRect().bottom);
  assert.ok(gap >= 0 && gap < 40, `confirmation ${gap} px below the button`);
  await context.close();
});

test('a classic note another live classic token has is refused, as GitHub refuses it', async () => {
  const { context, page } = await openDemo();
  await mint(page, { note: 'deploy bot', scopes: [] });
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByLabel('Note').fill('deploy bot');
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.locator('#note-error').getByText('a token with this name already exists').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'note');
  assert.equal((await records(page)).length, 1);
  await context.close();
});

test('Reveal and Hide keep their width: Copy does not jump', async () => {
  const { context, page } = await openDemo();
  await page.getByLabel('Note').fill('width');
  await page.getByRole('button', { name: 'Generate token' }).click();
  const copyX = () => page.getByRole('button', { name: 'Copy', exact: true }).evaluate((b) => b.getBoundingClientRect().left);
  const before = await copyX();
  await page.getByRole('button', { name: 'Reveal' }).click();
  assert.equal(await copyX(), before);
  await context.close();
});

test('the form is usable before the core is instantiated: a Generate pressed then waits for it', async () => {
  // The core held back until the page has shown that it waits.
  const { context, page, seen } = await openDemo({
    until: 'painted',
    beforeLoad: holdBackCore,
  });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), undefined, 'the core is not there yet');
  assert.equal(await page.getByRole('button', { name: 'Generate token' }).isEnabled(), true, 'Generate enabled with the form');
  await page.getByLabel('Note').fill('pressed early');
  await page.getByRole('button', { name: 'Generate token' }).click();
  // Said while it waits (after a moment: a fast load shows nothing), gone once the token is there.
  await page.getByRole('status').filter({ hasText: 'Loading the token generator…' }).waitFor();
  await releaseCore(page);
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await page.getByText('Copied to the clipboard').waitFor();
  const token = await clipboard(page);
  assert.match(token, /^ghp_[A-Za-z0-9]{36}$/);
  assert.equal(await page.locator('#form-status').textContent(), '');
  assert.equal((await records(page)).length, 1, 'one token, one record');
  assert.deepEqual(seen.errors, []);
  await context.close();
});
