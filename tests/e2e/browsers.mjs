// One test body, two browsers. Each e2e scenario is written once against Playwright's page API
// (the subset below) and runs in Debian's Chromium and Debian's Firefox ESR:
//
// - Chromium is driven by playwright-core itself: its pages are Playwright pages, unchanged.
// - Firefox is driven by puppeteer-core over WebDriver BiDi (Playwright cannot drive a stock
//   Firefox, it needs its own patched build), behind `FxPage`, a small Playwright-compatible facade:
//   getByRole/getByLabel/getByText/getByTestId/locator chains resolved in the page by locate.mjs,
//   clicks as real input events, fill/selectOption as the input/change events Playwright sends.
//
// Why not puppeteer for both: every scenario already speaks Playwright, and so do the scenarios
// other branches are adding; Playwright's auto-waiting, clock and download handling stay exactly
// as they are in Chromium, and the lead's Chromium-only options (e.g. the back/forward cache)
// keep working. The facade is the only new surface, and it is held to Playwright's behaviour by
// running the same assertions that pass in Chromium.
//
// The browser is chosen per run: BROWSER=chromium (the default) or BROWSER=firefox; build.sh runs
// the suite once in each. (An environment variable rather than a describe() per browser keeps the
// scenario files flat: each `test()` is written, and merged, exactly as before.)
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { locate } from './locate.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
export const CHROMIUM_ARGS = [
  '--no-sandbox', // root in CI containers
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
export const BROWSER = process.env.BROWSER ?? 'chromium';
if (!['chromium', 'firefox'].includes(BROWSER)) throw new Error(`BROWSER=${BROWSER}: chromium or firefox`);

// The Firefox package's gecko id (extension/manifest.json) and the moz-extension UUID pinned for
// it, so that extension pages have a fixed origin.
const GECKO_ID = 'patmint@patmint.invalid';
const FIREFOX_UUID = '3f1c5a2e-7b4d-4e8a-9c61-2d5e8f0a7b13';

/**
 * A proxy that refuses and records everything. Firefox is pointed at it, so any request that
 * would leave the machine (or, with `loopback`, leave the browser at all) shows up in `seen`.
 */
async function sinkProxy() {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(403).end();
  });
  server.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { port: server.address().port, seen, close: () => new Promise((ok) => server.close(ok)) };
}

async function launchFirefox({ loopback = false, console: keepConsole = false } = {}) {
  const sink = await sinkProxy();
  const downloads = await mkdtemp(join(tmpdir(), 'patmint-dl-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    headless: true,
    executablePath: FIREFOX,
    // Extension pages (moz-extension:) and the chrome-scope helpers below need system access.
    args: ['--remote-allow-system-access'],
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      // Lets a web page read what another origin (an extension) wrote, without a user prompt.
      'dom.events.testing.asyncClipboard': true,
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': sink.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': sink.port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': loopback,
      'services.settings.server': 'data:,#remote-settings-dummy/v1',
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      'intl.accept_languages': 'en-US',
      // Every console call of every content and extension document (pages, background) is
      // written to stdout, which `console` below collects: from the first line, unlike BiDi.
      ...(keepConsole ? { 'devtools.console.stdout.content': true } : {}),
    },
  });
  // One entry per console call: a message's own line breaks stay in its entry.
  let stdout = '';
  if (keepConsole) browser.process().stdout.on('data', (chunk) => { stdout += chunk; });
  const consoleLines = () => stdout.split(/\n(?=console\.\w+: )/).filter((e) => /^console\.\w+: /.test(e));
  // The sink must be live, or its empty list would prove nothing: one request that must reach it.
  const probe = await browser.newPage();
  await probe.goto('http://sink-check.invalid/').catch(() => {});
  await probe.close();
  const check = sink.seen.findIndex((r) => r.startsWith('GET http://sink-check.invalid/'));
  if (check < 0) throw new Error(`the sink proxy saw nothing of a probe request: ${sink.seen}`);
  sink.seen.splice(0, Infinity, ...sink.seen.filter((r) => !r.includes('sink-check.invalid')));
  // The probe page's favicon request may reach the sink after this point: it is left out when
  // the list is read (offMachine, requests), not only here.
  sink.probe = (r) => r.includes('sink-check.invalid');
  const connection = browser.connection;
  /** Evaluates `expression` in the browser's own (chrome) window, with its privileges. */
  async function chromeEval(expression) {
    const { result: tree } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const { result } = await connection.send('script.evaluate', {
      expression, target: { context: tree.contexts[0].context }, awaitPromise: true,
    });
    if (result.type === 'exception') throw new Error(`chrome eval: ${result.exceptionDetails.text}`);
    return result.result?.value;
  }
  const setPref = (name, value) => chromeEval(`Services.prefs.${typeof value === 'number' ? 'setIntPref' : 'setStringPref'}(${JSON.stringify(name)}, ${JSON.stringify(value)})`);
  return { browser, sink, downloads, chromeEval, setPref, consoleLines,
    async close() {
      await browser.close();
      await sink.close();
      await rm(downloads, { recursive: true, force: true });
    } };
}

