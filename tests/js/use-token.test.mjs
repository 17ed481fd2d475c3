// Unit tests of the "use the token" snippets and GitHub template links (www/lib/use-token.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GITHUB_SNIPPETS, PLACEHOLDER, breakPoints, cloneSnippet, credentialSnippets, curlSnippet, defaultVariable,
  envSnippet, gitTranscript, githubTemplateUrl, helperSnippet, hostProblem, readSnippet, recordRepository,
  rememberServer, remoteSnippet, serveSnippet, serverFor, snippetTarget, variableProblem,
} from '../../www/lib/use-token.js';

const TOKEN = `acme_${'Ab1'.repeat(12)}`; // token-shaped, for what must never hold it

test('a host is hostname[:port] in lower case; github.com is refused for what it is', () => {
  for (const ok of ['git.example.com', 'git.example.com:8443', 'localhost', '127.0.0.1:8080', 'a-b.c0']) {
    assert.equal(hostProblem(ok), null, ok);
  }
  assert.equal(hostProblem(''), 'empty');
  assert.equal(hostProblem('  '), 'empty');
  for (const bad of ['Git.Example.com', 'a b', 'x;rm -rf /', "x'y", 'x$(id)', 'host:0', 'host:65536', 'host:', '-x.com',
    'x-.com', 'a..b', `${'a'.repeat(64)}.com`, 'https://git.example.com', 'git.example.com/', '[::1]:80',
    TOKEN, 'glpat-AbCdEfGhIjKlMnOpQrSt', `ghp_${'a'.repeat(36)}`]) {
    assert.equal(hostProblem(bad), 'shape', bad);
  }
  assert.equal(hostProblem('github.com'), 'github');
  assert.equal(hostProblem('api.github.com:443'), 'github');
  assert.equal(hostProblem('notgithub.com'), null);
});

test('a variable is ^[A-Z_][A-Z0-9_]*$, at most 64, with no 16-character run (an access key id)', () => {
  for (const ok of ['ACME_TOKEN', 'PATMINT_TOKEN', '_X', 'A1_B2']) assert.equal(variableProblem(ok), null, ok);
  for (const bad of ['', 'acme_token', '1X', 'A-B', 'A B', 'X$(id)', 'A'.repeat(65), TOKEN]) {
    assert.equal(variableProblem(bad), 'shape', bad);
  }
  assert.equal(variableProblem('AKIAIOSFODNN7EXAMPLE'), 'run');
  assert.equal(variableProblem('ABCDEFGHIJKLMNO_P'), null, '15 then _');
});

test('the default variable: PREFIX_TOKEN for a custom prefix, PATMINT_TOKEN otherwise (never GITHUB_TOKEN)', () => {
  assert.equal(defaultVariable('custom:acme'), 'ACME_TOKEN');
  assert.equal(defaultVariable('custom:a1'), 'A1_TOKEN');
  for (const f of ['ghp', 'github_pat', 'gho', undefined, 'custom:', 'custom:BAD']) assert.equal(defaultVariable(f), 'PATMINT_TOKEN');
});

test('the remembered server: valid values only, per format variables, bounded', () => {
  assert.deepEqual(serverFor(undefined, 'ghp'), { host: '', variable: 'PATMINT_TOKEN' });
  let prefs = rememberServer({}, 'custom:acme', { host: 'git.acme.test', variable: 'ACME_GIT' });
  assert.deepEqual(prefs, { host: 'git.acme.test', variables: { 'custom:acme': 'ACME_GIT' } });
  assert.deepEqual(serverFor(prefs, 'custom:acme'), { host: 'git.acme.test', variable: 'ACME_GIT' });
  assert.deepEqual(serverFor(prefs, 'ghp'), { host: 'git.acme.test', variable: 'PATMINT_TOKEN' });
  // Refused values change nothing, and are never stored.
  const same = rememberServer(prefs, 'custom:acme', { host: TOKEN, variable: 'AKIAIOSFODNN7EXAMPLE' });
  assert.deepEqual(same, prefs);
  assert.ok(!JSON.stringify(same).includes(TOKEN));
  // What was stored by hand and is wrong is ignored on reading.
  assert.deepEqual(serverFor({ host: 'X Y', variables: { ghp: 'bad name' } }, 'ghp'), { host: '', variable: 'PATMINT_TOKEN' });
  assert.equal(rememberServer(prefs, 'ghp', { host: '' }).host, '', 'an emptied field forgets the host');
  assert.equal(rememberServer(prefs, 'ghp', {}).host, 'git.acme.test', 'nothing said: kept');
  // The default is not stored; at most 32 variables, the latest kept.
  assert.deepEqual(rememberServer(prefs, 'custom:acme', { variable: 'ACME_TOKEN' }).variables, {});
  for (let i = 0; i < 40; i++) prefs = rememberServer(prefs, `custom:p${i}x`, { variable: `V${i}` });
  assert.equal(Object.keys(prefs.variables).length, 32);
  assert.equal(prefs.variables['custom:p39x'], 'V39');
});

