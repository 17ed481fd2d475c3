// "Use the token": GitHub's "Using a personal access token on the command line", whole, as the
// result view shows it (demo page and popup). Every snippet is displayed with the masked token;
// what a button copies is built at the click — the token alone for git's password prompt, a
// command without the token for the history-safe variable, the export line with it.
//
// Sources (read 2026-12-02):
// - https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens#using-a-personal-access-token-on-the-command-line
// - https://docs.github.com/en/get-started/git-basics/managing-remote-repositories#switching-remote-urls-from-ssh-to-https
// - https://docs.github.com/en/get-started/git-basics/updating-credentials-from-the-macos-keychain
// - https://docs.github.com/en/enterprise-cloud@latest/authentication/authenticating-with-saml-single-sign-on/authorizing-a-personal-access-token-for-use-with-saml-single-sign-on
// - https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens#pre-filling-fine-grained-personal-access-token-details-using-url-parameters
//   (the fine-grained template parameters name, description, target_name, expires_in,
//   <permission>=<level>; github/docs pull request 44419 of 2026-05-22 proposes removing that
//   section as the prefill is unreliable, so the page says GitHub may not fill every field).

/** The history-safe way to set the variable: the token is pasted at read's silent prompt. */
export function readSnippet(variable = 'GITHUB_TOKEN') {
  return `read -rs ${variable} && export ${variable}`;
}

/** The export line (the token lands in the shell history with it). */
export function envSnippet(token, variable = 'GITHUB_TOKEN') {
  return `export ${variable}=${token}`;
}

/** git's password prompt as GitHub's guide shows it; only the token is ever copied from it. */
export function gitTranscript(token) {
  return `$ git clone https://github.com/OWNER/REPO.git\nUsername: YOUR-USERNAME\nPassword: ${token}`;
}

/** OWNER and REPO as typed, or the placeholders while empty. */
function slug(value, placeholder) {
  const v = String(value ?? '').trim();
  return /^[A-Za-z0-9._-]{1,100}$/.test(v) ? v : placeholder;
}

/** Switches the remote `origin` from SSH to HTTPS. */
export function remoteSnippet(owner, repo) {
  return `git remote set-url origin https://github.com/${slug(owner, 'OWNER')}/${slug(repo, 'REPO')}.git`;
}

const CREDENTIAL = "printf 'protocol=https\\nhost=github.com\\n\\n'";

/** Removes a cached github.com credential so that git asks again: any helper, Keychain, GCM. */
export const CREDENTIAL_SNIPPETS = {
  any: `${CREDENTIAL} | git credential reject`,
  keychain: `${CREDENTIAL} | git credential-osxkeychain erase`,
  gcm: `${CREDENTIAL} | git credential-manager erase`,
};

export const SAML_DOCS =
  'https://docs.github.com/en/enterprise-cloud@latest/authentication/authenticating-with-saml-single-sign-on/authorizing-a-personal-access-token-for-use-with-saml-single-sign-on';

const DAY_MS = 86_400_000;

/**
 * GitHub's own create page with the record's settings, or null for what GitHub does not let
 * people create (custom prefixes, the app-issued fixtures). Classic: `description`, `scopes`
 * (comma-separated). Fine-grained: `name`, `description`, `target_name`, `expires_in` (days,
 * 1 to 366), then one `<permission>=<level>` per permission.
 */
export function githubTemplateUrl(record) {
  if (record.format === 'ghp') {
    const url = new URL('https://github.com/settings/tokens/new');
    url.searchParams.set('description', record.name);
    if (record.scopes.length) url.searchParams.set('scopes', record.scopes.join(','));
    return url.href;
  }
  if (record.format !== 'github_pat') return null;
  const url = new URL('https://github.com/settings/personal-access-tokens/new');
  url.searchParams.set('name', record.name);
  if (record.description) url.searchParams.set('description', record.description);
  url.searchParams.set('target_name', record.resourceOwner);
  const days = Math.round((Date.parse(record.expiresAt) - Date.parse(record.createdAt)) / DAY_MS);
  url.searchParams.set('expires_in', String(Math.min(366, Math.max(1, days))));
  for (const [id, level] of Object.entries(record.permissions)) url.searchParams.set(id, level);
  return url.href;
}

