// A git client for the server-half tests (tests/e2e/git-server.test.mjs, tests/server/): the token
// reaches git only through GIT_ASKPASS and an environment variable, never argv or a URL, and
// every output is kept so that the tests can search it for the token.
import { spawnSync } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes `dir`/askpass.sh and returns `git(args, { token, cwd })` → `{ ok, output }`, run with
 * HOME in `dir`/home (which must exist), no system configuration and no prompt; each output is
 * pushed to `outputs`.
 */
export async function gitClient(dir, outputs) {
  const askpass = join(dir, 'askpass.sh');
  await writeFile(askpass, '#!/bin/sh\ncase "$1" in\n  Username*) echo git ;;\n  *) printf \'%s\\n\' "$PATMINT_E2E_TOKEN" ;;\nesac\n');
  await chmod(askpass, 0o700);
  return (args, { token, cwd = dir } = {}) => {
    const env = {
      PATH: process.env.PATH,
      HOME: join(dir, 'home'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: askpass,
      PATMINT_E2E_TOKEN: token ?? '',
      LC_ALL: 'C',
    };
    const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
    const output = `${r.stdout}${r.stderr}`;
    outputs.push(output);
    return { ok: r.status === 0, output };
  };
}