/** Whether a request to `url` stays on this machine's loopback (or in the page). */
function staysOnLoopback(url) {
  const { protocol, hostname } = new URL(url);
  return ['data:', 'blob:', 'about:'].includes(protocol) || hostname === '127.0.0.1';
}

/**
 * A browser for web pages, with Playwright's Browser API: `newContext(options)` (colorScheme,
 * locale, viewport, acceptDownloads) → a context with `newPage()`, `grantPermissions()` and
 * `close()`; `newPage(options)`: a page in a context of its own; `close()`. In Chromium it is
 * Playwright's Browser itself. One addition: `offMachine()` lists what the browser tried to send
 * beyond 127.0.0.1 (Firefox: every request the sink proxy saw; Chromium: every request and
 * WebSocket of every page of every context it made). `options.chromium` goes to Playwright's
 * launch (e.g. `ignoreDefaultArgs: ['--disable-back-forward-cache']`).
 */
export async function launchBrowser(name, options = {}) {
  if (name === 'chromium') {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, ...options.chromium });
    // Every request of every page (and worker) of every context, as Firefox's sink would see
    // it: whatever was not for 127.0.0.1 (nor data:, blob:, about:, which stay in the page).
    const beyond = [];
    const watchContext = (context) => {
      context.on('request', (r) => {
        if (!staysOnLoopback(r.url())) beyond.push(`${r.method()} ${r.url()}`);
      });
      const sockets = (page) => page.on('websocket', (ws) => {
        if (!staysOnLoopback(ws.url())) beyond.push(`WEBSOCKET ${ws.url()}`);
      });
      context.pages().forEach(sockets);
      context.on('page', sockets);
      return context;
    };
    const newContext = browser.newContext.bind(browser);
    const newPage = browser.newPage.bind(browser);
    return Object.assign(browser, {
      newContext: async (contextOptions) => watchContext(await newContext(contextOptions)),
      newPage: async (pageOptions) => {
        const page = await newPage(pageOptions);
        watchContext(page.context());
        return page;
      },
      offMachine: () => [...beyond],
    });
  }
  if (name !== 'firefox') throw new Error(`unknown browser ${name}`);
  const fx = await launchFirefox();
  // acceptDownloads: Firefox's downloads always go to `downloads` (prefs above).
  const newContext = async (options) => {
    const { colorScheme = 'light', locale = 'en-US', viewport = { width: 1280, height: 720 } } =
      only('newContext', options, ['colorScheme', 'locale', 'viewport', 'acceptDownloads']);
    // Colour scheme and language are browser-wide prefs in Firefox: the scenarios open their
    // pages one after the other, so each context's pages get what it asked for.
    await fx.setPref('layout.css.prefers-color-scheme.content-override', colorScheme === 'dark' ? 0 : 1);
    await fx.setPref('intl.accept_languages', locale === 'en-US' ? 'en-US, en' : `${locale}, ${locale.split('-')[0]}`);
    const context = await fx.browser.createBrowserContext();
    return {
      async newPage() {
        const page = new FxPage(await context.newPage(), { downloads: fx.downloads, setPref: fx.setPref });
        if (viewport) await page.raw.setViewport(viewport);
        return page;
      },
      // Clipboard access is granted browser-wide by the pref dom.events.testing.asyncClipboard.
      async grantPermissions() {},
      close: () => context.close(),
    };
  };
  return {
    newContext,
    async newPage(options) {
      const context = await newContext(options);
      const page = await context.newPage();
      page.onClose = () => context.close();
      return page;
    },
    offMachine: () => fx.sink.seen.filter((r) => !fx.sink.probe(r)),
    close: () => fx.close(),
  };
}

