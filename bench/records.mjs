// Records at scale (issue 18.8): 1 000 records in the demo page, in headless Debian Chromium and
// Firefox ESR (the e2e drivers). Prints medians in milliseconds, next to the same steps with 10
// records; it reports, it never asserts speed. `./build.sh bench` runs it;
//   node bench/records.mjs [chromium] [firefox] [--count N]
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ROOT, serve, launch } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--count');
const COUNT = at >= 0 ? Number(args[at + 1]) : 1000;
const names = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--count');
const RUNS = 15;

/** `n` records as a page stores them: classic and fine-grained, a few expiring soon. */
function records(n) {
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return Array.from({ length: n }, (_, i) => {
    const base = {
      name: `token ${i}`, createdAt: iso(now - 86_400_000), expiresAt: iso(now + ((i % 90) + 1) * 86_400_000),
      fingerprint: createHash('sha256').update(`record ${i}`).digest('hex'), last4: 'AbC1',
    };
    return i % 4 === 3
      ? { ...base, format: 'github_pat', description: 'bench', resourceOwner: 'octo-org',
        repositoryAccess: { kind: 'selected', repositories: ['octo-org/api', 'octo-org/web'] },
        permissions: { contents: 'write', metadata: 'read' } }
      : { ...base, format: 'ghp', scopes: ['repo', 'read:org'] };
  });
}

const server = await serve(ROOT);
try {
  for (const name of names.length ? names : ['chromium', 'firefox']) await bench(name);
} finally {
  await server.close();
}

async function bench(name) {
  const browser = await launch({ browser: name });
  try {
    const page = await browser.newPage();
    const rows = [];
    for (const n of [10, COUNT]) {
      await page.goto(`${server.origin}/www/`);
      await page.waitForSelector('html[data-ready="true"]');
      await page.evaluate((list) => localStorage.setItem('patmint.records', JSON.stringify(list)), records(n));
      // The whole page: navigation → the list rendered and the core ready (data-ready).
      const loads = [];
      const paints = [];
      for (let i = 0; i < 5; i++) {
        await page.reload();
        await page.waitForSelector('html[data-ready="true"]');
        const [now, fcp] = await page.evaluate(() => [performance.now(), performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN]);
        loads.push(now);
        paints.push(fcp);
      }
      const steps = await page.evaluate(async ({ runs }) => {
        const ui = await import('/www/lib/ui.js');
        const model = await import('/www/lib/model.js');
        const { importPlan } = await import('/www/lib/records.js');
        const { loadVerifier } = await import('/www/lib/load-patmint.js');
        const verifier = await loadVerifier();
        const t = model.translator('en');
        const median = (f) => {
          const times = [];
          for (let i = 0; i < runs; i++) {
            const start = performance.now();
            f();
            times.push(performance.now() - start);
          }
          return times.sort((a, b) => a - b)[runs >> 1];
        };
        const store = model.recordStore(localStorage);
        const list = store.load();
        const box = document.createElement('div');
        document.body.append(box);
        const json = model.exportRecords(list);
        const out = {
          'load (parse + check each record)': median(() => store.load()),
          'list: first rows shown (render + layout, blocking)': median(() => {
            ui.renderRecords(box, list, t, { onDelete() {}, onEdit() {}, onRegenerate() {} });
            void box.offsetHeight;
          }),
          'export (the v2 file)': median(() => model.exportRecords(list)),
          'import: the core reads the file': median(() => verifier.checkRecordsFile(json)),
          'import: the plan (merge by fingerprint)': median(() => importPlan(list, list)),
          'save (localStorage)': median(() => store.save(list)),
        };
        // Every row in the table: the chunks appended after the first rows, until the last.
        const all = [];
        for (let i = 0; i < 5; i++) {
          const start = performance.now();
          ui.renderRecords(box, list, t, { onDelete() {}, onEdit() {}, onRegenerate() {} });
          while (box.querySelectorAll('tbody tr').length < list.length) await new Promise((ok) => setTimeout(ok, 0));
          void box.offsetHeight;
          all.push(performance.now() - start);
        }
        out['list: every row appended (not blocking)'] = all.sort((a, b) => a - b)[2];
        box.remove();
        return { records: list.length, bytes: json.length, ...out };
      }, { runs: RUNS });
      rows.push({ n, paint: paints.sort((a, b) => a - b)[2], page: loads.sort((a, b) => a - b)[2], ...steps });
    }
    const ua = await page.evaluate(() => navigator.userAgent);
    console.log(`\n${name} ${/(?:Chrome|Firefox)\/(\d+)/.exec(ua)?.[1] ?? ''}: records, median ms (${RUNS} runs; page: median of 5 loads)`);
    console.log(`| step | ${rows.map((r) => `${r.records} records`).join(' | ')} | ratio |`);
    console.log(`| --- |${' --- |'.repeat(rows.length + 1)}`);
    const keys = Object.keys(rows[0]).filter((k) => !['n', 'records', 'bytes', 'page', 'paint'].includes(k));
    for (const key of ['paint', 'page', ...keys]) {
      const title = { paint: 'page: first contentful paint', page: 'page: navigation → core ready (seen by the driver)' }[key] ?? key;
      // Timers are coarse (0.1 ms in Chromium, 1 ms in Firefox): below that, "<".
      const ms = (v) => (v > 0 ? v.toFixed(1) : '<0.1');
      const ratio = rows[0][key] > 0 ? `${(rows[1][key] / rows[0][key]).toFixed(1)}×` : '–';
      console.log(`| ${title} | ${rows.map((r) => ms(r[key])).join(' | ')} | ${ratio} |`);
    }
    console.log(`(export file: ${rows.map((r) => `${r.bytes} B`).join(' / ')})`);
  } finally {
    await browser.close();
  }
}
