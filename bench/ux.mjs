// ./build.sh bench, the pages as a new user meets them (issue 16): layout shift while the demo
// page fills in (Chromium's Layout Instability API at Lighthouse's mobile size, 412×823, en
// and ja); start-up beside a blank page: the toolbar popup as the user opens it (Chromium) and
// the demo page (Chromium, Firefox), each to "usable" and to "core instantiated"; and, when the
// `lighthouse` package is installed (build.sh bench installs it in target/lighthouse),
// Lighthouse's default mobile run of the demo page with Debian's Chromium.
// It reports; it never asserts.
//   node bench/ux.mjs                 (EXT_DIR=<an assembled extension> to time another popup)
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, serve, launch, CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';

const RUNS = 15;
const POPUP_RUNS = 25;
/** Reports (to the worker) when the popup is usable and when its core is ready, then closes it. */
const BENCH_READY = `// bench/ux.mjs
const at = {};
const report = () => chrome.runtime.sendMessage({ benchReady: at }).finally(() => close());
const now = () => performance.timeOrigin + performance.now();
if (location.pathname.endsWith('/blank.html')) {
  addEventListener('load', () => { at.painted = at.ready = now(); setTimeout(report); });
} else {
  new MutationObserver((_, observer) => {
    const { painted, ready } = document.documentElement.dataset;
    if (painted === 'true') at.painted ??= now();
    if (ready === 'true') { at.ready = now(); at.painted ??= at.ready; observer.disconnect(); report(); }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-painted', 'data-ready'] });
}
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// www/ as it is, plus a blank page to compare start-up with.
const site = await mkdtemp(join(tmpdir(), 'patmint-ux-www-'));
await cp(join(ROOT, 'www'), site, { recursive: true });
await writeFile(join(site, 'blank.html'), '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n');
const server = await serve(site, { cacheable: true });
try {
  await layoutShift();
  await popupStartup();
  await pageStartup();
  await lighthouseRun();
} finally {
  await server.close();
  await rm(site, { recursive: true, force: true });
}

async function layoutShift() {
  const browser = await launch({ browser: 'chromium' });
  for (const lang of ['en', 'ja']) {
    const scores = [];
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ locale: lang === 'ja' ? 'ja-JP' : 'en-US', viewport: { width: 412, height: 823 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.layoutShift = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.layoutShift += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${server.origin}/`);
      await page.waitForSelector('html[data-ready="true"]');
      await page.waitForTimeout(300);
      scores.push(await page.evaluate(() => window.layoutShift));
      await context.close();
    }
    console.log(`demo page (${lang}), layout shift while it fills in, 412×823, median of 5: CLS ${median(scores).toFixed(4)}`);
  }
  await browser.close();
}

/**
 * The toolbar popup as the user opens it: `chrome.action.openPopup()` from the extension's
 * worker, to the popup saying it is usable (the form drawn, Generate enabled: data-painted) and
 * that the core is instantiated (data-ready), beside the same extension's popup set to a blank
 * page. Both pages get one classic script (bench-ready.js) that reports the times to the worker
 * and closes the popup. Chromium only: Firefox opens a popup only on a user's gesture.
 */
