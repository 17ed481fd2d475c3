// The build outputs some unit tests run against (dist/, www/pkg/). A missing one fails the test
// file: under `./build.sh test` it means the build is broken, never that its tests may quietly
// not run. Skipping is an explicit opt-in, for a unit run before any build:
// `PATMINT_ALLOW_SKIP=1 node --test tests/js/*.test.mjs`.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

/**
 * `false` when `path` (absolute) exists; else the reason to skip if PATMINT_ALLOW_SKIP=1 is
 * set; else throws, failing the file that asked.
 */
export function skipUnlessBuilt(path, env = process.env) {
  if (existsSync(path)) return false;
  const missing = `${relative(ROOT, path)} is missing: run ./build.sh build`;
  if (env.PATMINT_ALLOW_SKIP === '1') return `${missing} (skipped: PATMINT_ALLOW_SKIP=1)`;
  throw new Error(`${missing} (or set PATMINT_ALLOW_SKIP=1 to skip the tests that need it)`);
}