/**
 * The built extension (dist/chrome or dist/firefox) loaded in a browser.
 * - `open(path, { until, beforeLoad })`: an extension page, as `{ tab, seen }`, once <html> has
 *   `data-<until>` (default `ready`: the core instantiated; `painted`: the form drawn); the
 *   function `beforeLoad` runs in the page before its own scripts (Chromium only: Firefox runs
 *   no preload script in extension pages).
 * - `dispatchMenuClick(info)`: the browser's context-menu click, delivered to the background's
 *   `contextMenus.onClicked` listener with `info` (neither browser lets a test open its own
 *   context menu).
 * - `errors()`: uncaught errors (and console errors where the browser reports them) of every
 *   extension context, the background included. Firefox: the browser's console service, which
 *   sees its extension processes' script errors (CSP violations included) from the first line.
 * - `requests()`: every request any extension context made outside the extension's own files:
 *   Chromium reports the pages' and the service worker's; in Firefox everything but the
 *   extension's files goes through the sink proxy (loopback included). (A Firefox extension
 *   page's own `seen.urls` holds only its URL: neither BiDi nor the page's resource timing
 *   reports moz-extension: loads.)
 * - `console()`: every line any extension context (pages, background, Chrome's offscreen
 *   document) wrote to its console, as the browser itself logged it from the first line:
 *   Chromium's log file (`--enable-logging`: its "CONSOLE" lines), Firefox's stdout
 *   (`devtools.console.stdout.content`). `probeConsole()` writes a line from an extension page
 *   and from the background and resolves once `console()` has both: the collection is live.
 * - `options.chromium`: passed to Playwright's launchPersistentContext.
 */
