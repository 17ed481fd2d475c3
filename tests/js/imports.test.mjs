// The module graph of the page and the extension as written (issue 27): the extension's sources
// import only files of the source tree (www/lib where it lives, not a lib/ that the build
// assembles), and a name is imported from the module that defines it: no module re-exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const SOURCES = [
  ...['extension', 'www/lib'].flatMap((dir) =>
    readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.js')).map((f) => join(ROOT, dir, f))),
  join(ROOT, 'www/app.js'),
];
/** Build outputs the sources may name: the wasm packages' glue and modules (build.sh). */
const BUILT = join(ROOT, 'www/pkg');

/** The relative specifiers of `source`'s static imports, re-exports and literal import()s. */
function specifiers(source) {
  const found = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?\bfrom\s*'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)|(?:^|\n)import\s*'([^']+)'/g)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec.startsWith('.')) found.push(spec);
  }
  return found;
}

test('the sources import files that exist in the source tree (or the wasm build outputs)', () => {
  let seen = 0;
  for (const file of SOURCES) {
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), spec);
      seen++;
      if (target.startsWith(BUILT + '/')) continue;
      assert.ok(existsSync(target), `${relative(ROOT, file)} imports ${spec}, which is not in the source tree`);
    }
  }
  assert.ok(seen > 50, `${seen} imports read`);
});

test('no module re-exports: each name is imported from where it is defined', () => {
  for (const file of SOURCES) {
    const source = readFileSync(file, 'utf8');
    assert.doesNotMatch(source, /(?:^|\n)\s*export\s*\*/, `${relative(ROOT, file)}: export *`);
    assert.doesNotMatch(source, /(?:^|\n)\s*export\s*\{[^}]*\}\s*from\b/, `${relative(ROOT, file)}: export { … } from`);
  }
});

test('no two modules import each other, directly or around a circle', () => {
  const graph = new Map(SOURCES.map((file) => [file, specifiers(readFileSync(file, 'utf8'))
    .map((spec) => resolve(dirname(file), spec)).filter((target) => SOURCES.includes(target))]));
  const done = new Set();
  const visit = (file, path) => {
    assert.ok(!path.includes(file), `a circle: ${[...path.slice(path.indexOf(file)), file].map((f) => relative(ROOT, f)).join(' → ')}`);
    if (done.has(file)) return;
    for (const next of graph.get(file)) visit(next, [...path, file]);
    done.add(file);
  };
  for (const file of SOURCES) visit(file, []);
});