async function popupStartup() {
  const ext = await mkdtemp(join(tmpdir(), 'patmint-ux-ext-'));
  const profile = await mkdtemp(join(tmpdir(), 'patmint-ux-profile-'));
  await cp(process.env.EXT_DIR ?? join(ROOT, 'dist', 'chrome'), ext, { recursive: true });
  await writeFile(join(ext, 'bench-ready.js'), BENCH_READY);
  await writeFile(join(ext, 'blank.html'), '<!doctype html><html><head><meta charset="utf-8"><title>blank</title><script src="bench-ready.js"></script></head><body></body></html>\n');
  const html = await readFile(join(ext, 'popup.html'), 'utf8');
  await writeFile(join(ext, 'popup.html'), html.replace('<meta charset="utf-8">', '<meta charset="utf-8"><script src="bench-ready.js"></script>'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    args: [...CHROMIUM_ARGS, '--headless=new', `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
    viewport: { width: 420, height: 720 },
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const tab = context.pages()[0] ?? (await context.newPage());
    await tab.goto(`${server.origin}/blank.html`); // a window for the popup to open from
    const open = (popup) => worker.evaluate(async (popup) => {
      await chrome.action.setPopup({ popup });
      const reported = new Promise((resolve) => {
        const listener = (message) => {
          if (!message?.benchReady) return;
          chrome.runtime.onMessage.removeListener(listener);
          resolve(message.benchReady);
        };
        chrome.runtime.onMessage.addListener(listener);
      });
      const start = performance.timeOrigin + performance.now();
      await chrome.action.openPopup();
      const times = await Promise.race([reported, new Promise((_, reject) => setTimeout(() => reject(new Error(`${popup} did not report`)), 10_000))]);
      await new Promise((resolve) => setTimeout(resolve, 150)); // the popup has closed
      return { painted: times.painted - start, ready: times.ready - start };
    }, popup);
    const blank = [];
    const painted = [];
    const ready = [];
    for (let i = 0; i < POPUP_RUNS; i++) {
      blank.push((await open('blank.html')).ready);
      const popup = await open('popup.html');
      painted.push(popup.painted);
      ready.push(popup.ready);
    }
    const b = median(blank);
    console.log(`toolbar popup (Chromium, chrome.action.openPopup), median of ${POPUP_RUNS}: usable (form drawn, Generate enabled) ${median(painted).toFixed(1)} ms = ${(median(painted) / b).toFixed(2)}× a blank popup (${b.toFixed(1)} ms); core instantiated ${median(ready).toFixed(1)} ms = ${(median(ready) / b).toFixed(2)}×`);
  } finally {
    await context.close();
    await rm(ext, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

/** The demo page (navigation → form drawn and usable, → core instantiated) beside a blank page of the same server. */
async function pageStartup() {
  for (const name of ['chromium', 'firefox']) {
    const browser = await launch({ browser: name });
    const context = await browser.newContext();
    const time = async (path, done) => {
      const page = await context.newPage();
      await page.goto(`${server.origin}/${path}`);
      await page.waitForFunction(done);
      const t = await page.evaluate(() => ({
        painted: performance.getEntriesByName('patmint:painted')[0]?.startTime,
        ready: performance.getEntriesByName('patmint:ready')[0]?.startTime,
        load: performance.getEntriesByType('navigation')[0].loadEventEnd,
      }));
      await page.close();
      return t;
    };
    const blank = [];
    const painted = [];
    const ready = [];
    for (let i = 0; i < RUNS; i++) {
      blank.push((await time('blank.html', () => performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0)).load);
      const t = await time('', () => document.documentElement.dataset.ready === 'true');
      painted.push(t.painted);
      ready.push(t.ready);
    }
    const b = median(blank);
    console.log(`demo page (${name}), median of ${RUNS}: usable (form drawn, Generate enabled) ${median(painted).toFixed(1)} ms = ${(median(painted) / b).toFixed(2)}× a blank page of the same server (${b.toFixed(1)} ms); core instantiated ${median(ready).toFixed(1)} ms = ${(median(ready) / b).toFixed(2)}×`);
    await context.close();
    await browser.close();
  }
}

async function lighthouseRun() {
  const require = createRequire(join(ROOT, 'target', 'lighthouse', 'node_modules', '/'));
  let lighthouse;
  let launcher;
  try {
    lighthouse = (await import(require.resolve('lighthouse'))).default;
    launcher = await import(require.resolve('chrome-launcher'));
  } catch {
    console.log('lighthouse: not installed (build.sh bench installs it in target/lighthouse)');
    return;
  }
  const chrome = await launcher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  try {
    const { lhr } = await lighthouse(`${server.origin}/`, { port: chrome.port, output: 'json', logLevel: 'error' });
    const scores = Object.values(lhr.categories).map((c) => `${c.title} ${c.score}`).join(', ');
    const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'cumulative-layout-shift', 'total-blocking-time', 'speed-index']
      .map((id) => `${lhr.audits[id].title} ${lhr.audits[id].displayValue}`).join(', ');
    console.log(`lighthouse ${lhr.lighthouseVersion} (default mobile run, Debian's Chromium), demo page: ${scores}; ${metrics}`);
    const failing = Object.values(lhr.categories).flatMap((c) => c.auditRefs
      .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
      .map((r) => `${c.title}: ${r.id} ${lhr.audits[r.id].score}${lhr.audits[r.id].explanation ? ` (${lhr.audits[r.id].explanation})` : ''}`));
    for (const f of failing) console.log(`  below 1: ${f}`);
  } finally {
    await chrome.kill();
  }
}
