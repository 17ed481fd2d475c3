// The demo page's "Try it as a server would" panel (in the browser BROWSER names): verdicts from
// the verifier package against the records stored on the page, in English and Japanese; the
// package loaded only on use; the token never leaves its password field (not stored, not sent,
// not in the verdict) and is gone when the page is left (back/forward cache included).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, serve, launch, watch, leaks, axeViolations, screenshot } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serve(join(ROOT, 'www'), { cacheable: true });
  browser = await launch({ bfcache: true });
});

after(async () => {
  const offMachine = browser?.offMachine();
  await browser?.close();
  await server?.close();
  if (browser) assert.deepEqual(offMachine, [], 'requests beyond 127.0.0.1 (both browsers)');
});

async function openDemo(lang = 'en') {
  const context = await browser.newContext({
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    viewport: { width: 1000, height: 900 },
  });
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(`${server.origin}/`);
  await page.waitForSelector('html[data-ready="true"]');
  return { context, page, seen };
}

/**
 * A classic token (repo) and a fine-grained one (contents:read on octo-org/api), minted in the
 * page by the minting package, their records stored as the page stores them; the secrets.
 */
const mintTwo = (page) => page.evaluate(async () => {
  const pm = await (await import('./lib/load-patmint.js')).loadPatmint();
  const classic = pm.mint({ format: 'ghp', name: 'ci', scopes: ['repo'], expiresInDays: 30 });
  const fine = pm.mint({
    format: 'github_pat', name: 'deploy', resourceOwner: 'octo-org',
    repositoryAccess: { kind: 'selected', repositories: ['octo-org/api'] },
    permissions: { contents: 'read' }, expiresInDays: 30,
  });
  const stored = JSON.parse(localStorage.getItem('patmint.records') ?? '[]');
  localStorage.setItem('patmint.records', JSON.stringify([classic.record(), fine.record(), ...stored]));
  const out = { classic: classic.reveal(), fine: fine.reveal() };
  classic.free();
  fine.free();
  return out;
});

const verdict = (page) => page.locator('#server-verdict').textContent();

async function verifyWith(page, token, { preset, scopes, permissions, repository } = {}) {
  await page.getByLabel('Token', { exact: true }).fill(token);
  if (preset) await page.getByLabel('Requirement').selectOption(preset);
  if (scopes !== undefined) await page.getByLabel('Classic scopes').fill(scopes);
  if (permissions !== undefined) await page.getByLabel('Fine-grained permissions').fill(permissions);
  if (repository !== undefined) await page.getByLabel('Repository', { exact: true }).fill(repository);
  await page.getByRole('button', { name: 'Verify as a server' }).click();
  await page.locator('#server-verdict').filter({ hasText: /\S/ }).waitFor();
  return verdict(page);
}

