// Writes the manifest of one browser's extension package, after build.sh has copied extension/
// into it: usage `node tools/extension-manifest.mjs <browser> <version> <package dir>`.
//
// extension/manifest.json is one manifest valid in both browsers; extension/browsers.json says,
// as data, what each browser's package leaves out (Firefox has no offscreen documents and runs
// background.scripts; Chrome has no use for the gecko settings):
//   drop: manifest keys as dotted paths ("background.scripts"); a path into an array drops the
//         element equal to its last part ("permissions.offscreen");
//   omit: files of extension/ the package does not ship.
// The version is Cargo.toml's (one version for the crate, the npm package and the extension),
// written after the name.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXTENSION = fileURLToPath(new URL('../extension/', import.meta.url));
const BROWSERS = 'browsers.json';

/** The manifest for `browser` from the source manifest and that browser's entry of browsers.json. */
export function manifestFor(source, differences, version) {
  const m = structuredClone({ manifest_version: source.manifest_version, name: source.name, version, ...source });
  for (const path of differences.drop) {
    const keys = path.split('.');
    const last = keys.pop();
    const parent = keys.reduce((node, key) => node?.[key], m);
    if (Array.isArray(parent) && parent.includes(last)) parent.splice(parent.indexOf(last), 1);
    else if (parent && !Array.isArray(parent) && Object.hasOwn(parent, last)) delete parent[last];
    else throw new Error(`${BROWSERS}: nothing to drop at ${path}`);
  }
  return m;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [browser, version, out] = process.argv.slice(2);
  const all = JSON.parse(readFileSync(join(EXTENSION, BROWSERS), 'utf8'));
  if (!version || !out || !Object.hasOwn(all, browser)) {
    throw new Error(`usage: extension-manifest.mjs <${Object.keys(all).join('|')}> <version> <package dir>`);
  }
  const source = JSON.parse(readFileSync(join(EXTENSION, 'manifest.json'), 'utf8'));
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifestFor(source, all[browser], version), null, 2) + '\n');
  for (const file of [BROWSERS, ...all[browser].omit]) rmSync(join(out, file));
}
