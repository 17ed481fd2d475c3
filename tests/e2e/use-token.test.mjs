// "Use it" on the demo page (issue 26): where a token from this page works, said first and
// plainly; every snippet built for the server the user names (host, variable, owner,
// repository), remembered, refused when it is not a host or a variable name; GitHub's own
// snippets and the SAML note only for the GitHub formats, beside "Create this token on GitHub
// instead", and never copying this token; a copy's status never reports an earlier copy; the
// clipboard clear promising only what the browser allows; code that wraps only at safe points.
// Screenshots of the result view: classic, fine-grained, custom; en/ja; 1280/375.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watch, screenshot, leaks, axeViolations, servedDemo } from './harness.mjs';
import { WORDS, brokenWords } from './wrapping.mjs';

const demo = servedDemo();

async function openDemo({ width = 1280, lang = 'en', clock = false } = {}) {
  const context = await demo.browser.newContext({
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    viewport: { width, height: 900 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.origin });
  const page = await context.newPage();
  if (clock) await page.clock.install();
  const seen = watch(page);
  await page.goto(`${demo.server.origin}/`);
  await page.waitForSelector('html[data-ready="true"]');
  return { context, page, seen };
}

const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

/** Mints a token of `kind` (classic, fine-grained, custom) and copies it; the secret. */
async function mint(page, kind, { lang = 'en' } = {}) {
  const ja = lang === 'ja';
  if (kind === 'fine-grained') {
    await page.locator('#format').selectOption('github_pat');
    await page.locator('#note').fill(ja ? 'デプロイ' : 'deploy');
    await page.locator('#owner').fill('octo-org');
    await page.locator('#repositories').fill('octo-org/api\nocto-org/web');
    await page.locator('#perm-contents').selectOption('write');
  } else if (kind === 'custom') {
    await page.locator('#format').selectOption('custom');
    await page.locator('#prefix').fill('acme');
    await page.locator('#note').fill(ja ? 'ACME の CI' : 'acme ci');
  } else {
    await page.locator('#note').fill(ja ? 'CI のデプロイ' : 'deploy bot');
    await page.getByRole('checkbox', { name: 'repo', exact: true }).check();
  }
  await page.locator('#generate').click();
  await page.getByTestId('token').waitFor();
  await page.locator('#result .actions button.primary').click();
  await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t.length > 30));
  return clipboard(page);
}

/** Clicks the button named `name` and returns what landed on the clipboard. */
async function copied(page, name) {
  await page.evaluate(() => navigator.clipboard.writeText('before'));
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t !== 'before'));
  return clipboard(page);
}

/** The text of every code block of the result view, outside GitHub's own section. */
const ownSnippets = (page) => page.evaluate(() => [...document.querySelectorAll('#result pre code')]
  .filter((c) => !c.closest('#use-github')).map((c) => c.textContent));

