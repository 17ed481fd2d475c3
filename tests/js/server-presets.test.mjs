// The server panel's presets (www/lib/server-presets.js) held to docs/nginx-git.conf: the git
// presets ask exactly what that configuration asks patmint serve, read from the file itself,
// so that neither can change without the other (issue 26.7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { SERVER_PRESETS, serverRequirement } from '../../www/lib/server-presets.js';

const conf = await readFile(new URL('../../docs/nginx-git.conf', import.meta.url), 'utf8');

/** The levels `$patmint_level` takes (its map's values) and the requirement query it is put in. */
function nginxAsks() {
  const map = conf.match(/^map "[^"]*" \$patmint_level \{\n([\s\S]*?)\n\}/m);
  assert.ok(map, 'the $patmint_level map');
  const levels = [...new Set(map[1].trim().split('\n').map((line) => line.trim().replace(/;$/, '').split(/\s+/)[1]))];
  const set = conf.match(/set \$patmint_require "([^"]+)";/);
  assert.ok(set, 'the requirement the git location sets');
  return levels.map((level) => {
    const query = new URLSearchParams(set[1].replaceAll('$patmint_level', level));
    assert.deepEqual([...new Set(query.keys())].sort(), ['permission', 'repo', 'scope'], 'keys this test reads');
    // The repository is derived from the URL ($patmint_repo), so it is asked for.
    assert.deepEqual(query.getAll('repo'), ['$patmint_repo']);
    return {
      scopes: query.getAll('scope'),
      permissions: Object.fromEntries(query.getAll('permission').map((p) => p.split(':'))),
    };
  });
}

test('the git presets ask exactly what docs/nginx-git.conf asks, one preset per level', () => {
  const asks = nginxAsks();
  assert.deepEqual(asks.map((a) => a.permissions.contents).sort(), ['read', 'write']);
  const git = Object.entries(SERVER_PRESETS).filter(([, p]) => p && Object.keys(p).length > 0);
  const asked = git.map(([id, p]) => {
    const { requirement } = serverRequirement({ ...p, repository: 'octo-org/api' }, id);
    assert.equal(requirement.repository, 'octo-org/api', `${id}: the repository of the request`);
    assert.ok(p.repository, `${id}: a check of one repository`);
    return { scopes: requirement.scopes ?? [], permissions: requirement.permissions ?? {} };
  });
  const key = (a) => JSON.stringify(a);
  assert.deepEqual(asked.map(key).sort(), asks.map(key).sort());
  assert.deepEqual(SERVER_PRESETS.none, {}, 'any valid token');
  assert.equal(SERVER_PRESETS.custom, null, 'the user\'s own');
});

test('a check of a repository without one is refused; the user\'s own requirement keeps the core\'s rule', () => {
  for (const id of ['clone', 'push']) {
    assert.deepEqual(serverRequirement({ ...SERVER_PRESETS[id], repository: '  ' }, id), { missingRepository: true });
  }
  assert.deepEqual(serverRequirement({ scopes: 'repo', permissions: '', repository: '' }, 'custom'),
    { requirement: { scopes: ['repo'] } });
  assert.deepEqual(serverRequirement({ scopes: '', permissions: 'contents:read, issues', repository: ' a/b ' }, 'custom'),
    { requirement: { permissions: { contents: 'read', issues: '' }, repository: 'a/b' } });
  assert.deepEqual(serverRequirement({ scopes: '', permissions: '', repository: '' }, 'none'), { requirement: {} });
});