export async function launchExtension(name, { watch, chromium: chromiumOptions } = {}) {
  if (name === 'chromium') {
    const ext = resolve(ROOT, 'dist', 'chrome');
    const profile = await mkdtemp(join(tmpdir(), 'patmint-ext-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: false, // extensions need the new headless mode, asked for explicitly below
      args: [...CHROMIUM_ARGS, '--headless=new', `--disable-extensions-except=${ext}`, `--load-extension=${ext}`,
        '--enable-logging', `--log-file=${join(profile, 'browser.log')}`],
      viewport: { width: 420, height: 720 },
      ...chromiumOptions,
    });
    const requests = [];
    context.on('request', (r) => requests.push(r.url()));
    const errors = [];
    context.on('weberror', (e) => errors.push(String(e.error())));
    context.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const origin = `chrome-extension://${new URL(worker.url()).host}`;
    return {
      name,
      origin,
      async open(path, { until = 'ready', beforeLoad } = {}) {
        const tab = await context.newPage();
        const seen = watch(tab);
        await tab.goto(`${origin}/${path}`);
        if (beforeLoad) {
          // Scripts for new documents do not follow the tab into the extension's process:
          // added once it is there, they run from the reload on.
          await tab.addInitScript(beforeLoad);
          await tab.reload();
        }
        await tab.waitForSelector(`html[data-${until}="true"]`);
        return { tab, seen };
      },
      async dispatchMenuClick(info) {
        // The service worker may have been stopped since: ask for the current one.
        const current = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
        await current.evaluate((i) => chrome.contextMenus.onClicked.dispatch(i, { id: 1, url: i.pageUrl }), info);
      },
      requests: () => requests.filter((u) => !u.startsWith(`${origin}/`)),
      errors: () => [...errors],
      async console() {
        const log = await readFile(join(profile, 'browser.log'), 'utf8').catch(() => '');
        // One entry per log message: a console message's own line breaks stay in its entry.
        return log.split(/\n(?=\[\d+:\d+:[\d/.]+:[A-Z]+:)/).filter((e) => /^\[[^\]]*:CONSOLE[:(]/.test(e));
      },
      async probeConsole(marker) {
        const { tab } = await this.open('options.html');
        await tab.evaluate((m) => console.log(`${m} page`), marker);
        await tab.close();
        const current = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
        await current.evaluate((m) => console.log(`${m} background`), marker);
        await until(async () => {
          const lines = await this.console();
          return ['page', 'background'].every((w) => lines.some((l) => l.includes(`${marker} ${w}`)));
        }, `console lines ${marker}`);
      },
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  }
  const fx = await launchFirefox({ loopback: true, console: true });
  const origin = `moz-extension://${FIREFOX_UUID}`;
  // Registered before the install, so that the background's first errors are seen too.
  await fx.chromeEval(`window.__patmintErrors = [];
    Services.console.registerListener({ observe(m) {
      if (m instanceof Ci.nsIScriptError && !(m.flags & Ci.nsIScriptError.warningFlag)
        && m.sourceName.startsWith(${JSON.stringify(origin)})) {
        window.__patmintErrors.push(m.sourceName + ':' + m.lineNumber + ' ' + m.errorMessage);
      }
    } }), true`);
  await fx.browser.installExtension(resolve(ROOT, 'dist', 'firefox'));
  return {
    name,
    origin,
    async open(path, { until = 'ready', beforeLoad } = {}) {
      const tab = new FxPage(await fx.browser.newPage(), { extension: true, setPref: fx.setPref });
      await tab.raw.setViewport({ width: 420, height: 720 });
      const seen = watch(tab);
      // Firefox runs no preload script in its extension pages: `beforeLoad` is not supported.
      if (beforeLoad) throw new Error('open(path, { beforeLoad }): Firefox runs no script before an extension page\'s own');
      await tab.goto(`${origin}/${path}`);
      await tab.waitForSelector(`html[data-${until}="true"]`);
      return { tab, seen };
    },
    async dispatchMenuClick(info) {
      // What Firefox's own menu does on a click (browser/components/extensions/parent/ext-menus.js):
      // the extension emits "webext-menu-menuitem-click", which the background's onClicked gets.
      await fx.chromeEval(`WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)}).extension
        .emit('webext-menu-menuitem-click', ${JSON.stringify(info)}, undefined), true`);
    },
    requests: () => fx.sink.seen.filter((r) => !fx.sink.probe(r)),
    errors: () => fx.chromeEval('JSON.stringify(window.__patmintErrors)').then(JSON.parse),
    console: async () => fx.consoleLines(),
    async probeConsole(marker) {
      const { tab } = await this.open('options.html');
      await tab.evaluate((m) => console.log(`${m} page`), marker);
      // The background page: the context-menu listener's document (Firefox runs it there).
      await tab.evaluate((m) => browser.runtime.getBackgroundPage().then((bg) => bg.console.log(`${m} background`)), marker);
      await tab.close();
      await until(async () => ['page', 'background'].every((w) => fx.consoleLines().some((l) => l.includes(`${marker} ${w}`))),
        `console lines ${marker}`);
    },
    close: () => fx.close(),
  };
}

/** Polls `ready()` until it resolves truthy; fails after TIMEOUT. */
async function until(ready, what) {
  const deadline = Date.now() + TIMEOUT;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timeout: ${what}`);
    await sleep(50);
  }
}

// ---------------------------------------------------------------------------------------------
// Firefox: a Playwright-compatible facade over a puppeteer (WebDriver BiDi) page.

const TIMEOUT = 30_000; // Playwright's default for actions and waits
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const matcher = (m, exact = false) => (m instanceof RegExp ? { regex: { source: m.source, flags: m.flags } } : { string: m, exact });

/**
 * `options` if the facade implements every key of it (`keys`), else an error: a Playwright
 * option silently ignored (e.g. `locator(css, { has })`) would let a scenario pass in Firefox
 * while checking less than it says.
 */
export function only(what, options, keys = []) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') throw new TypeError(`Firefox facade: ${what}(…, ${options}): an options object`);
  const extra = Object.keys(options).filter((k) => !keys.includes(k) && options[k] !== undefined);
  if (extra.length) throw new Error(`Firefox facade: ${what}(…, { ${extra.join(', ')} }) is not implemented`);
  return options;
}

// One in-page function: resolve the chain, then apply `op` to the elements found.
const RUN = new Function('steps', 'op', 'arg', `
  const locate = ${locate.toString()};
  const els = locate(steps);
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  const one = () => { if (els.length > 1) throw new Error('strict mode violation: ' + els.length + ' elements for ' + JSON.stringify(steps)); return els[0]; };
  switch (op) {
    case 'count': return els.length;
    case 'texts': return els.map((e) => e.textContent);
    case 'anyVisible': return els.some(visible);
    case 'state': {
      const e = one();
      if (!e) return null;
      return { visible: visible(e), disabled: e.matches(':disabled'), checked: !!e.checked, text: e.textContent,
        value: 'value' in e ? e.value : null, attr: arg ? e.getAttribute(arg) : null };
    }
    case 'fill': case 'select': {
      const e = one();
      if (!e) return false;
      e.focus();
      let value = arg;
      if (op === 'select') {
        const o = [...e.options].find((o) => o.value === arg) ?? [...e.options].find((o) => o.label === arg);
        if (!o) throw new Error('no option ' + arg);
        value = o.value;
      }
      const proto = Object.getPrototypeOf(e);
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, value);
      e.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      e.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    }
    case 'element': return one() ?? null;
  }
  throw new Error('unknown op ' + op);
`);

class FxLocator {
  constructor(page, steps) {
    this.page = page;
    this.steps = steps;
  }

  #with(...steps) { return new FxLocator(this.page, [...this.steps, ...steps]); }
  locator(css, options) {
    const { hasText } = only('locator', options, ['hasText']);
    return hasText === undefined ? this.#with({ css }) : this.#with({ css }, { hasText: matcher(hasText) });
  }
  getByText(text, options) { return this.#with({ text: matcher(text, only('getByText', options, ['exact']).exact) }); }
  getByLabel(text, options) { return this.#with({ label: matcher(text, only('getByLabel', options, ['exact']).exact) }); }
  getByRole(role, options) {
    const { name, exact } = only('getByRole', options, ['name', 'exact']);
    return this.#with({ role, name: name === undefined ? undefined : matcher(name, exact) });
  }
  getByTestId(testid, options) { only('getByTestId', options); return this.#with({ testid }); }
  getByPlaceholder(text, options) { return this.#with({ placeholder: matcher(text, only('getByPlaceholder', options, ['exact']).exact) }); }
  filter(options) {
    const { hasText } = only('filter', options, ['hasText']);
    if (hasText === undefined) throw new Error('Firefox facade: filter() needs hasText');
    return this.#with({ hasText: matcher(hasText) });
  }
  first() { return this.#with({ nth: 0 }); }
  last() { return this.#with({ nth: -1 }); }
  nth(n) { return this.#with({ nth: n }); }

  #run(op, arg) { return this.page.run(this.steps, op, arg); }

  /** Polls until the (single) element is there and `ready(state)`; returns its state. */
  async #wait(ready = () => true, what = 'attached') {
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const state = await this.#run('state');
      if (state && ready(state)) return state;
      if (Date.now() > deadline) throw new Error(`timeout: ${JSON.stringify(this.steps)} never ${what}`);
      await sleep(50);
    }
  }

  async count() { return this.#run('count'); }
  async allTextContents() { return this.#run('texts'); }
  async textContent(options) { only('textContent', options); return (await this.#wait()).text; }
  async inputValue(options) { only('inputValue', options); return (await this.#wait()).value; }
  async getAttribute(name, options) {
    only('getAttribute', options);
    await this.#wait();
    return (await this.#run('state', name)).attr;
  }
  async innerText(options) { only('innerText', options); return this.evaluate((e) => e.innerText); }
  async scrollIntoViewIfNeeded() {
    await this.#wait();
    await this.evaluate((e) => e.scrollIntoView({ block: 'nearest' }));
  }
  async isChecked(options) { only('isChecked', options); return (await this.#wait()).checked; }
  async isDisabled(options) { only('isDisabled', options); return (await this.#wait()).disabled; }
  async isEnabled(options) { only('isEnabled', options); return !(await this.#wait()).disabled; }
  async isVisible(options) { only('isVisible', options); return (await this.#run('state'))?.visible ?? false; }
  async isHidden(options) { only('isHidden', options); return !(await this.isVisible()); }

  async waitFor(options) {
    const { state = 'visible', timeout = TIMEOUT } = only('waitFor', options, ['state', 'timeout']);
    const deadline = Date.now() + timeout;
    const done = {
      visible: async () => this.#run('anyVisible'),
      hidden: async () => !(await this.#run('anyVisible')),
      attached: async () => (await this.#run('count')) > 0,
      detached: async () => (await this.#run('count')) === 0,
    }[state];
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timeout: ${JSON.stringify(this.steps)} never ${state}`);
      await sleep(50);
    }
  }

  async evaluate(fn, arg) {
    await this.#wait();
    const handle = await this.page.raw.evaluateHandle(RUN, this.steps, 'element');
    try {
      return await handle.evaluate(fn, arg);
    } finally {
      await handle.dispose();
    }
  }

  async click(options) {
    only('click', options);
    await this.#wait((s) => s.visible && !s.disabled, 'visible and enabled');
    const handle = await this.page.raw.evaluateHandle(RUN, this.steps, 'element');
    try {
      await handle.click(); // real pointer events (BiDi input.performActions): user activation
    } finally {
      await handle.dispose();
    }
    await this.page.drain();
  }

  async focus() { await this.evaluate((e) => e.focus()); }

  /** Moves the pointer over the element (real pointer events): its :hover styles apply. */
  async hover(options) {
    only('hover', options);
    await this.#wait((s) => s.visible, 'visible');
    const handle = await this.page.raw.evaluateHandle(RUN, this.steps, 'element');
    try {
      await handle.hover();
    } finally {
      await handle.dispose();
    }
    await this.page.drain();
  }

  /** Focuses the element, then presses `key` (Playwright's key names: 'Enter', 'Tab', …). */
  async press(key, options) {
    only('press', options);
    await this.focus();
    await this.page.raw.keyboard.press(key);
    await this.page.drain();
  }

  async check(options) { only('check', options); await this.#setChecked(true); }
  async uncheck(options) { only('uncheck', options); await this.#setChecked(false); }
  async #setChecked(want) {
    const state = await this.#wait((s) => s.visible, 'visible');
    if (state.checked !== want) await this.click();
    await this.#wait((s) => s.checked === want, want ? 'checked' : 'unchecked');
  }

  async fill(value, options) {
    only('fill', options);
    if (typeof value !== 'string') throw new TypeError('Firefox facade: fill() takes a string');
    await this.#wait((s) => s.visible && !s.disabled, 'visible and enabled');
    await this.#run('fill', value);
    await this.page.drain();
  }

  async selectOption(value, options) {
    only('selectOption', options);
    if (typeof value !== 'string') throw new Error('Firefox facade: selectOption() takes one value or label (a string)');
    await this.#wait((s) => s.visible && !s.disabled, 'visible and enabled');
    await this.#run('select', value);
    await this.page.drain();
  }
}

