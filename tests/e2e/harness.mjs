// Shared end-to-end harness: a static file server on 127.0.0.1, page watching, axe, screenshots
// and independent checks. The browsers (Debian's Chromium and Firefox ESR, no browser download)
// are launched by browsers.mjs, which runs each scenario in both.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { BROWSER, CHROMIUM, CHROMIUM_ARGS, FxPage, launchBrowser, launchExtension } from './browsers.mjs';

export { CHROMIUM, CHROMIUM_ARGS };

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const ARTIFACTS = join(ROOT, 'target', 'e2e');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `dir` on an ephemeral 127.0.0.1 port; records every request path. `cacheable` drops
 * `cache-control: no-store`, which keeps Chromium from putting a page in the back/forward cache.
 */
export async function serve(dir, { cacheable = false } = {}) {
  const base = resolve(dir);
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    const path = new URL(req.url, 'http://x').pathname;
    let file = normalize(join(base, decodeURIComponent(path)));
    if (!file.startsWith(base + sep) && file !== base) {
      res.writeHead(403).end();
      return;
    }
    if (path.endsWith('/')) file = join(file, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        ...(cacheable ? {} : { 'cache-control': 'no-store' }),
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, requests, close: () => new Promise((ok) => server.close(ok)) };
}

/**
 * A browser for web pages with Playwright's Browser API (see browsers.mjs): the one BROWSER
 * names (chromium by default, or firefox) unless `browser` says otherwise. `bfcache` keeps the
 * back/forward cache on (Playwright turns it off in Chromium; Firefox keeps it on).
 */
export function launch({ browser = BROWSER, bfcache = false } = {}) {
  return launchBrowser(browser, bfcache ? { chromium: { ignoreDefaultArgs: ['--disable-back-forward-cache'] } } : {});
}

/**
 * For a test file of the demo page: serves www/ on 127.0.0.1 and launches BROWSER before its tests,
 * closes both after them, and fails the file if anything tried to leave 127.0.0.1 (in both
 * browsers: Firefox goes through a sink proxy that counts, Chromium's pages are watched). Returns `{ server, browser }`, filled in before the first test.
 */
export function servedDemo() {
  const demo = { server: null, browser: null };
  before(async () => {
    demo.server = await serve(join(ROOT, 'www'));
    demo.browser = await launch();
  });
  after(async () => {
    const offMachine = demo.browser?.offMachine();
    await demo.browser?.close();
    await demo.server?.close();
    if (demo.browser) assert.deepEqual(offMachine, [], 'requests beyond 127.0.0.1');
  });
  return demo;
}

/**
 * For a test file of the built extension: launches it in BROWSER (launchExtension) before its
 * tests and closes it after them, then fails the file if any extension context — the popup, the
 * options page, the background, Chrome's offscreen document — made a request beyond the
 * extension's own files, had an error, or wrote a token to its console: a 12-character window
 * (leaks()) of any token the tests saw (`ext.saw(secret)` registers one and returns it), or
 * anything shaped like a token of a known format. Returns the extension (its methods and
 * `origin`, from the first test on) with `saw()`.
 */
export function extensionUnderTest() {
  let ext = null;
  const secrets = [];
  before(async () => {
    ext = await launchExtension(BROWSER, { watch });
  });
  after(async () => {
    if (!ext) return;
    // A line from a page and one from the background must come through, or an empty list
    // would prove nothing.
    await ext.probeConsole('patmint-console-probe');
    const requests = ext.requests();
    const errors = await ext.errors();
    const logged = await ext.console();
    await ext.close();
    assert.deepEqual(requests, [], 'requests from an extension context');
    assert.deepEqual(errors, [], 'errors in an extension context (pages, background)');
    const leaked = logged.filter((line) => TOKEN_SHAPED.test(line) || secrets.some((s) => leaks(line, s)));
    // Reported with every long word masked: a failing test prints no token either.
    assert.deepEqual(leaked.map((l) => l.replace(/[0-9A-Za-z_]{8,}/g, '…')), [], 'a token in the console of an extension context');
  });
  const saw = (secret) => {
    assert.equal(typeof secret, 'string');
    secrets.push(secret);
    return secret;
  };
  return new Proxy({ saw }, {
    get: (own, key) => (key in own ? own[key] : ext?.[key]),
  });
}

/** A token of a format patmint mints, whole, anywhere in a text (custom prefixes aside). */
export const TOKEN_SHAPED = /(?:gh[pousr]_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59})/;

/** Watches a page: console errors, uncaught exceptions and every request URL it makes. */
export function watch(page) {
  const seen = { errors: [], urls: [], console: [], logged: [] };
  page.on('console', (m) => {
    seen.console.push(m.text());
    // The page's own output; Chromium's 'verbose' DOM hints are not the page writing.
    if (m.type() !== 'verbose') seen.logged.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error') seen.errors.push(m.text());
  });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('request', (r) => seen.urls.push(r.url()));
  return seen;
}

/**
 * axe-core violations on the page, as "rule: targets" lines. axe is evaluated through the
 * DevTools protocol, which the page's CSP does not govern: the page is audited as it ships.
 */
export async function axeViolations(page, { rules, within } = {}) {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  return page.evaluate(async ({ rules, within }) => {
    const options = { resultTypes: ['violations'], ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}) };
    const result = await window.axe.run(within ? { include: [within] } : document, options);
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, { rules, within });
}
let axeSource;

