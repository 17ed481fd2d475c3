// ./build.sh bench: drives bench/index.html in headless Debian Chromium and Firefox ESR (the e2e
// suite's drivers, tests/e2e/browsers.mjs), prints medians and ratios per browser, writes
// target/bench-<browser>.json. It reports; it never asserts speed.
//   node bench/run.mjs [chromium] [firefox]      (default: both, one after the other)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { gzipSync, gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT, serve, launch } from '../tests/e2e/harness.mjs';

const names = process.argv.slice(2);
const server = await serve(ROOT);
const all = {};
try {
  for (const name of names.length ? names : ['chromium', 'firefox']) all[name] = await bench(name);
} finally {
  await server.close();
}
sideBySide(all);

/** The browsers side by side, as the README's Markdown tables (rate, and patmint ÷ this). */
function sideBySide(runs) {
  const fmt = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)} k` : n.toFixed(0));
  const browsers = Object.entries(runs).map(([name, r]) => [`${name} ${/(?:Chrome|Firefox)\/(\d+)/.exec(r.userAgent)?.[1] ?? ''}`, r]);
  console.log('\nside by side (Markdown):');
  for (const [group, title] of [['mint', 'mint, tokens/s'], ['fingerprint', 'fingerprint, per second'], ['check', 'check, per second'], ['scan', 'scan a 10 MB log, bytes/s']]) {
    console.log(`\n| ${title} | ${browsers.map(([b]) => `${b} | patmint ÷`).join(' | ')} |`);
    console.log(`| --- |${' --- | --- |'.repeat(browsers.length)}`);
    for (const key of Object.keys(browsers[0][1][group])) {
      const cells = browsers.map(([, r]) => {
        const first = Object.values(r[group])[0];
        return `${fmt(r[group][key])} | ${(first / r[group][key]).toFixed(2)}×`;
      });
      console.log(`| ${key} | ${cells.join(' | ')} |`);
    }
  }
  console.log(`\n| start-up, median of 15 loads, ms | ${browsers.map(([b]) => b).join(' | ')} |`);
  console.log(`| --- |${' --- |'.repeat(browsers.length)}`);
  for (const [key, title] of [['startupMedianMs', 'navigation → first generate'], ['startupFromScriptsMedianMs', 'first page script → first generate'], ['startupWasmMedianMs', 'of which the wasm']]) {
    console.log(`| ${title} | ${browsers.map(([, r]) => r[key].toFixed(1)).join(' | ')} |`);
  }
}

async function bench(name) {
  const browser = await launch({ browser: name });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/bench/index.html`);
    await page.waitForSelector('html[data-done="true"]', { timeout: 600_000 });
    const results = await page.evaluate(() => window.benchResults);
    await page.close();

    const startups = [];
    const fromScripts = [];
    const wasmParts = [];
    for (let i = 0; i < 15; i++) {
      const context = await browser.newContext();
      const p = await context.newPage();
      await p.goto(`${server.origin}/bench/startup.html`);
      await p.waitForSelector('html[data-done="true"]');
      const [ready, scripts, wasmPart] = await p.evaluate(() => [window.startupMs, window.scriptStartMs, window.wasmReadyMs]);
      startups.push(ready);
      fromScripts.push(ready - scripts);
      wasmParts.push(wasmPart);
      await context.close();
    }
    startups.sort((a, b) => a - b);
    fromScripts.sort((a, b) => a - b);
    wasmParts.sort((a, b) => a - b);
    results.startupWasmMedianMs = wasmParts[Math.floor(wasmParts.length / 2)];
    results.startupMedianMs = startups[Math.floor(startups.length / 2)];
    results.startupFromScriptsMedianMs = fromScripts[Math.floor(fromScripts.length / 2)];

    const glue = await readFile(join(ROOT, 'www/pkg/patmint.js'));
    const embedded = (await import(join(ROOT, 'www/pkg/patmint_wasm.js'))).default;
    const wasm = gunzipSync(Buffer.from(embedded, 'base64'));
    const gz = (b) => gzipSync(b, { level: 9 }).length;
    results.size = { wasm: wasm.length, wasmGz: gz(wasm), glue: glue.length, glueGz: gz(glue) };
    results.size.totalGz = results.size.wasmGz + results.size.glueGz;

    const fmt = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));
    const table = (title, rows, unit) => {
      const [first] = Object.values(rows);
      console.log(`\n${title}`);
      for (const [name, v] of Object.entries(rows)) {
        console.log(`  ${name.padEnd(36)} ${fmt(v).padStart(9)} ${unit}   ${(first / v).toFixed(2).padStart(7)}× (patmint / this)`);
      }
    };
    console.log(`\n${name}: ${results.userAgent}`);
    console.log(`medians of ${results.rounds} interleaved rounds`);
    table('mint (tokens per second)', results.mint, '/s');
    table('fingerprint (per second)', results.fingerprint, '/s');
    table('check (per second)', results.check, '/s');
    table(`scan (bytes per second; ${(results.scanLog.bytes / 2 ** 20).toFixed(0)} MiB log, ${results.scanLog.found} findings, regex ${results.scanLog.regexFound})`, results.scan, 'B/s');
    const s = results.size;
    console.log(`\nsize: wasm ${s.wasm} B (${s.wasmGz} B gz) + glue ${s.glue} B (${s.glueGz} B gz) = ${s.totalGz} B gz`);
    console.log(`start-up, median of 15 fresh loads: navigation → first generate ${results.startupMedianMs.toFixed(1)} ms; page scripts start → first generate ${results.startupFromScriptsMedianMs.toFixed(1)} ms; of which the wasm (decode, inflate, compile, instantiate, first call) ${results.startupWasmMedianMs.toFixed(1)} ms`);

    const m = Object.values(results.mint);
    const f = Object.values(results.fingerprint);
    const targets = [
      ['mint ≥ 3 M tokens/s', m[0] >= 3e6],
      ['mint ≥ 10× nanoid per id', m[0] / m[2] >= 10],
      ['mint ≥ 1.5× pooled JS', m[0] / m[1] >= 1.5],
      ['fingerprint ≥ 20× awaited subtle.digest', f[0] / f[1] >= 20],
      ['fingerprint ≥ hash-wasm', f[0] / f[2] >= 1],
      ['wasm + glue ≤ 20 KB gz', s.totalGz <= 20_000],
      ['start-up ≤ 30 ms (navigation → first generate)', results.startupMedianMs <= 30],
      ['wasm start-up ≤ 30 ms (once the modules have arrived)', results.startupWasmMedianMs <= 30],
      ['scan ≥ 300 MB/s in wasm (10 MB log)', Object.values(results.scan)[0] >= 300e6],
    ];
    console.log('\ntargets (reported, not asserted):');
    for (const [what, met] of targets) console.log(`  ${met ? 'met    ' : 'NOT met'}  ${what}`);
    results.targets = Object.fromEntries(targets);

    await mkdir(join(ROOT, 'target'), { recursive: true });
    await writeFile(join(ROOT, `target/bench-${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwritten: target/bench-${name}.json`);
    return results;
  } finally {
    await browser.close();
  }
}