// Collects console output and errors inside the page (Firefox reports neither for extension
// pages over BiDi), read back by FxPage.drain(). Installed once the page has loaded (preload
// scripts do not run in extension pages); launchExtension's errors() covers the load.
function hookPage() {
  if (window.__e2e) return;
  const q = { console: [], errors: [], resources: 0 };
  window.__e2e = q;
  for (const type of ['log', 'info', 'warn', 'error', 'debug']) {
    const original = console[type];
    console[type] = (...args) => {
      q.console.push({ type: type === 'warn' ? 'warning' : type, text: args.map(String).join(' ') });
      return original.apply(console, args);
    };
  }
  addEventListener('error', (e) => q.errors.push(String(e.error ?? e.message)));
  addEventListener('unhandledrejection', (e) => q.errors.push(String(e.reason)));
}

// A fake clock for Firefox pages, like Playwright's `page.clock`: timers run only when the test
// says so (`runFor`), Date and performance.now() follow.
function installClock() {
  if (window.__clock) return;
  let now = Date.now();
  const start = now;
  const realNow = performance.now.bind(performance);
  const perfStart = realNow();
  const timers = new Map();
  let nextId = 1;
  const add = (fn, delay, args, repeat) => {
    const id = nextId++;
    timers.set(id, { fn, at: now + Math.max(0, Number(delay) || 0), args, repeat: repeat ? Math.max(1, Number(delay) || 0) : 0 });
    return id;
  };
  window.setTimeout = (fn, delay, ...args) => add(fn, delay, args, false);
  window.setInterval = (fn, delay, ...args) => add(fn, delay, args, true);
  window.clearTimeout = window.clearInterval = (id) => timers.delete(id);
  const RealDate = Date;
  window.Date = class extends RealDate {
    constructor(...args) { super(...(args.length ? args : [now])); }
    static now() { return now; }
  };
  performance.now = () => perfStart + (now - start);
  window.__clock = {
    runFor(ms) {
      const end = now + ms;
      for (;;) {
        let due = null;
        for (const [id, t] of timers) if (t.at <= end && (!due || t.at < due[1].at)) due = [id, t];
        if (!due) break;
        const [id, t] = due;
        now = t.at;
        if (t.repeat) t.at += t.repeat; else timers.delete(id);
        if (typeof t.fn === 'function') t.fn(...t.args);
      }
      now = end;
    },
  };
}