test('classic: "Use it" starts with where the token works; every snippet is for the server named', async () => {
  const { context, page, seen } = await openDemo();
  assert.match(await page.locator('#create .muted').first().textContent(), /patmint serve/);
  assert.doesNotMatch(await page.locator('#create .muted').first().textContent(), /the way GitHub does/);
  const secret = await mint(page, 'classic');
  // The first step: where it works, the records, the verifier, the proxy.
  const where = await page.getByTestId('use-where').textContent();
  assert.match(where, /only where its record is registered/i);
  assert.match(where, /patmint serve/);
  assert.match(where, /GitHub .*refuse this one/);
  const order = await page.evaluate(() => [...document.querySelectorAll('#result .snippets h4')].map((h) => h.textContent));
  assert.equal(order[0], 'Where this token works');
  await page.locator('#use-where').getByRole('button', { name: 'Copy the command' }).click();
  await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t.startsWith('patmint serve')));
  assert.equal(await clipboard(page), 'patmint serve --records patmint-records.json --listen 127.0.0.1:8787');
  const nginx = page.getByRole('link', { name: 'nginx (docs/nginx-git.conf)' });
  assert.equal(await nginx.getAttribute('href'), 'https://github.com/patmint/patmint/blob/main/docs/nginx-git.conf');
  assert.ok(await page.locator('#use-where button').filter({ hasText: 'Export records' }).isVisible());

  // Nothing outside GitHub's section points at github.com; the variable is not GITHUB_TOKEN.
  for (const text of await ownSnippets(page)) {
    assert.doesNotMatch(text, /github\.com|GITHUB_TOKEN/, text);
  }
  // The server named: every snippet follows, and it is remembered (the host, never a token).
  await page.getByLabel('Server', { exact: true }).fill('git.acme.test:8443');
  await page.getByLabel('Owner', { exact: true }).fill('acme');
  await page.getByLabel('Repository name', { exact: true }).fill('widgets');
  await page.getByText('$ git clone https://git.acme.test:8443/acme/widgets.git').waitFor();
  assert.equal(await copied(page, 'Copy the read command'), 'read -rs PATMINT_TOKEN && export PATMINT_TOKEN');
  assert.equal(await copied(page, 'Copy the export command'), `export PATMINT_TOKEN=${secret}`);
  assert.equal(await copied(page, 'Copy the token for the password prompt'), secret);
  const commands = page.locator('#result .snippet').filter({ hasText: 'curl -fsS' }).getByRole('button');
  await page.evaluate(() => navigator.clipboard.writeText('before'));
  await commands.click();
  await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t.startsWith('printf')));
  assert.equal(await clipboard(page),
    "printf 'Authorization: Bearer %s\\n' \"$PATMINT_TOKEN\" | curl -fsS -o /dev/null -H @- 'https://git.acme.test:8443/acme/widgets.git/info/refs?service=git-upload-pack' && echo allowed");
  await page.getByRole('button', { name: 'Your remote uses SSH? Switch it to HTTPS' }).click();
  assert.equal(await copied(page, 'Copy the set-url command'), 'git remote set-url origin https://git.acme.test:8443/acme/widgets.git');
  const said = await page.locator('#result .snippet').filter({ hasText: 'credential.https://git.acme.test:8443.helper' }).textContent();
  assert.match(said, /\$PATMINT_TOKEN/);
  const stored = await page.evaluate(() => localStorage.getItem('patmint.server'));
  assert.deepEqual(JSON.parse(stored), { host: 'git.acme.test:8443', variables: {} });

  // A host that is not one, or GitHub: said beside the field, HOST meanwhile, nothing stored.
  await page.getByLabel('Server', { exact: true }).fill('Git Server');
  await page.locator('#use-host-error').filter({ hasText: 'Not a host name' }).waitFor();
  await page.getByText('$ git clone https://HOST/acme/widgets.git').waitFor();
  await page.getByLabel('Server', { exact: true }).fill('github.com');
  await page.locator('#use-host-error').filter({ hasText: 'GitHub accepts only tokens it issued' }).waitFor();
  await page.getByLabel('Server', { exact: true }).fill(secret);
  await page.locator('#use-host-error').filter({ hasText: 'Not a host name' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('patmint.server')), stored);

  // GitHub's own section, for a GitHub format only: the template link, then GitHub's snippets
  // (none copies this token) and the SAML note.
  const github = page.locator('#use-github');
  await github.getByText('GitHub refuses this token').waitFor();
  const template = github.getByRole('link', { name: 'Create this token on GitHub instead' });
  assert.equal(new URL(await template.getAttribute('href')).pathname, '/settings/tokens/new');
  await github.getByRole('button', { name: 'Using a token from GitHub on the command line' }).click();
  const ghRead = await github.locator('pre code').first().textContent();
  assert.equal(ghRead, 'read -rs GITHUB_TOKEN && export GITHUB_TOKEN');
  assert.match(await github.textContent(), /gh \(GitHub CLI\) and GitHub Actions read GITHUB_TOKEN.*git does not/);
  await github.getByRole('link', { name: 'Authorizing a token for SAML SSO (GitHub Docs)' }).waitFor();
  const buttons = github.getByRole('button');
  for (let i = 0; i < await buttons.count(); i++) {
    const button = buttons.nth(i);
    if ((await button.getAttribute('class')) === 'disclosure') continue;
    await page.evaluate(() => navigator.clipboard.writeText('before'));
    await button.click();
    await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t !== 'before'));
    assert.ok(!leaks(await clipboard(page), secret), 'a GitHub snippet copied this token');
  }
  assert.ok(!leaks(await page.content(), secret), 'clear text in the DOM');
  assert.deepEqual(await axeViolations(page), []);

  // Remembered: the next token's snippets use the host at once.
  await page.getByRole('button', { name: 'Done' }).click();
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await page.locator('#note').fill('second');
  await page.locator('#generate').click();
  await page.getByTestId('token').waitFor();
  assert.equal(await page.getByLabel('Server', { exact: true }).inputValue(), 'git.acme.test:8443');
  await page.getByText('$ git clone https://git.acme.test:8443/OWNER/REPO.git').waitFor();
  assert.deepEqual(seen.urls.filter((u) => !u.startsWith(`${demo.server.origin}/`)), []);
  await context.close();
});

