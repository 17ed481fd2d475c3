// Unit tests of the "use the token" snippets and GitHub template links (www/lib/use-token.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CREDENTIAL_SNIPPETS, envSnippet, gitTranscript, githubTemplateUrl, readSnippet, remoteSnippet,
} from '../../www/lib/use-token.js';

test('snippets: the history-safe form holds no token; the transcript is GitHub\'s', () => {
  assert.equal(readSnippet(), 'read -rs GITHUB_TOKEN && export GITHUB_TOKEN');
  assert.equal(envSnippet('ghp_x'), 'export GITHUB_TOKEN=ghp_x');
  assert.match(gitTranscript('ghp_x'), /^\$ git clone https:\/\/github\.com\/OWNER\/REPO\.git\nUsername: YOUR-USERNAME\nPassword: ghp_x$/);
});

test('the remote snippet takes OWNER/REPO as typed, placeholders for empty or unsafe input', () => {
  assert.equal(remoteSnippet(), 'git remote set-url origin https://github.com/OWNER/REPO.git');
  assert.equal(remoteSnippet(' octo-org ', 'api.v2'), 'git remote set-url origin https://github.com/octo-org/api.v2.git');
  assert.equal(remoteSnippet('a;rm -rf', 'x y'), 'git remote set-url origin https://github.com/OWNER/REPO.git');
});

test('credential snippets feed git the protocol and host lines, then a blank line', () => {
  for (const text of Object.values(CREDENTIAL_SNIPPETS)) {
    assert.match(text, /^printf 'protocol=https\\nhost=github\.com\\n\\n' \| git credential/);
  }
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