/**
 * axe's colour contrast with each kind of button and link hovered, then focused: a :hover or
 * :focus style has colours of its own, which an audit of the page at rest never sees. A kind is
 * a tag with its classes (button.primary, button, button.link, a, …); the first visible,
 * enabled one of each stands for it. Returns the violations as "hover button.primary: rule:
 * targets" lines, and the kinds tried (so that a test can require the ones it means).
 */
export async function axeStates(page) {
  const kinds = await page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll('button, a[href]')) {
      const r = el.getBoundingClientRect();
      if (el.disabled || r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const kind = el.tagName.toLowerCase() + [...el.classList].sort().map((c) => `.${c}`).join('');
      if (found.includes(kind)) continue;
      el.dataset.axeState = String(found.length);
      found.push(kind);
    }
    return found;
  });
  const violations = [];
  for (const [i, kind] of kinds.entries()) {
    const css = `[data-axe-state="${i}"]`;
    const el = page.locator(css);
    const audit = () => axeViolations(page, { rules: ['color-contrast'], within: css });
    await el.hover();
    for (const v of await audit()) violations.push(`hover ${kind}: ${v}`);
    await page.locator('h1').first().hover(); // focused alone, not hovered too
    await el.focus();
    for (const v of await audit()) violations.push(`focus ${kind}: ${v}`);
    await el.evaluate((e) => e.blur());
  }
  await page.evaluate(() => document.querySelectorAll('[data-axe-state]').forEach((e) => delete e.dataset.axeState));
  return { violations, kinds };
}

/** The browser a page belongs to: 'chromium' or 'firefox'. */
export const browserOf = (page) => (page instanceof FxPage ? 'firefox' : 'chromium');

/** Saves target/e2e/<browser>/<name>. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  const dir = join(ARTIFACTS, browserOf(page));
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name), fullPage });
}

// An independent implementation of the checksum rule (a bitwise CRC32 written here + base62),
// so that the browser's output is not checked by the code that produced it.
export function crc32(text) {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * An init script (for `addInitScript`/`beforeLoad`) that holds the page's wasm back: every
 * `WebAssembly.compile` waits until the test calls `releaseCore(page)`. A test that needs the core
 * late decides when it arrives; a fixed delay raced the test on a loaded machine (the core came
 * before the page showed that it waited). Self-contained, as it is serialised into the page.
 */
export function holdBackCore() {
  const compile = WebAssembly.compile;
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  globalThis.releaseCore = release;
  WebAssembly.compile = (bytes) => released.then(() => compile.call(WebAssembly, bytes));
}

/** Lets the wasm that `holdBackCore` holds back compile. */
export function releaseCore(page) {
  return page.evaluate(() => globalThis.releaseCore());
}

/** Presses Done (`name`, in the page's language); a token never copied nor revealed makes Done
 * ask once (issue 16), so it is pressed again while the token is still shown. */
export async function done(page, name = 'Done') {
  await page.getByRole('button', { name }).click();
  if (await page.getByTestId('token').count()) await page.getByRole('button', { name }).click();
}

/**
 * Asserts that `css` names exactly one element of the page and that it is hidden: `isHidden()`
 * alone also passes when nothing matches (a role or label query skips hidden elements, and a
 * renamed one matches nothing at all). Pair it with the shown case, asserted first.
 */
export async function assertHidden(page, css, what) {
  assert.equal(await page.locator(css).count(), 1, `${what}: ${css} is not in the page at all`);
  assert.equal(await page.locator(css).isHidden(), true, `${what}: ${css} is shown`);
}

/**
 * Presses `button` (a locator of a Copy button) and returns what reached the clipboard, which is
 * emptied first: a token an earlier copy left there must not pass for this one. The copy must
 * be of the token on screen: it ends with the last four characters `masked` shows.
 */
export async function copied(page, button, masked) {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '', 'the clipboard could not be emptied');
  await button.click();
  const text = await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t || null));
  const value = typeof text === 'string' ? text : await text.jsonValue();
  assert.ok(value.endsWith(masked.slice(-4)), `the clipboard holds another token than the one shown (…${masked.slice(-4)})`);
  return value;
}

/** Whether any 12-character window of `secret` occurs in `haystack`: a partial leak counts. */
export function leaks(haystack, secret) {
  // An empty or short "secret" (a clipboard read that came back empty) has no window: every
  // haystack would pass.
  if (typeof secret !== 'string' || secret.length < 20) throw new Error(`leaks(): not a token: ${typeof secret}, ${secret?.length} characters`);
  if (typeof haystack !== 'string') throw new Error(`leaks(): the haystack is a ${typeof haystack}, not text`);
  for (let i = 0; i + 12 <= secret.length; i++) {
    const window = secret.slice(i, i + 12);
    // Skip windows made only of the public prefix (e.g. "github_pat_…" starts are not secret).
    if (/^[a-z_]+$/.test(window)) continue;
    if (haystack.includes(window)) return true;
  }
  return false;
}

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export function classicChecksumOk(token) {
  const m = /^gh[pousr]_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/.exec(token);
  if (!m) return false;
  let v = crc32(m[1]);
  let s = '';
  for (let i = 0; i < 6; i++) {
    s = B62[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return s === m[2];
}
