// AMO reviews compiled code from its source: building the source package
// (dist/patmint-<version>-source.zip, ./build.sh pack) as docs/store/amo-source.md says must give
// the Firefox package we upload, byte for byte — the wasm first of all. This builds it in a
// fresh directory elsewhere (target/amo-repro/src: another path, which the build remaps away)
// and compares every file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cargoVersion } from '../../npm/assemble.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const VERSION = cargoVersion(ROOT);
const SOURCE_ZIP = join(ROOT, 'dist', `patmint-${VERSION}-source.zip`);
const WORK = join(ROOT, 'target', 'amo-repro');
const SRC = join(WORK, 'src');

function files(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath ?? d.path, d.name)))
    .sort();
}

test('the AMO source package builds the same Firefox package and wasm, byte for byte', { timeout: 20 * 60_000 }, () => {
  assert.ok(existsSync(SOURCE_ZIP), `${SOURCE_ZIP} is missing: run ./build.sh pack`);
  rmSync(SRC, { recursive: true, force: true });
  mkdirSync(SRC, { recursive: true });
  execFileSync('unzip', ['-q', '-DD', SOURCE_ZIP, '-d', SRC]);
  assert.ok(!existsSync(join(SRC, 'target')) && !existsSync(join(SRC, 'dist')) && !existsSync(join(SRC, 'node_modules')), 'sources only');
  // The reviewer's command. The cargo target directory is kept between runs (dependencies from
  // crates.io, pinned by Cargo.lock); the crate itself is rebuilt, as -DD gives every extracted
  // file the current time.
  execFileSync('./build.sh', ['build'], {
    cwd: SRC,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, CARGO_TARGET_DIR: join(WORK, 'target') },
  });
  for (const wasm of ['pkg/patmint_bg.wasm', 'pkg-scan/patmint_scan_bg.wasm', 'pkg-verify/patmint_verify_bg.wasm']) {
    assert.ok(readFileSync(join(SRC, wasm)).equals(readFileSync(join(ROOT, wasm))), `${wasm} differs`);
  }
  const ours = files(join(ROOT, 'dist', 'firefox'));
  assert.deepEqual(files(join(SRC, 'dist', 'firefox')), ours);
  for (const f of ours) {
    assert.ok(readFileSync(join(SRC, 'dist', 'firefox', f)).equals(readFileSync(join(ROOT, 'dist', 'firefox', f))), `dist/firefox/${f} differs`);
  }
});