test('custom prefix: ACME_TOKEN by default, a variable of one\'s own remembered; no GitHub anywhere', async () => {
  const { context, page } = await openDemo();
  const secret = await mint(page, 'custom');
  assert.equal(await page.getByLabel('Variable name', { exact: true }).inputValue(), 'ACME_TOKEN');
  assert.equal(await page.locator('#use-github').count(), 0);
  assert.equal(await page.getByRole('link', { name: /SAML/ }).count(), 0);
  for (const text of await ownSnippets(page)) assert.doesNotMatch(text, /github\.com|GITHUB_TOKEN/, text);
  assert.doesNotMatch(await page.locator('#result').textContent(), /GITHUB_TOKEN|GitHub refuses|SAML/);
  assert.equal(await copied(page, 'Copy the read command'), 'read -rs ACME_TOKEN && export ACME_TOKEN');
  // What reads the variable is said.
  assert.match(await page.locator('#result').textContent(), /Nothing reads ACME_TOKEN by itself/);

  await page.getByLabel('Variable name', { exact: true }).fill('acme-token');
  await page.locator('#use-variable-error').filter({ hasText: 'Not a variable name' }).waitFor();
  await page.getByText('read -rs ACME_TOKEN && export ACME_TOKEN').waitFor();
  await page.getByLabel('Variable name', { exact: true }).fill('ACME_GIT');
  await page.getByText('read -rs ACME_GIT && export ACME_GIT').waitFor();
  assert.equal(await copied(page, 'Copy the export command'), `export ACME_GIT=${secret}`);
  assert.deepEqual(JSON.parse(await page.evaluate(() => localStorage.getItem('patmint.server'))),
    { host: '', variables: { 'custom:acme': 'ACME_GIT' } });
  assert.ok(!leaks(await page.evaluate(() => JSON.stringify(localStorage)), secret));
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test('fine-grained: the snippets start from the token\'s own owner and repository', async () => {
  const { context, page } = await openDemo();
  await mint(page, 'fine-grained');
  assert.equal(await page.getByLabel('Owner', { exact: true }).inputValue(), 'octo-org');
  assert.equal(await page.getByLabel('Repository name', { exact: true }).inputValue(), 'api');
  await page.getByText('$ git clone https://HOST/octo-org/api.git').waitFor();
  await page.getByLabel('Repository name', { exact: true }).fill('web.git');
  await page.getByText('$ git clone https://HOST/octo-org/web.git').waitFor();
  await page.getByRole('button', { name: 'Your remote uses SSH? Switch it to HTTPS' }).click();
  await page.getByText('git remote set-url origin https://HOST/octo-org/web.git').waitFor();
  const template = page.locator('#use-github').getByRole('link', { name: 'Create this token on GitHub instead' });
  assert.equal(new URL(await template.getAttribute('href')).pathname, '/settings/personal-access-tokens/new');
  await context.close();
});

test('a copy without the token says only that: no news of an earlier copy\'s clear beside it', async () => {
  const { context, page } = await openDemo({ clock: true });
  await page.getByLabel('Clear the clipboard after').selectOption('10');
  await mint(page, 'classic');
  const main = page.locator('#result [role="status"]').first();
  await main.filter({ hasText: 'will be cleared in 10 s' }).waitFor();
  // The pending clear says what the browser allows: the focus, or coming back; never "at once".
  const pending = await main.textContent();
  assert.match(pending, /if this page has the focus then, otherwise when you come back to it/);
  assert.match(pending, /Close this tab before that and the token stays on the clipboard/);
  assert.doesNotMatch(pending, /clears it at once/);

  await page.getByRole('button', { name: 'Copy the read command', exact: true }).click();
  const read = page.locator('#result .snippets > .snippet').filter({ hasText: 'read -rs' }).locator('[role="status"]');
  await read.filter({ hasText: 'Copied.' }).waitFor();
  await page.clock.runFor(3_000);
  assert.equal(await read.textContent(), 'Copied.');
  await page.clock.runFor(10_000);
  assert.equal(await read.textContent(), 'Copied.', 'the earlier copy\'s clear reported here');
  assert.equal(await clipboard(page), 'read -rs PATMINT_TOKEN && export PATMINT_TOKEN', 'the clipboard left as is');
  await context.close();
});


for (const lang of ['en', 'ja']) {
  for (const width of [1280, 375]) {
    test(`screenshots and safe wrapping (${lang}, ${width} px): classic, fine-grained, custom`, async () => {
      for (const kind of ['classic', 'fine-grained', 'custom']) {
        const { context, page } = await openDemo({ width, lang });
        await mint(page, kind, { lang });
        await page.locator('#use-host').fill('git.acme.test');
        const toggles = page.locator('#result button.disclosure');
        for (let i = 0; i < await toggles.count(); i++) await toggles.nth(i).click();
        assert.deepEqual(await brokenWords(page, WORDS), [], `${kind}: code broken mid-word`);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
        assert.ok(scrollWidth <= innerWidth, `${kind}: ${scrollWidth} px wide in ${innerWidth}`);
        if (width === 375) assert.deepEqual(await axeViolations(page), [], `${kind} ${lang} 375`);
        // The result view alone (the page below it is the same for every kind).
        await page.evaluate(() => {
          for (const el of document.querySelectorAll('main > :not(#result), main > #result ~ *')) el.style.display = 'none';
        });
        await screenshot(page, `use-${kind}-${lang}-${width}.png`);
        await context.close();
      }
    });
  }
}