export class FxPage {
  constructor(raw, { extension = false, downloads, setPref } = {}) {
    this.raw = raw;
    this.extension = extension;
    this.downloads = downloads;
    this.setPref = setPref;
    this.listeners = { console: [], pageerror: [], request: [], dialog: [] };
    // puppeteer's Dialog (type(), message(), accept(), dismiss()) is Playwright's. Unheard, a
    // dialog is handled as Playwright does: "leave this page?" accepted, any other dismissed.
    raw.on('dialog', (dialog) => {
      if (this.listeners.dialog.length) this.listeners.dialog.forEach((fn) => fn(dialog));
      else (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()).catch(() => {});
    });
    this.clockInstalled = false;
    const emit = (event, value) => this.listeners[event].forEach((fn) => fn(value));
    if (!extension) {
      raw.on('console', (m) => emit('console', { type: () => m.type(), text: () => m.text() }));
      raw.on('pageerror', (e) => emit('pageerror', e));
      raw.on('request', (r) => emit('request', { url: () => r.url() }));
    }
    this.emit = emit;
    this.clock = {
      install: async () => {
        this.clockInstalled = true;
        await raw.evaluateOnNewDocument(installClock);
      },
      runFor: async (ms) => {
        await raw.evaluate((t) => window.__clock.runFor(t), ms);
        await this.drain();
      },
    };
  }