test('snippets are built from the validated target; anything refused becomes its placeholder', () => {
  const target = snippetTarget({ host: 'git.acme.test:8443', owner: 'acme', repo: 'widgets.git', variable: 'ACME_TOKEN', format: 'custom:acme' });
  assert.deepEqual(target, { host: 'git.acme.test:8443', owner: 'acme', repo: 'widgets', variable: 'ACME_TOKEN' });
  assert.equal(readSnippet(target.variable), 'read -rs ACME_TOKEN && export ACME_TOKEN');
  assert.equal(envSnippet('acme_x', target.variable), 'export ACME_TOKEN=acme_x');
  assert.equal(cloneSnippet(target), 'git clone https://git.acme.test:8443/acme/widgets.git');
  assert.equal(remoteSnippet(target), 'git remote set-url origin https://git.acme.test:8443/acme/widgets.git');
  assert.equal(gitTranscript('acme_••••', target), '$ git clone https://git.acme.test:8443/acme/widgets.git\nUsername: YOUR-NAME\nPassword: acme_••••');
  assert.equal(serveSnippet(), 'patmint serve --records patmint-records.json --listen 127.0.0.1:8787');
  assert.equal(credentialSnippets('git.acme.test:8443').any, "printf 'protocol=https\\nhost=git.acme.test:8443\\n\\n' | git credential reject");
  const hostile = snippetTarget({ host: "x'; rm -rf / #", owner: '$(id)', repo: '`id`', variable: 'X;id', format: 'ghp' });
  assert.deepEqual(hostile, { host: PLACEHOLDER.host, owner: PLACEHOLDER.owner, repo: PLACEHOLDER.repo, variable: 'PATMINT_TOKEN' });
  assert.deepEqual(snippetTarget({ repo: '..' }).repo, PLACEHOLDER.repo);
});