test('verdicts against the stored records; the verifier loads on use; nothing of the token leaves the field', async () => {
  const { context, page, seen } = await openDemo();
  const verifierRequests = () => server.requests.filter((u) => u.includes('patmint_verify'));
  assert.deepEqual(verifierRequests(), [], 'verifier package downloaded before it was needed');
  const { classic, fine } = await mintTwo(page);

  assert.equal(await verifyWith(page, classic, { preset: 'clone', repository: 'octo-org/api' }), 'Allowed: the token matches the record “ci”.');
  assert.ok(verifierRequests().length > 0, 'verifier package loaded on first use');
  assert.equal(await page.locator('#server-verdict').getAttribute('class'), 'ok');
  assert.equal(await verifyWith(page, classic, { scopes: 'admin:org' }),
    'Refused (insufficient scope): the record “ci” lacks a required scope.');
  // A repository permission without the repository: refused by the core, and the verdict says why.
  assert.equal(await verifyWith(page, fine, { scopes: '', permissions: 'contents:read', repository: '' }),
    'Refused (repository not allowed): a repository permission needs the repository the request is for, and a server never reads a missing one as “any” (the record “deploy”).');
  await page.getByLabel('Repository', { exact: true }).fill('octo-org/api');
  assert.equal(await verifyWith(page, fine, { preset: 'clone' }), 'Allowed: the token matches the record “deploy”.');
  assert.equal(await verifyWith(page, fine, { preset: 'push' }),
    'Refused (insufficient permission): the record “deploy” lacks a required permission or level.');
  assert.equal(await verifyWith(page, fine, { permissions: 'contents:read', repository: 'octo-org/web' }),
    'Refused (repository not allowed): the record “deploy” does not reach that repository.');
  assert.equal(await page.getByLabel('Requirement').inputValue(), 'custom', 'editing a field makes the requirement custom');
  assert.equal(await verifyWith(page, fine, { preset: 'none' }), 'Allowed: the token matches the record “deploy”.');
  const changed = classic.slice(0, -1) + (classic.at(-1) === 'A' ? 'B' : 'A');
  assert.match(await verifyWith(page, changed), /^Refused \(malformed\)/);
  const other = await page.evaluate(async () =>
    (await (await import('./lib/load-patmint.js')).loadPatmint()).generate('ghp', 1)[0]);
  assert.equal(await verifyWith(page, other), 'Refused (unknown): no stored record has this token’s fingerprint.');
  assert.match(await verifyWith(page, classic, { preset: 'custom', scopes: 'nope', permissions: '', repository: '' }),
    /^Cannot verify: unknown scope in the requirement: "nope"/);
  assert.equal(await page.locator('#server-verdict').getAttribute('class'), 'error');
  await screenshot(page, 'demo-verify-en-light.png');
  assert.deepEqual(await axeViolations(page), [], 'server panel');

  // The token: only in its field — not in the verdict, storage, URL, requests or console.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + location.href
    + document.getElementById('server-verdict').textContent);
  for (const secret of [classic, fine]) {
    assert.ok(!leaks(stored, secret), 'token stored or shown');
    assert.ok(!server.requests.some((u) => leaks(u, secret)), 'token sent');
    assert.ok(!seen.console.some((m) => leaks(m, secret)), 'token in the console');
  }
  assert.equal(await page.getByLabel('Token', { exact: true }).getAttribute('type'), 'password');
  // Nor anywhere in the page: its markup and every other field's value (the token's own field
  // holds the last one tried, and only it).
  assert.equal(await page.locator('#server-token').inputValue(), classic, 'the field holds the last token tried');
  const dom = await page.evaluate(() => document.documentElement.outerHTML
    + [...document.querySelectorAll('input, textarea, select, output')].filter((e) => e.id !== 'server-token').map((e) => e.value).join('\n'));
  for (const secret of [classic, fine]) assert.ok(!leaks(dom, secret), 'token in the page (markup or another field)');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('the git presets ask what docs/nginx-git.conf asks; spaces around a token are not part of it (issue 26.7)', async () => {
  const { context, page, seen } = await openDemo();
  const { classic, fine } = await mintTwo(page);
  const repository = page.getByLabel('Repository', { exact: true });
  // Classic tokens are held to `repo` for a push too, fine-grained ones to contents:write.
  assert.equal(await verifyWith(page, classic, { preset: 'push', repository: 'octo-org/api' }),
    'Allowed: the token matches the record “ci”.');
  assert.equal(await page.getByLabel('Requirement').inputValue(), 'push', 'typing the repository keeps the preset');
  assert.equal(await page.getByLabel('Classic scopes').inputValue(), 'repo');
  assert.equal(await page.getByLabel('Fine-grained permissions').inputValue(), 'contents:write');
  assert.equal(await verifyWith(page, fine, { preset: 'clone' }), 'Allowed: the token matches the record “deploy”.');
  // Without a git preset, a repository is a requirement of the user's own.
  await page.getByLabel('Requirement').selectOption('none');
  await repository.fill('octo-org/api');
  assert.equal(await page.getByLabel('Requirement').inputValue(), 'custom');
  // Pasted with spaces and a line break around it, as Check reads it.
  assert.equal(await verifyWith(page, ` ${classic} \n`, { preset: 'none' }), 'Allowed: the token matches the record “ci”.');
  // A git check without its repository: refused whatever the token, as patmint serve refuses
  // a proxy's empty `repo=`; the field is where the user is sent.
  for (const [token, preset] of [[fine, 'push'], [classic, 'clone'], [classic, 'push']]) {
    assert.equal(await verifyWith(page, token, { preset, repository: '' }),
      'Refused: a git request is for a repository. Enter it as OWNER/NAME: a proxy that cannot tell the repository from the URL sends none, and patmint serve refuses the request, whatever the token.');
    assert.equal(await page.locator('#server-verdict').getAttribute('class'), 'error');
    assert.ok(await repository.evaluate((el) => el === document.activeElement), 'focus on the repository');
  }
  assert.deepEqual(await axeViolations(page), [], 'server panel, no repository');
  await page.locator('#server-verdict').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'demo-verify-no-repository-en.png', { fullPage: false });
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('no records yet: every token is unknown, and the panel says why; an empty field is asked for', async () => {
  const { context, page } = await openDemo();
  await page.getByRole('button', { name: 'Verify as a server' }).click();
  await page.getByText('Paste a token first.').waitFor();
  const token = await page.evaluate(async () =>
    (await (await import('./lib/load-patmint.js')).loadPatmint()).generate('ghp', 1)[0]);
  assert.equal(await verifyWith(page, token),
    'Refused (unknown): no stored record has this token’s fingerprint. There are no stored records yet: every token is unknown to this server.');
  await context.close();
});

test('Japanese: the panel and its verdicts are translated, and axe-clean', async () => {
  const { context, page } = await openDemo('ja');
  const { classic } = await mintTwo(page);
  await page.getByLabel('トークン', { exact: true }).fill(classic);
  await page.getByLabel('必要なもの').selectOption('clone');
  await page.getByRole('button', { name: 'サーバーとして検証' }).click();
  await page.getByText('拒否：git のリクエストはリポジトリに対するものです。OWNER/NAME の形で入力してください。').waitFor();
  await page.locator('#server-repository').fill('octo-org/api');
  await page.getByRole('button', { name: 'サーバーとして検証' }).click();
  await page.getByText('許可：トークンは記録「ci」と一致します。').waitFor();
  await page.getByLabel('クラシックのスコープ').fill('admin:org');
  await page.getByRole('button', { name: 'サーバーとして検証' }).click();
  await page.getByText('拒否（スコープ不足）：記録「ci」には必要なスコープがありません。').waitFor();
  // Switching the language re-renders the verdict.
  await page.getByLabel('言語').selectOption('en');
  await page.getByText('Refused (insufficient scope): the record “ci” lacks a required scope.').waitFor();
  await page.getByLabel('Language').selectOption('ja');
  await page.getByText('拒否（スコープ不足）：記録「ci」には必要なスコープがありません。').waitFor();
  await screenshot(page, 'demo-verify-ja-light.png');
  assert.deepEqual(await axeViolations(page), [], 'server panel (ja)');
  await context.close();
});

test('back/forward cache: the token field and its verdict are emptied when the page is left', async () => {
  const { context, page } = await openDemo();
  const { classic } = await mintTwo(page);
  await verifyWith(page, classic, { preset: 'clone' });
  await page.evaluate(() => addEventListener('pageshow', (e) => { window.restoredFromCache = e.persisted; }));
  await page.goto(`${server.origin}/style.css`);
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.evaluate(() => window.restoredFromCache), true, 'not restored from the back/forward cache');
  assert.equal(await page.getByLabel('Token', { exact: true }).inputValue(), '');
  assert.equal(await verdict(page), '');
  const everything = await page.evaluate(() => document.documentElement.outerHTML
    + [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\n'));
  assert.ok(!leaks(everything, classic), 'the token is still in the page');
  await context.close();
});
