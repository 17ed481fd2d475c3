// The npm package as a user gets it: `dist/patmint-<version>.tgz` (./build.sh pack) installed
// into a scratch project (a local tarball installs offline), then used the four ways the
// package's `exports` offer: in Node, imported straight from the package files in a browser,
// bundled with esbuild, and through `patmint/embedded` on a page whose CSP has
// `connect-src 'none'` — in Chromium and in Firefox ESR.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { cargoVersion } from '../../npm/assemble.mjs';
// The e2e suite's browsers: Playwright's Chromium, Firefox ESR over WebDriver BiDi (same page API).
import { launch } from '../e2e/harness.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const VERSION = cargoVersion(ROOT);
const TARBALL = join(ROOT, 'dist', `patmint-${VERSION}.tgz`);
const SCRATCH = join(ROOT, 'target', 'npm-scratch');
const PACKAGE = join(SCRATCH, 'node_modules', 'patmint');
const STRICT_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'none'; base-uri 'none'";

let manifest;
let server;
before(async () => {
  assert.ok(existsSync(TARBALL), `${TARBALL} is missing: run ./build.sh pack`);
  await rm(SCRATCH, { recursive: true, force: true });
  await mkdir(join(SCRATCH, 'web'), { recursive: true });
  await writeFile(join(SCRATCH, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', TARBALL], { cwd: SCRATCH, stdio: 'inherit' });
  manifest = JSON.parse(await readFile(join(PACKAGE, 'package.json'), 'utf8'));
  await writePages();
  server = await serveScratch();
});
after(() => server?.close());

test('the package: version from Cargo.toml, ES module, no dependencies, types for every entry, a README for every export', async () => {
  assert.equal(manifest.name, 'patmint');
  assert.equal(manifest.version, VERSION);
  assert.equal(manifest.type, 'module');
  assert.equal(manifest.engines.node, '>=20');
  assert.equal(manifest.dependencies, undefined, 'no dependencies: nothing to audit but this package');
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const files = typeof target === 'string' ? [target] : Object.values(target);
    for (const file of files) assert.ok(existsSync(join(PACKAGE, file)), `${subpath}: ${file} is in the tarball`);
    if (typeof target !== 'string') assert.ok(target.types, `${subpath} has types`);
  }
  assert.deepEqual(Object.keys(manifest.exports['.']), ['types', 'browser', 'node', 'default']);
  assert.deepEqual(Object.keys(manifest.exports['./scan']), ['types', 'browser', 'node', 'default']);
  assert.deepEqual(Object.keys(manifest.exports['./verify']), ['types', 'browser', 'node', 'default']);
  assert.ok(manifest.exports['./embedded'] && manifest.exports['./scan/embedded'] && manifest.exports['./verify/embedded']);
  // The README documents every function each entry exports (a new wasm export must be added
  // there too), the entries and the security notes.
  const readme = await readFile(join(PACKAGE, 'README.md'), 'utf8');
  for (const file of ['index.node.js', 'scan.node.js', 'verify.node.js']) {
    const names = Object.keys(await import(pathToFileURL(join(PACKAGE, file)).href));
    assert.ok(names.length >= 3); // init, isPatmintError and the functions
    for (const name of names) assert.ok(readme.includes(`\`${name}(`), `the package README documents ${name}() of ${file}`);
  }
  for (const word of ['patmint/embedded', 'patmint/scan/embedded', "connect-src 'none'", 'PatmintError', '## Security notes']) {
    assert.ok(readme.includes(word), `the package README mentions ${word}`);
  }
});

test('Node: resolves the node entry; init() once; mint, check, fingerprint, mask, scan, redact; a trap restarts', async () => {
  const probe = join(SCRATCH, 'node-probe.mjs');
  await writeFile(
    probe,
    "export * as pm from 'patmint';\nexport * as sc from 'patmint/scan';\nexport * as em from 'patmint/embedded';\n" +
      "export * as vf from 'patmint/verify';\n" +
      "export const resolved = [import.meta.resolve('patmint'), import.meta.resolve('patmint/scan')];\n",
  );
  const { pm, sc, em, vf, resolved } = await import(pathToFileURL(probe).href);
  assert.deepEqual(resolved, [pathToFileURL(join(PACKAGE, 'index.node.js')).href, pathToFileURL(join(PACKAGE, 'scan.node.js')).href]);
  assert.throws(() => pm.check('x'), (err) => pm.isPatmintError(err) && err.code === 'not_initialized');
  // Idempotent: concurrent and repeated calls share one instance.
  await Promise.all([pm.init(), pm.init()]);
  await pm.init();

  const token = pm.mint({ name: 'deploy', scopes: ['repo', 'public_repo'], expiresInDays: 30 });
  const secret = token.reveal();
  assert.match(secret, /^ghp_[0-9A-Za-z]{36}$/);
  assert.deepEqual(pm.check(secret), { valid: true, format: 'ghp' });
  assert.equal(pm.check(secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A')).code, 'checksum_mismatch');
  // An independent oracle: Node's own SHA-256.
  const sha256 = createHash('sha256').update(secret).digest('hex');
  assert.equal(pm.fingerprint(secret), sha256);
  assert.equal(token.fingerprint, sha256);
  const masked = token.masked;
  assert.equal(pm.mask(secret), masked);
  const record = token.record();
  assert.deepEqual(record.scopes, ['repo']);
  assert.ok(!JSON.stringify(record).includes(secret.slice(4, -4)), 'the record never holds the secret');
  token.free();
  assert.ok(pm.formats().some((f) => f.id === 'github_pat'));
  assert.deepEqual(pm.normalizeScopes(['user', 'gist', 'user:email']), ['gist', 'user']);
  const fine = pm.mint({
    format: 'github_pat', name: 'fine', description: 'CI', resourceOwner: 'octo-org',
    repositoryAccess: { kind: 'selected', repositories: ['octo-org/api'] }, permissions: { contents: 'write' }, expiresInDays: 30,
  });
  assert.equal(pm.check(fine.reveal()).format, 'github_pat');
  assert.deepEqual(fine.record().permissions, { contents: 'write', metadata: 'read' });
  assert.ok(pm.permissions().some((p) => p.id === 'contents' && p.levels.includes('write')));

  // A server's view: the records file (records only) turns the tokens into access.
  const fineSecret = fine.reveal();
  const records = JSON.stringify({ format: 'patmint.records', version: 2, exportedAt: new Date().toISOString(), records: [record, fine.record()] });
  fine.free();
  await vf.init();
  assert.deepEqual(vf.verify(secret, records, { scopes: ['public_repo'] }), { allowed: true, name: 'deploy' });
  assert.deepEqual(vf.verify(secret, records, { scopes: ['gist'] }), { allowed: false, reason: 'insufficient_scope', name: 'deploy' });
  assert.deepEqual(vf.verify(fineSecret, records, { permissions: { contents: 'read' }, repository: 'octo-org/api' }), { allowed: true, name: 'fine' });
  assert.equal(vf.verify(fineSecret, records, { permissions: { contents: 'read' }, repository: 'octo-org/web' }).reason, 'repository_not_allowed');
  assert.equal(vf.verify(secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A'), records).reason, 'malformed');
  assert.equal(vf.verify(pm.generate('ghp', 1)[0], records).reason, 'unknown');
  assert.ok(!JSON.stringify(vf.verify(secret, records, { scopes: ['gist'] })).includes(secret.slice(4, 12)));

  assert.throws(() => sc.scan('x'), (err) => sc.isPatmintError(err) && err.code === 'not_initialized');
  await sc.init();
  const text = `log: GITHUB_TOKEN=${secret}\nnext line`;
  const [finding, ...rest] = sc.scan(text);
  assert.deepEqual(rest, []);
  assert.equal(finding.verified, true);
  assert.equal(text.slice(finding.start, finding.end), secret);
  const { text: redacted, findings } = sc.redact(text);
  assert.equal(findings.length, 1);
  assert.ok(!redacted.includes(secret));
  assert.ok(redacted.includes(masked));

  // The guard of the pages' loader: an exception that is not a PatmintError (here a failing
  // import, the clock) drops the instance; calls get `restarting` until init() says it is back.
  const now = Date.now;
  Date.now = () => {
    throw new TypeError('simulated failing import');
  };
  try {
    assert.throws(() => pm.mint({ name: 'x', expiresInDays: 7 }), TypeError);
  } finally {
    Date.now = now;
  }
  assert.throws(() => pm.check(secret), (err) => pm.isPatmintError(err) && err.code === 'restarting');
  await pm.init();
  assert.equal(pm.check(secret).valid, true);

  // The embedded entry works in Node too (the same wasm, inflated from the module).
  await em.init();
  assert.equal(em.fingerprint(secret), sha256);
});

test('TypeScript: every entry type-checks as a consumer uses it (Node16 and bundler resolution)', () => {
  // Correct uses compile; the misuses marked @ts-expect-error must be errors, or tsc fails.
  const consumer = `import { init, mint, check, fingerprint, generate, isPatmintError, type MintOptions, type TokenRecord, type CheckResult } from 'patmint';
import * as core from 'patmint';
import * as embedded from 'patmint/embedded';
import { init as initScan, scan, redact, type Finding } from 'patmint/scan';
import * as scanEmbedded from 'patmint/scan/embedded';

export async function use(): Promise<string> {
  await init();
  await init(new URL('https://example.invalid/patmint_bg.wasm'));
  await embedded.init();
  await initScan();
  await scanEmbedded.init();
  const options: MintOptions = { name: 'ci', scopes: ['repo'], expiresInDays: 30 };
  const token = mint(options);
  const record: TokenRecord = token.record();
  const verdict: CheckResult = check(token.reveal(), ['acme']);
  const findings: Finding[] = scan('text');
  const tokens: string[] = generate('ghp', 2);
  try { embedded.check('x'); } catch (err) { if (isPatmintError(err)) return err.code; }
  // @ts-expect-error expiresInDays is one of GitHub's presets
  mint({ name: 'x', expiresInDays: 5 });
  // @ts-expect-error the name is required
  mint({ scopes: [] });
  // @ts-expect-error the embedded entry takes no wasm source
  await embedded.init(new URL('x.wasm'));
  // @ts-expect-error the classes are types only: instances come from mint()
  new core.MintedToken();
  return [record.fingerprint, String(verdict.valid), redact('t').text, String(findings.length), ...tokens].join();
}
`;
  writeFileSync(join(SCRATCH, 'consumer.ts'), consumer);
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const common = ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom', 'consumer.ts'];
  for (const resolution of [['--module', 'node16', '--moduleResolution', 'node16'], ['--module', 'esnext', '--moduleResolution', 'bundler']]) {
    execFileSync(process.execPath, [tsc, ...resolution, ...common], { cwd: SCRATCH, stdio: 'inherit' });
  }
});

// One page script for every browser variant: the namespaces come from the page's own imports.
const RUN_JS = `
export async function run(pm, sc, initArgs = [], scanInitArgs = []) {
  const violations = [];
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
  try {
    await Promise.all([pm.init(...initArgs), pm.init(...initArgs)]);
    await sc.init(...scanInitArgs);
  } catch (err) {
    return { loaded: false, error: String(err && err.message), violations };
  }
  const token = pm.mint({ name: 'browser', scopes: ['repo'], expiresInDays: 7 });
  const secret = token.reveal();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)));
  const hex = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  const text = 'token: ' + secret + ' end';
  const findings = sc.scan(text);
  const result = {
    loaded: true,
    valid: pm.check(secret).valid,
    fingerprintMatches: pm.fingerprint(secret) === hex && token.fingerprint === hex,
    masked: token.masked === pm.mask(secret),
    findings: findings.map((f) => ({ verified: f.verified, exact: text.slice(f.start, f.end) === secret })),
    redacted: !sc.redact(text).text.includes(secret),
    violations,
  };
  token.free();
  return result;
}
`;

const PAGES = {
  // No bundler: the browser imports the files the exports' "browser" conditions name.
  nobundler: () => `import * as pm from '/node_modules/patmint/${manifest.exports['.'].browser.slice(2)}';
import * as sc from '/node_modules/patmint/${manifest.exports['./scan'].browser.slice(2)}';
import { run } from './run.js';
window.result = run(pm, sc);`,
  // Strict CSP: only the embedded entries can load (no fetch).
  embedded: () => `import * as pm from '/node_modules/patmint/${manifest.exports['./embedded'].default.slice(2)}';
import * as sc from '/node_modules/patmint/${manifest.exports['./scan/embedded'].default.slice(2)}';
import { run } from './run.js';
window.result = run(pm, sc);`,
  // The same strict CSP with the fetching entry: must fail, or the CSP above proves nothing.
  blocked: () => `import * as pm from '/node_modules/patmint/${manifest.exports['.'].browser.slice(2)}';
import * as sc from '/node_modules/patmint/${manifest.exports['./scan'].browser.slice(2)}';
import { run } from './run.js';
window.result = run(pm, sc);`,
};
const CSP_PAGES = new Set(['embedded', 'blocked']);

async function writePages() {
  await writeFile(join(SCRATCH, 'web', 'run.js'), RUN_JS);
  for (const [name, source] of Object.entries(PAGES)) {
    await writeFile(join(SCRATCH, 'web', `${name}.js`), source());
    await writeFile(join(SCRATCH, 'web', `${name}.html`), `<!doctype html><title>${name}</title><script type="module" src="${name}.js"></script>`);
  }
  // Bundled: esbuild resolves the package by its exports ("browser" condition); it does not
  // follow `new URL(…, import.meta.url)`, so the wasm is imported as an asset (file loader) and
  // handed to init(), as the package README says.
  await writeFile(
    join(SCRATCH, 'web', 'bundled-src.js'),
    `import * as pm from 'patmint';
import * as sc from 'patmint/scan';
import wasmUrl from 'patmint/patmint_bg.wasm';
import scanWasmUrl from 'patmint/patmint_scan_bg.wasm';
import { run } from './run.js';
window.result = run(pm, sc, [new URL(wasmUrl, import.meta.url)], [new URL(scanWasmUrl, import.meta.url)]);`,
  );
  await build({
    entryPoints: [join(SCRATCH, 'web', 'bundled-src.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    loader: { '.wasm': 'file' },
    outdir: join(SCRATCH, 'web', 'bundle'),
    logLevel: 'warning',
  });
  await writeFile(join(SCRATCH, 'web', 'bundled.html'), '<!doctype html><title>bundled</title><script type="module" src="bundle/bundled-src.js"></script>');
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json' };

async function serveScratch() {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    requests.push(path);
    const file = normalize(join(SCRATCH, decodeURIComponent(path)));
    if (!file.startsWith(SCRATCH + sep)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      const page = /^\/web\/(\w+)\.html$/.exec(path)?.[1];
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        ...(CSP_PAGES.has(page) ? { 'content-security-policy': STRICT_CSP } : {}),
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${server.address().port}`, requests, close: () => new Promise((ok) => server.close(ok)) };
}

const BROWSERS = ['chromium', 'firefox'];
for (const name of BROWSERS) {
  test(`${name}: no bundler, bundled with esbuild, embedded under connect-src 'none'`, async (t) => {
    const browser = await launch({ browser: name });
    t.after(() => browser.close());
    const open = async (page) => {
      const tab = await browser.newPage();
      server.requests.length = 0;
      await tab.goto(`${server.origin}/web/${page}.html`);
      const result = await tab.evaluate(() => window.result);
      return { result, requests: [...server.requests] };
    };
    const works = (result, what) => {
      assert.equal(result.loaded, true, `${what}: ${result.error}`);
      assert.deepEqual(
        { ...result, violations: undefined },
        { loaded: true, valid: true, fingerprintMatches: true, masked: true, findings: [{ verified: true, exact: true }], redacted: true, violations: undefined },
        what,
      );
    };

    const plain = await open('nobundler');
    works(plain.result, 'no bundler');
    assert.ok(plain.requests.includes('/node_modules/patmint/patmint_bg.wasm'), 'fetched the wasm next to the module');

    const bundled = await open('bundled');
    works(bundled.result, 'esbuild bundle');
    assert.ok(bundled.requests.some((p) => /^\/web\/bundle\/patmint_bg-\w+\.wasm$/.test(p)), `the bundle's wasm asset: ${bundled.requests}`);
    assert.ok(!bundled.requests.some((p) => p.startsWith('/node_modules/')), 'the bundle needs no package file');

    const embedded = await open('embedded');
    works(embedded.result, 'embedded entry under a strict CSP');
    assert.deepEqual(embedded.result.violations, []);
    assert.ok(!embedded.requests.some((p) => p.endsWith('.wasm')), `no wasm request: ${embedded.requests}`);

    // Firefox sends everything but loopback to a recording proxy: nothing went there.
    assert.deepEqual(browser.offMachine() ?? [], []);

    const blocked = await open('blocked');
    assert.equal(blocked.result.loaded, false, 'the fetching entry must fail under connect-src \'none\'');
    assert.ok(!blocked.requests.some((p) => p.endsWith('.wasm')), 'the wasm request never left the browser');
  });
}