/** Runs `script` in bash with `env` added; its standard output. */
const bash = (script, env = {}) => execFileSync('bash', ['--norc', '--noprofile', '-c', script],
  { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8' });

test('the shell runs the snippets as meant: the helper prints the variable, curl reads the header on stdin', () => {
  const target = snippetTarget({ host: 'git.acme.test', owner: 'acme', repo: 'widgets', variable: 'ACME_TOKEN' });
  for (const text of [readSnippet('ACME_TOKEN'), helperSnippet(target), curlSnippet(target), remoteSnippet(target),
    ...Object.values(credentialSnippets('git.acme.test:8443')), GITHUB_SNIPPETS.read, GITHUB_SNIPPETS.reject]) {
    bash(`set -n; ${text}`); // parses
    assert.ok(!text.includes(TOKEN));
  }
  // git config --global credential.https://HOST.helper '<helper>': run the helper as git would.
  const helper = bash(`git() { printf '%s\\n' "$@"; }; ${helperSnippet(target)}`).split('\n');
  assert.deepEqual(helper.slice(0, 3), ['config', '--global', 'credential.https://git.acme.test.helper']);
  assert.match(helper[3], /^!/);
  const said = bash(`${helper[3].slice(1)} get`, { ACME_TOKEN: TOKEN });
  assert.equal(said, `username=token\npassword=${TOKEN}\n`);
  assert.equal(bash(`${helper[3].slice(1)} store`, { ACME_TOKEN: TOKEN }), '', 'only get is answered (and store succeeds)');
  // And git itself, configured by the snippet (in a throwaway HOME), asks the helper.
  const home = mkdtempSync(join(tmpdir(), 'patmint-use-'));
  try {
    bash(helperSnippet(target), { HOME: home });
    const filled = execFileSync('git', ['credential', 'fill'], {
      input: 'protocol=https\nhost=git.acme.test\n\n',
      env: { PATH: process.env.PATH, HOME: home, ACME_TOKEN: TOKEN, GIT_TERMINAL_PROMPT: '0' },
      encoding: 'utf8',
    });
    assert.match(filled, new RegExp(`^username=token$`, 'm'));
    assert.match(filled, new RegExp(`^password=${TOKEN}$`, 'm'));
    assert.ok(!readFileSync(join(home, '.gitconfig'), 'utf8').includes(TOKEN), 'the token is not in git\'s configuration');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  // curl gets the header on its standard input and the token on no command line.
  const curl = bash(`curl() { printf 'ARGS %s\\n' "$*"; cat; }; ${curlSnippet(target)}`, { ACME_TOKEN: TOKEN });
  const [args, header] = curl.trim().split('\n');
  assert.equal(header, `Authorization: Bearer ${TOKEN}`);
  assert.ok(!args.includes(TOKEN));
  assert.match(args, /-H @- https:\/\/git\.acme\.test\/acme\/widgets\.git\/info\/refs\?service=git-upload-pack$/);
  assert.match(curl, /\nallowed\n$/, 'said when curl succeeds');
});

test('GitHub\'s snippets hold no token of this page and name what reads GITHUB_TOKEN', () => {
  assert.equal(GITHUB_SNIPPETS.read, 'read -rs GITHUB_TOKEN && export GITHUB_TOKEN');
  assert.match(GITHUB_SNIPPETS.transcript, /^\$ git clone https:\/\/github\.com\/OWNER\/REPO\.git\nUsername: YOUR-USERNAME\nPassword: YOUR-GITHUB-TOKEN$/);
  assert.match(GITHUB_SNIPPETS.reject, /^printf 'protocol=https\\nhost=github\.com\\n\\n' \| git credential reject$/);
});

test('break points: never inside a word, a variable name or a host; a mask run is its own piece', () => {
  const masked = `acme_${'•'.repeat(32)}abcd`;
  for (const text of [envSnippet(masked, 'ACME_TOKEN'), remoteSnippet(snippetTarget({ host: 'git.acme.test', owner: 'acme', repo: 'widgets' })),
    curlSnippet(snippetTarget({ host: 'git.acme.test', variable: 'ACME_TOKEN' })), `github_pat_${'•'.repeat(78)}WXYZ`]) {
    const pieces = breakPoints(text);
    assert.equal(pieces.map((p) => p.text).join(''), text, 'nothing lost');
    for (const word of ['ACME_TOKEN', 'git.acme.test', 'acme_', 'github_pat_', 'widgets.git', 'set-url', 'git-upload-pack', '/dev/null']) {
      if (text.includes(word)) assert.ok(pieces.some((p) => p.text.includes(word)), `${word} split in ${JSON.stringify(pieces)}`);
    }
    for (const p of pieces) assert.equal(p.masked, /^•+$/.test(p.text));
  }
  assert.deepEqual(breakPoints('https://h/x?y').map((p) => p.text), ['https://', 'h/', 'x', '?y']);
  // Short words stay whole; a long assignment may break after its =.
  for (const word of ['/dev/null', 'username=token;', 'a/b']) assert.deepEqual(breakPoints(word).map((p) => p.text), [word]);
  assert.deepEqual(breakPoints('"password=$A_RATHER_LONG_NAME";').map((p) => p.text), ['"password=', '$A_RATHER_LONG_NAME";']);
});

test('a fine-grained record names its owner and first repository', () => {
  assert.deepEqual(recordRepository({ format: 'github_pat', resourceOwner: 'octo-org', repositoryAccess: { kind: 'selected', repositories: ['octo-org/api', 'octo-org/web'] } }),
    { owner: 'octo-org', repo: 'api' });
  assert.deepEqual(recordRepository({ format: 'github_pat', resourceOwner: 'octo-org', repositoryAccess: { kind: 'all' } }), { owner: 'octo-org', repo: '' });
  assert.deepEqual(recordRepository({ format: 'ghp', scopes: [] }), { owner: '', repo: '' });
});

test('template URLs: classic and fine-grained settings as GitHub\'s parameters; none for others', () => {
  const classic = new URL(githubTemplateUrl({ format: 'ghp', name: 'deploy bot', scopes: ['repo', 'gist'] }));
  assert.equal(classic.origin + classic.pathname, 'https://github.com/settings/tokens/new');
  assert.equal(classic.searchParams.get('description'), 'deploy bot');
  assert.equal(classic.searchParams.get('scopes'), 'repo,gist');
  const fine = new URL(githubTemplateUrl({
    format: 'github_pat', name: 'ci', description: 'reads', resourceOwner: 'octo-org',
    repositoryAccess: { kind: 'all' }, permissions: { contents: 'read', metadata: 'read' },
    createdAt: '2026-12-01T10:00:00Z', expiresAt: '2027-01-15T10:00:00Z',
  }));
  assert.equal(fine.origin + fine.pathname, 'https://github.com/settings/personal-access-tokens/new');
  assert.deepEqual(Object.fromEntries(fine.searchParams), {
    name: 'ci', description: 'reads', target_name: 'octo-org', expires_in: '45', contents: 'read', metadata: 'read',
  });
  assert.equal(githubTemplateUrl({ format: 'custom:acme', name: 'x', scopes: [] }), null);
  assert.equal(githubTemplateUrl({ format: 'gho', name: 'x', scopes: [] }), null);
});
