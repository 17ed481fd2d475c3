// ./build.sh bench, the pages as a new user meets them (issue 16): layout shift while the demo
// page fills in (Chromium's Layout Instability API at Lighthouse's mobile size, 412×823, en
// and ja); the popup's time to usable (Generate enabled) beside a blank page of the same
// extension; and, when the `lighthouse` package is installed (build.sh bench installs it in
// target/lighthouse), Lighthouse's default mobile run of the demo page with Debian's Chromium.
// It reports; it never asserts.
//   node bench/ux.mjs                 (EXT_DIR=<an assembled extension> to time another popup)
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, serve, launch, CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';

const RUNS = 15;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await serve(join(ROOT, 'www'), { cacheable: true });
try {
  await layoutShift();
  await popupStartup();
  await lighthouseRun();
} finally {
  await server.close();
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

/** The popup (navigation → Generate enabled) and a blank page, both in a copy of dist/chrome. */
async function popupStartup() {
  const ext = await mkdtemp(join(tmpdir(), 'patmint-ux-ext-'));
  const profile = await mkdtemp(join(tmpdir(), 'patmint-ux-profile-'));
  await cp(process.env.EXT_DIR ?? join(ROOT, 'dist', 'chrome'), ext, { recursive: true });
  await writeFile(join(ext, 'blank.html'), '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    args: [...CHROMIUM_ARGS, '--headless=new', `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
    viewport: { width: 420, height: 720 },
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const origin = `chrome-extension://${new URL(worker.url()).host}`;
    const time = async (path, ready) => {
      const page = await context.newPage();
      await page.goto(`${origin}/${path}`, { waitUntil: 'commit' });
      await page.waitForFunction(ready);
      // From the navigation's start (the page's time origin) to ready.
      const ms = await page.evaluate(() => window.readyAt ?? performance.getEntriesByType('navigation')[0].loadEventEnd);
      await page.close();
      return ms;
    };
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.documentElement?.dataset.ready === 'true') {
          window.readyAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
    });
    const blank = [];
    const popup = [];
    for (let i = 0; i < RUNS; i++) {
      blank.push(await time('blank.html', () => performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0));
      popup.push(await time('popup.html', () => window.readyAt !== undefined));
    }
    const [b, p] = [median(blank), median(popup)];
    console.log(`extension popup (Chromium), median of ${RUNS}: usable (Generate enabled) ${p.toFixed(1)} ms; a blank page of the extension loaded ${b.toFixed(1)} ms; ratio ${(p / b).toFixed(2)}×`);
  } finally {
    await context.close();
    await rm(ext, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
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