  setViewportSize({ width, height }) { return this.raw.setViewport({ width, height }); }

  /**
   * Like Playwright's, for `colorScheme` only. Firefox's colour scheme is a browser-wide pref
   * (as newContext's): every page of the browser follows it, live.
   */
  async emulateMedia(options) {
    const { colorScheme } = only('emulateMedia', options, ['colorScheme']);
    if (colorScheme !== 'light' && colorScheme !== 'dark') throw new Error(`emulateMedia: colorScheme ${colorScheme}`);
    await this.setPref('layout.css.prefers-color-scheme.content-override', colorScheme === 'dark' ? 0 : 1);
    await this.waitForFunction((dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark, colorScheme === 'dark');
  }
  viewportSize() { return this.raw.viewport(); }

  on(event, fn) {
    if (event === 'close') this.raw.on(event, fn);
    else this.listeners[event].push(fn);
  }
  run(steps, op, arg) { return this.raw.evaluate(RUN, steps, op, arg); }

  /** Extension pages: hands what the in-page hook collected to the listeners. */
  async drain() {
    if (!this.extension) return;
    const got = await this.raw.evaluate(() => {
      const q = window.__e2e;
      if (!q) return null;
      const urls = performance.getEntriesByType('resource').slice(q.resources).map((e) => e.name);
      q.resources += urls.length;
      return { console: q.console.splice(0), errors: q.errors.splice(0), urls };
    }).catch(() => null);
    if (!got) return;
    for (const m of got.console) this.emit('console', { type: () => m.type, text: () => m.text });
    for (const e of got.errors) this.emit('pageerror', e);
    for (const u of got.urls) this.emit('request', { url: () => u });
  }

  /** Runs `fn` in every document of this page before its own scripts (content pages only). */
  async addInitScript(fn) {
    await this.raw.evaluateOnNewDocument(fn);
  }

  async goto(url, options) {
    const { waitUntil = 'load' } = only('goto', options, ['waitUntil']);
    if (this.extension) {
      // page.goto() never sees a load event in extension pages (Firefox drops BiDi events of
      // extension-process pages): navigate the browsing context directly (internal API, hence
      // the pinned puppeteer-core version).
      await this.#context.navigate(url, 'complete');
      await this.raw.evaluate(hookPage);
      this.emit('request', { url: () => url });
      await this.drain();
    } else if (waitUntil === 'commit') {
      await this.#context.navigate(url, 'none');
    } else {
      await this.raw.goto(url, { waitUntil: waitUntil === 'domcontentloaded' ? 'domcontentloaded' : 'load' });
    }
  }

  // Navigation through the browsing context itself: it returns as Playwright's does when a
  // "leave this page?" prompt is dismissed (an error, the page stays) and, with 'commit', when a
  // page comes back from the back/forward cache (which fires no load event).
  async reload(options) {
    const { waitUntil = 'load' } = only('reload', options, ['waitUntil']);
    await this.#context.reload({ wait: waitUntil === 'commit' ? 'none' : 'complete' });
  }

  async goBack(options) { await this.#traverse(-1, only('goBack', options, ['waitUntil']).waitUntil ?? 'load'); }
  async goForward(options) { await this.#traverse(1, only('goForward', options, ['waitUntil']).waitUntil ?? 'load'); }
  async #traverse(delta, waitUntil) {
    await this.#context.traverseHistory(delta);
    if (waitUntil !== 'commit') await this.waitForFunction(() => document.readyState === 'complete');
  }

  get #context() { return this.raw.mainFrame().browsingContext; }

  async waitForSelector(selector, options) {
    const { timeout = TIMEOUT } = only('waitForSelector', options, ['timeout']);
    const deadline = Date.now() + timeout;
    while (!(await this.raw.evaluate((s) => !!document.querySelector(s), selector).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timeout: ${selector}`);
      await sleep(25);
    }
    await this.drain();
  }

  async evaluate(fn, arg) {
    const result = await this.raw.evaluate(fn, arg);
    await this.drain();
    return result;
  }

  content() { return this.raw.content(); }
  async getAttribute(selector, name) {
    await this.waitForSelector(selector);
    return this.raw.evaluate((s, n) => document.querySelector(s).getAttribute(n), selector, name);
  }
  screenshot(options) { return this.raw.screenshot(only('screenshot', options, ['path', 'fullPage'])); }
  async close(options) {
    const { runBeforeUnload = false } = only('close', options, ['runBeforeUnload']);
    if (!runBeforeUnload) await this.drain();
    await this.raw.close({ runBeforeUnload });
    if (!runBeforeUnload) await this.onClose?.();
  }

  isClosed() { return this.raw.isClosed(); }
  bringToFront() { return this.raw.bringToFront(); }

  /** Like Playwright's: the next download, as an object with `path()`. */
  async waitForEvent(event) {
    if (event === 'close') return this.raw.isClosed() ? undefined : new Promise((ok) => this.raw.once('close', ok));
    if (event !== 'download') throw new Error(`waitForEvent(${event}) is not in the Firefox facade`);
    const before = new Set(await readdir(this.downloads));
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      for (const f of await readdir(this.downloads)) {
        if (before.has(f) || f.endsWith('.part')) continue;
        const path = join(this.downloads, f);
        const { size } = await stat(path);
        await sleep(100);
        if ((await stat(path)).size === size) return { path: async () => path, suggestedFilename: () => f };
      }
      if (Date.now() > deadline) throw new Error('timeout: no download');
      await sleep(50);
    }
  }

  url() { return this.raw.url(); }
  title() { return this.raw.title(); }
  get keyboard() { return this.raw.keyboard; }
  waitForTimeout(ms) { return sleep(ms); }

  /** Polls `fn(arg)` in the page until it returns something truthy; returns that. */
  async waitForFunction(fn, arg, options) {
    const { timeout = TIMEOUT } = only('waitForFunction', options, ['timeout']);
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.raw.evaluate(fn, arg);
      if (value) return value;
      if (Date.now() > deadline) throw new Error('timeout: waitForFunction');
      await sleep(50);
    }
  }

  locator(css, options) { return new FxLocator(this, []).locator(css, options); }
  getByPlaceholder(text, options) { return new FxLocator(this, []).getByPlaceholder(text, options); }
  getByText(text, options) { return new FxLocator(this, []).getByText(text, options); }
  getByLabel(text, options) { return new FxLocator(this, []).getByLabel(text, options); }
  getByRole(role, options) { return new FxLocator(this, []).getByRole(role, options); }
  getByTestId(id) { return new FxLocator(this, []).getByTestId(id); }
}
