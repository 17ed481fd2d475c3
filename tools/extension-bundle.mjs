// Bundles the extension's entries (extension/*.js and the www/lib modules they import) into one
// module each at the root of a package: node tools/extension-bundle.mjs <package dir>.
//
// Not minified, so that a store reviewer can read them; esbuild is pinned by package-lock.json,
// so the AMO source package rebuilds them byte for byte (tests/store/amo-source.test.mjs). The
// comments esbuild writes name each module by its path in the source tree.
//
// www/lib/load-patmint.js imports the wasm modules as '../pkg/<name>_wasm.js': the page's are
// gzipped (www/pkg); the extension's are plain base64, written by build_extension into the
// package's pkg/. The core's (a static import) is bundled into each entry that loads it; the
// scanner's and the verifier's (import() on first use) stay files of pkg/, imported from the
// bundle only when needed. The glue too stays in pkg/: load-patmint.js imports it by URL,
// '../pkg/…' from a bundle at the package root (a URL's '..' stops at the root).
import { build } from 'esbuild';
import { join, resolve } from 'node:path';

/** What each page or worker of manifest.json and the HTML files loads. */
const ENTRIES = ['background', 'options', 'offscreen', 'popup'];

/**
 * clipboard.js runs only in a document (Chrome's offscreen document, which bundles it, and
 * Firefox's background page, which imports it on its first clipboard job: ext.js inDocument). It
 * is a bundle of its own, so that the background — Chrome's service worker, woken by every event —
 * does not carry the core and the scanner it never runs.
 */
const LAZY = ['clipboard'];

const out = process.argv[2];
if (!out) throw new Error('usage: node tools/extension-bundle.mjs <package dir>');

const extensionWasm = {
  name: 'extension-wasm',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/pkg\/[a-z_]+_wasm\.js$/ }, ({ path, kind }) => {
      const name = path.slice('../pkg/'.length);
      return kind === 'dynamic-import'
        ? { path: `./pkg/${name}`, external: true }
        : { path: resolve(out, 'pkg', name) };
    });
  },
};

for (const entry of [...ENTRIES, ...LAZY]) {
  await build({
    entryPoints: [`extension/${entry}.js`],
    bundle: true,
    format: 'esm',
    logLevel: 'warning',
    outfile: join(out, `${entry}.js`),
    // The background's import() of clipboard.js stays an import of that bundle.
    external: entry === 'background' ? LAZY.map((name) => `./${name}.js`) : [],
    plugins: [extensionWasm],
  });
}
