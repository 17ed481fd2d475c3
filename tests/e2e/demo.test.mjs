// The demo page in Chromium: mint, mask, reveal, copy, done — with no request leaving the page's
// own origin, no console error, and the secret nowhere in the DOM or storage until revealed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ROOT, serve, launch, watch, screenshot, classicChecksumOk } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serve(join(ROOT, 'www'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openDemo() {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(`${server.origin}/`);
  await page.waitForSelector('html[data-ready="true"]');
  return { context, page, seen };
}

async function storageDump(page) {
  return page.evaluate(() => JSON.stringify({
    local: { ...localStorage },
    session: { ...sessionStorage },
    cookie: document.cookie,
    url: location.href,
  }));
}

test('mint, copy, reveal and forget a token without leaking it', async () => {
  const { context, page, seen } = await openDemo();

  // An empty note is refused with the core's message, and nothing is minted.
  await page.getByRole('button', { name: 'Generate token' }).click();
  await assert.doesNotReject(page.getByText('a note is required').waitFor());
  assert.equal(await page.locator('#result').isHidden(), true);

  await page.getByLabel('Note').fill('ci deploy');
  await page.getByRole('button', { name: 'Generate token' }).click();
  const token = page.getByTestId('token');
  const masked = await token.textContent();
  assert.match(masked, /^ghp_•{32}[0-9A-Za-z]{4}$/);

  await page.getByRole('button', { name: 'Copy' }).click();
  await page.getByText('Copied to the clipboard').waitFor();
  const secret = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(classicChecksumOk(secret), 'the copied token has a valid CRC32 checksum');
  assert.equal(masked.slice(-4), secret.slice(-4));
  const fingerprint = createHash('sha256').update(secret).digest('hex');
  assert.equal(await page.locator('#fingerprint').textContent(), fingerprint);

  // Not revealed: the secret is in no DOM text or attribute, no storage, no URL.
  assert.ok(!(await page.content()).includes(secret.slice(4)), 'secret in the DOM before reveal');
  assert.ok(!(await storageDump(page)).includes(secret.slice(4)), 'secret in storage');
  await screenshot(page, 'demo-masked.png');

  await page.getByRole('button', { name: 'Reveal' }).click();
  assert.equal(await token.textContent(), secret);
  await page.getByRole('button', { name: 'Hide' }).click();
  assert.equal(await token.textContent(), masked);

  await page.getByRole('button', { name: 'Done' }).click();
  assert.equal(await page.locator('#result').isHidden(), true);
  assert.ok(!(await page.content()).includes(secret.slice(4)), 'secret in the DOM after Done');
  assert.ok(!(await storageDump(page)).includes(secret.slice(4)), 'secret in storage after Done');

  const foreign = seen.urls.filter((u) => !u.startsWith(`${server.origin}/`));
  assert.deepEqual(foreign, [], 'requests outside the page origin');
  assert.ok(!server.requests.some((u) => u.includes(secret.slice(4))), 'secret sent to the server');
  assert.deepEqual(seen.errors, [], 'console errors');
  await context.close();
});

test('the CSP forbids every request from script, including to the page origin', async () => {
  const { context, page } = await openDemo();
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /connect-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  const outcome = await page.evaluate(() =>
    fetch('/index.html').then(() => 'fetched', () => 'blocked'));
  assert.equal(outcome, 'blocked');
  await context.close();
});