/**
 * The section's elements. `h` builds elements (ui.js); `copy(make, where)` copies
 * `make(secret)` and reports beside `where`; `status()` makes a status line.
 */
export function useTokenSection({ h, t, masked, record, copy, status }) {
  const snippet = (title, shown, make, copyLabel, { note, id } = {}) => {
    const said = status();
    const code = h('code', {}, shown);
    const box = h('div', { class: 'snippet', id },
      h('h4', {}, title),
      note ? h('p', { class: 'muted' }, note) : null,
      h('pre', {}, code),
      h('button', { type: 'button', onclick: () => copy(make, said) }, copyLabel),
      said,
    );
    return { box, code };
  };
  const plain = (text) => () => text;

  const read = snippet(t('use.read'), readSnippet(), plain(readSnippet()), t('use.copyRead'), { note: t('use.readWhy') });
  const env = snippet(t('snippets.env'), envSnippet(masked), (tok) => envSnippet(tok), t('snippets.copyEnv'),
    { note: t('use.envWarning') });
  const git = snippet(t('snippets.git'), gitTranscript(masked), (tok) => tok, t('snippets.copyGit'),
    { note: t('use.gitWhy') });

  // SSH → HTTPS, OWNER and REPO edited in place.
  const owner = h('input', { type: 'text', id: 'use-owner', autocomplete: 'off', spellcheck: 'false', placeholder: 'OWNER' });
  const repo = h('input', { type: 'text', id: 'use-repo', autocomplete: 'off', spellcheck: 'false', placeholder: 'REPO' });
  const remote = snippet(t('use.remote'), remoteSnippet(), () => remoteSnippet(owner.value, repo.value), t('use.copyRemote'),
    { note: t('use.remoteWhy') });
  const sync = () => {
    remote.code.textContent = remoteSnippet(owner.value, repo.value);
  };
  owner.addEventListener('input', sync);
  repo.addEventListener('input', sync);
  remote.box.querySelector('pre').before(h('div', { class: 'row slug' },
    h('label', { for: 'use-owner' }, t('use.owner')), owner,
    h('label', { for: 'use-repo' }, t('use.repo')), repo));

  const cached = Object.entries(CREDENTIAL_SNIPPETS).map(([kind, text]) =>
    snippet(t(`use.credential.${kind}`), text, plain(text), t('use.copyCommand')).box);

  // A disclosure button rather than <details>: Firefox loads a data: font for the latter's
  // marker, and the pages are held to making no load at all beyond their own files.
  const disclosure = (id, label, ...content) => {
    const region = h('div', { id, hidden: true }, ...content);
    const toggle = h('button', {
      type: 'button',
      class: 'disclosure',
      'aria-expanded': 'false',
      'aria-controls': id,
      onclick: () => {
        region.hidden = !region.hidden;
        toggle.setAttribute('aria-expanded', String(!region.hidden));
      },
    }, label);
    return h('div', { class: 'disclosure-box' }, toggle, region);
  };

  const template = githubTemplateUrl(record);
  return h('section', { class: 'snippets', 'aria-labelledby': 'snippets-title' },
    h('h3', { id: 'snippets-title' }, t('snippets.heading')),
    read.box,
    env.box,
    git.box,
    disclosure('use-remote', t('use.remoteSummary'), remote.box),
    disclosure('use-cached', t('use.cachedSummary'), h('p', { class: 'muted' }, t('use.cachedWhy')), ...cached),
    h('p', { class: 'note' }, t('use.saml'), ' ',
      h('a', { href: SAML_DOCS, target: '_blank', rel: 'noopener noreferrer' }, t('use.samlLink'))),
    template
      ? h('p', { class: 'note' },
        h('a', { href: template, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'github-template' },
          t('use.onGitHub')),
        ' ', h('span', { class: 'muted' }, t('use.onGitHubWhy')))
      : null,
  );
}
