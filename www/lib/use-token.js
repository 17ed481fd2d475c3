// "Use it": how to use a token from this page, as the result view shows it (demo page and popup).
// A token minted here works only where its record is registered — a server running
// `patmint serve` (or the npm/crate verifier) with the exported records — so the section
// starts there, and every snippet is built for the server the user names (host, variable,
// owner, repository). GitHub accepts only tokens it issued: GitHub's own snippets (for a token
// made on GitHub, never copying this one) and the SAML note appear only for the GitHub formats,
// beside "Create this token on GitHub instead".
//
// Every snippet is displayed with the masked token or none; what a button copies is built at
// the click — the token alone for git's password prompt, commands that read the variable
// (`read -rs VAR`, then `$VAR`), the export line with it. The token is never in a URL or in
// what is remembered (the host and the variable name, validated so that no token fits).
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
// - https://cli.github.com/manual/gh_help_environment (gh reads GH_TOKEN, then GITHUB_TOKEN)
// - https://git-scm.com/docs/gitcredentials (credential.<url>.helper, `!` shell helpers)
// - https://curl.se/docs/manpage.html#-H (`-H @file`, `@-` for stdin, curl 7.55.0 and later)

/** The placeholders of a snippet while a field is empty or refused. */
export const PLACEHOLDER = Object.freeze({ host: 'HOST', owner: 'OWNER', repo: 'REPO' });

/** The tested proxy configurations (the README's "Server half"). */
export const SERVER_DOCS = Object.freeze({
  nginx: 'https://github.com/patmint/patmint/blob/main/docs/nginx-git.conf',
  caddy: 'https://github.com/patmint/patmint/blob/main/docs/caddy-git.Caddyfile',
  server: 'https://github.com/patmint/patmint/blob/main/docs/server.md',
});

/** The file name of the page's and the extension's export (ui.js downloadRecords). */
export const RECORDS_FILE = 'patmint-records.json';

const MAX_HOST = 253;
const MAX_VARIABLE = 64;

/**
 * What is wrong with a host typed for "the server this token is for", or null: `empty`,
 * `shape` (not hostname[:port] — lower-case letters, digits, hyphens and dots, or an IPv4
 * address, then an optional port 1–65535) or `github` (GitHub refuses the token). Lower case
 * only: a token pasted here by mistake (mixed-case random text) is refused, never remembered.
 */
export function hostProblem(value) {
  const v = String(value ?? '').trim();
  if (v === '') return 'empty';
  if (v.length > MAX_HOST + 6) return 'shape';
  const m = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)(?::(\d{1,5}))?$/.exec(v);
  if (!m || m[1].length > MAX_HOST) return 'shape';
  if (m[2] !== undefined && !(Number(m[2]) >= 1 && Number(m[2]) <= 65535)) return 'shape';
  if (m[1] === 'github.com' || m[1].endsWith('.github.com')) return 'github';
  return null;
}

/**
 * What is wrong with a variable name, or null: `shape` (not `^[A-Z_][A-Z0-9_]*$`, at most 64
 * characters) or `run` (16 or more letters and digits without an underscore: the shape of an
 * access key id, and the name is remembered — no real variable name needs it).
 */
export function variableProblem(value) {
  const v = String(value ?? '').trim();
  if (!/^[A-Z_][A-Z0-9_]*$/.test(v) || v.length > MAX_VARIABLE) return 'shape';
  if (/[A-Z0-9]{16}/.test(v)) return 'run';
  return null;
}

/** The variable a token of `format` goes in unless the user names another: `ACME_TOKEN` for `custom:acme`. */
export function defaultVariable(format) {
  const custom = /^custom:([a-z][a-z0-9]{1,15})$/.exec(String(format ?? ''));
  return custom ? `${custom[1].toUpperCase()}_TOKEN` : 'PATMINT_TOKEN';
}

const MAX_REMEMBERED_VARIABLES = 32;

/**
 * The remembered server for a token of `format`: `{ host, variable }` (host '' when none is
 * remembered). `prefs` is what was stored — `{ host, variables: { [format]: name } }` — and is
 * read defensively: anything not valid is ignored.
 */
export function serverFor(prefs, format) {
  const host = typeof prefs?.host === 'string' && hostProblem(prefs.host) === null ? prefs.host : '';
  const named = prefs?.variables && typeof prefs.variables === 'object' ? prefs.variables[format] : undefined;
  const variable = typeof named === 'string' && variableProblem(named) === null ? named : defaultVariable(format);
  return { host, variable };
}

/**
 * `prefs` with the server of `format` remembered (only valid values; at most 32 variables, the
 * latest kept). A variable equal to the default is not stored; a host of '' forgets the host.
 */
export function rememberServer(prefs, format, { host, variable }) {
  const old = serverFor(prefs, format);
  const variables = {};
  for (const [k, v] of Object.entries(prefs?.variables ?? {})) {
    if (k !== format && typeof v === 'string' && variableProblem(v) === null) variables[k] = v;
  }
  const name = variable !== undefined && variableProblem(variable) === null ? variable.trim() : old.variable;
  if (name !== defaultVariable(format)) variables[format] = name;
  const keys = Object.keys(variables);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED_VARIABLES))) delete variables[k];
  return {
    host: host === '' ? '' : host !== undefined && hostProblem(host) === null ? host.trim() : old.host,
    variables,
  };
}

/** OWNER and REPO as typed, or the placeholders while empty or unsafe. */
function slug(value, placeholder) {
  const v = String(value ?? '').trim();
  return /^[A-Za-z0-9._-]{1,100}$/.test(v) && !/^\.+$/.test(v) ? v : placeholder;
}

/**
 * The values a snippet is built from, each validated (a refused or empty one becomes its
 * placeholder): only these characters reach a command, none of which a shell interprets in
 * the places they are put.
 */
export function snippetTarget({ host, owner, repo, variable, format } = {}) {
  return {
    host: hostProblem(host) === null ? String(host).trim() : PLACEHOLDER.host,
    owner: slug(owner, PLACEHOLDER.owner),
    repo: slug(String(repo ?? '').trim().replace(/\.git$/, ''), PLACEHOLDER.repo),
    variable: variableProblem(variable) === null ? String(variable).trim() : defaultVariable(format),
  };
}

/** The repository's HTTPS URL on the server: `https://HOST/OWNER/REPO.git`. */
export function repoUrl(target) {
  return `https://${target.host}/${target.owner}/${target.repo}.git`;
}

/** The history-safe way to set the variable: the token is pasted at read's silent prompt. */
export function readSnippet(variable = 'PATMINT_TOKEN') {
  return `read -rs ${variable} && export ${variable}`;
}

/** The export line (the token lands in the shell history with it). */
export function envSnippet(token, variable = 'PATMINT_TOKEN') {
  return `export ${variable}=${token}`;
}

/** The verifier, given the exported records (the README's "Server half"). */
export function serveSnippet() {
  return `patmint serve --records ${RECORDS_FILE} --listen 127.0.0.1:8787`;
}

/** Clones over HTTPS from the server. */
export function cloneSnippet(target) {
  return `git clone ${repoUrl(target)}`;
}

/** git's password prompt for the server; only the token is ever copied from it. */
export function gitTranscript(token, target) {
  return `$ ${cloneSnippet(target)}\nUsername: YOUR-NAME\nPassword: ${token}`;
}

/**
 * Lets git read the variable for every request to the server: a credential helper (a shell
 * function git runs with `get`) that prints it. The configuration holds `$VAR`, never the token.
 */
export function helperSnippet(target) {
  return `git config --global credential.https://${target.host}.helper '!f() { if test "$1" = get; then echo username=token; echo "password=$${target.variable}"; fi; }; f'`;
}

/**
 * A request with the token as a Bearer header, read by curl from its standard input (`-H @-`):
 * printf is a shell builtin, so the token is on no command line (`ps` shows curl's). `allowed`,
 * or curl's error naming the status (401, 403).
 */
export function curlSnippet(target) {
  return `printf 'Authorization: Bearer %s\\n' "$${target.variable}" | curl -fsS -o /dev/null -H @- '${repoUrl(target)}/info/refs?service=git-upload-pack' && echo allowed`;
}

/** Switches the remote `origin` from SSH to HTTPS on the server. */
export function remoteSnippet(target) {
  return `git remote set-url origin ${repoUrl(target)}`;
}

/** Removes a cached credential for `host` so that git asks again: any helper, Keychain, GCM. */
export function credentialSnippets(host) {
  const feed = `printf 'protocol=https\\nhost=${host}\\n\\n'`;
  return {
    any: `${feed} | git credential reject`,
    keychain: `${feed} | git credential-osxkeychain erase`,
    gcm: `${feed} | git credential-manager erase`,
  };
}

/** GitHub's own snippets, for a token made on GitHub: none of them holds this page's token. */
export const GITHUB_SNIPPETS = Object.freeze({
  read: readSnippet('GITHUB_TOKEN'),
  transcript: '$ git clone https://github.com/OWNER/REPO.git\nUsername: YOUR-USERNAME\nPassword: YOUR-GITHUB-TOKEN',
  reject: credentialSnippets('github.com').any,
});

export const SAML_DOCS =
  'https://docs.github.com/en/enterprise-cloud@latest/authentication/authenticating-with-saml-single-sign-on/authorizing-a-personal-access-token-for-use-with-saml-single-sign-on';

/**
 * A snippet's text cut where a line may break without splitting a word: in a URL after each
 * `/` and before `?`; in a long word (over 20 characters) after `=`, `|`, `;`, `,`; a run of
 * mask characters (•) is its own piece, which may break anywhere (nobody reads it). Short
 * words (`username=token;`, `/dev/null`) stay whole. `[{ text, masked }]`, joined with <wbr>
 * by the view; spaces stay in the pieces (lines break there anyway).
 */
export function breakPoints(text) {
  const out = [];
  const push = (piece, masked = false) => {
    if (piece !== '') out.push({ text: piece, masked });
  };
  for (const part of String(text).split(/(•+)/)) {
    if (part.startsWith('•')) {
      push(part, true);
      continue;
    }
    // Cut inside words only; the pieces of one word are pushed apart, spaces ride along.
    let pending = '';
    for (const word of part.split(/(\s+)/)) {
      if (/^\s*$/.test(word)) {
        pending += word;
        continue;
      }
      const cut = word.includes('://')
        ? word.split(/(?<=\/)(?=[^/])|(?=\?)/)
        : word.length > 20 ? word.split(/(?<=[=|;,])(?=.)/) : [word];
      pending += cut[0];
      for (const piece of cut.slice(1)) {
        push(pending);
        pending = piece;
      }
    }
    push(pending);
  }
  return out;
}

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

/** The owner and repository a record names (a fine-grained token's first selected repository). */
export function recordRepository(record) {
  if (record.format !== 'github_pat') return { owner: '', repo: '' };
  const first = record.repositoryAccess?.kind === 'selected' ? record.repositoryAccess.repositories?.[0] ?? '' : '';
  const at = first.indexOf('/');
  return { owner: record.resourceOwner ?? '', repo: at < 0 ? '' : first.slice(at + 1) };
}

/**
 * Fills `code` with `text`: a <wbr> at each safe break (breakPoints), masked runs in a span, and
 * every other run without a space in a span that does not break — browsers also break after a
 * hyphen or before a brace (`git-upload-pack`, `%{http_code}`), which splits a word.
 */
export function fillCode(h, code, text) {
  const nodes = [];
  for (const [i, piece] of breakPoints(text).entries()) {
    if (i > 0) nodes.push(h('wbr'));
    if (piece.masked) {
      nodes.push(h('span', { class: 'masked' }, piece.text));
      continue;
    }
    for (const part of piece.text.split(/(\s+)/)) {
      if (part !== '') nodes.push(/\s/.test(part) ? part : h('span', { class: 'nobr' }, part));
    }
  }
  code.replaceChildren(...nodes);
  return code;
}

/**
 * The section's elements. `h` builds elements (ui.js); `copy(make, where)` copies
 * `make(secret)` and reports beside `where`; `status()` makes a status line. `server` is the
 * remembered `{ host, variable }` for this token's format, `remember(server)` stores a valid
 * change; `onExport` (with `exportLabel`) exports the records, or `exportHint` says where.
 */
export function useTokenSection({ h, t, masked, record, copy, status, server = {}, remember, onExport, exportLabel, exportHint }) {
  const format = record.format;
  const renders = []; // [code, (target) => text]: redrawn when a field changes
  const state = () => snippetTarget({
    host: host.value, owner: owner.value, repo: repo.value, variable: variable.value, format,
  });
  const snippet = (title, shown, make, copyLabel, { note, id } = {}) => {
    const said = status();
    const code = h('code', {});
    renders.push([code, shown]);
    const box = h('div', { class: 'snippet', id },
      title ? h('h4', {}, title) : null,
      note ? h('p', { class: 'muted' }, typeof note === 'function' ? '' : note) : null,
      h('pre', {}, code),
      h('button', { type: 'button', onclick: () => copy((tok) => make(tok, state()), said) }, copyLabel),
      said,
    );
    if (typeof note === 'function') renders.push([box.querySelector('p.muted'), note, true]);
    return { box, code };
  };
  const redraw = () => {
    const target = state();
    for (const [el, shown, plainText] of renders) {
      if (plainText) el.textContent = shown(target);
      else fillCode(h, el, shown(target));
    }
  };

  // The server the token is for: host and variable remembered (valid values only), owner and
  // repository for this token (a fine-grained one's own, to start with).
  const field = (id, label, attrs, hint) => {
    const input = h('input', { type: 'text', id, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-hint ${id}-error`, ...attrs });
    const error = h('p', { id: `${id}-error`, class: 'error', 'aria-live': 'polite' });
    const box = h('div', { class: 'field' },
      h('label', { for: id }, label), input,
      h('p', { id: `${id}-hint`, class: 'muted' }, hint), error);
    return { input, error, box };
  };
  const start = recordRepository(record);
  const hostField = field('use-host', t('use.server.host'), { placeholder: 'git.example.com', value: server.host ?? '' }, t('use.server.hostHint'));
  const variableField = field('use-variable', t('use.server.variable'), { value: server.variable ?? defaultVariable(format), placeholder: defaultVariable(format) }, t('use.server.variableHint'));
  const ownerField = field('use-owner', t('use.owner'), { placeholder: PLACEHOLDER.owner, value: start.owner }, t('use.ownerHint'));
  const repoField = field('use-repo', t('use.repo'), { placeholder: PLACEHOLDER.repo, value: start.repo }, t('use.repoHint'));
  const { input: host } = hostField;
  const { input: variable } = variableField;
  const { input: owner } = ownerField;
  const { input: repo } = repoField;
  const check = () => {
    const hostWrong = host.value.trim() === '' ? null : hostProblem(host.value);
    const variableWrong = variableProblem(variable.value);
    hostField.error.textContent = hostWrong ? t(`use.server.host.${hostWrong}`) : '';
    variableField.error.textContent = variableWrong ? t(`use.server.variable.${variableWrong}`, { fallback: defaultVariable(format) }) : '';
    host.setAttribute('aria-invalid', String(Boolean(hostWrong)));
    variable.setAttribute('aria-invalid', String(Boolean(variableWrong)));
    const ownerWrong = owner.value.trim() !== '' && slug(owner.value, null) === null;
    const repoWrong = repo.value.trim() !== '' && slug(repo.value.trim().replace(/\.git$/, ''), null) === null;
    ownerField.error.textContent = ownerWrong ? t('use.slugInvalid', { placeholder: PLACEHOLDER.owner }) : '';
    repoField.error.textContent = repoWrong ? t('use.slugInvalid', { placeholder: PLACEHOLDER.repo }) : '';
    return { hostOk: hostWrong === null && host.value.trim() !== '', variableOk: !variableWrong };
  };
  const changed = () => {
    const { hostOk, variableOk } = check();
    redraw();
    // Only valid values are remembered; an emptied host field forgets the host.
    const hostNow = host.value.trim() === '' ? '' : hostOk ? host.value : undefined;
    if (hostNow !== undefined || variableOk) remember?.({ host: hostNow, variable: variableOk ? variable.value : undefined });
  };
  for (const input of [host, variable, owner, repo]) input.addEventListener('input', changed);

  const plain = (text) => () => text;
  const gap = t.lang === 'ja' ? '' : ' '; // between sentences and a link: none after 。

  // 1. Where the token works: the records, the verifier, the proxy.
  const serve = snippet(t('use.serve'), serveSnippet, plain(serveSnippet()), t('use.copyCommand'));
  const where = h('div', { class: 'where', id: 'use-where' },
    h('h4', {}, t('use.where.heading')),
    h('p', { class: 'note', 'data-testid': 'use-where' }, t('use.where.text')),
    h('ol', { class: 'steps' },
      h('li', {}, t('use.step.export'), gap,
        onExport ? h('button', { type: 'button', onclick: onExport }, exportLabel) : h('span', { class: 'muted' }, exportHint)),
      h('li', {}, serve.box),
      h('li', {}, t('use.step.proxy'), gap,
        h('a', { href: SERVER_DOCS.nginx, target: '_blank', rel: 'noopener noreferrer' }, t('use.step.nginx')), t('use.step.sep'),
        h('a', { href: SERVER_DOCS.caddy, target: '_blank', rel: 'noopener noreferrer' }, t('use.step.caddy')), gap,
        h('span', { class: 'muted' }, t('use.step.proxyWhy')))),
    h('div', { class: 'server-fields' }, hostField.box, variableField.box, ownerField.box, repoField.box),
  );

  // 2. The token in a variable (read), then what reads it: git through a helper, curl.
  const read = snippet(t('use.read'), (s) => readSnippet(s.variable), (tok, s) => readSnippet(s.variable), t('use.copyRead'),
    { note: (s) => t('use.readWhy', { variable: s.variable }) });
  const clone = snippet(t('snippets.git'), (s) => gitTranscript(masked, s), (tok) => tok, t('snippets.copyGit'),
    { note: t('use.gitWhy') });
  const helper = snippet(t('use.helper'), helperSnippet, (tok, s) => helperSnippet(s), t('use.copyCommand'),
    { note: (s) => t('use.helperWhy', { variable: s.variable, host: s.host }) });
  const curl = snippet(t('use.curl'), curlSnippet, (tok, s) => curlSnippet(s), t('use.copyCommand'),
    { note: (s) => t('use.curlWhy', { variable: s.variable }) });
  const env = snippet(t('snippets.env'), (s) => envSnippet(masked, s.variable), (tok, s) => envSnippet(tok, s.variable), t('snippets.copyEnv'),
    { note: t('use.envWarning') });
  const remote = snippet(t('use.remote'), remoteSnippet, (tok, s) => remoteSnippet(s), t('use.copyRemote'),
    { note: t('use.remoteWhy') });
  const cached = ['any', 'keychain', 'gcm'].map((kind) =>
    snippet(t(`use.credential.${kind}`), (s) => credentialSnippets(s.host)[kind], (tok, s) => credentialSnippets(s.host)[kind], t('use.copyCommand')).box);

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

  // GitHub: only for the formats people create there, and only what GitHub's guide shows for a
  // token GitHub made (no button here copies this page's token for github.com).
  const template = githubTemplateUrl(record);
  const github = template
    ? h('div', { class: 'github', id: 'use-github' },
      h('h4', {}, t('use.github.heading')),
      h('p', { class: 'note' }, t('use.github.refused'), gap,
        h('a', { href: template, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'github-template' },
          t('use.onGitHub')),
        gap, h('span', { class: 'muted' }, t('use.onGitHubWhy'))),
      disclosure('use-github-cli', t('use.github.summary'),
        (() => {
          const ghRead = snippet(t('use.github.read'), plain(GITHUB_SNIPPETS.read), plain(GITHUB_SNIPPETS.read), t('use.copyRead'),
            { note: t('use.github.readWhy') });
          const ghGit = snippet(t('use.github.git'), plain(GITHUB_SNIPPETS.transcript), plain('git clone https://github.com/OWNER/REPO.git'), t('use.copyClone'),
            { note: t('use.github.gitWhy') });
          const ghReject = snippet(t('use.github.cached'), plain(GITHUB_SNIPPETS.reject), plain(GITHUB_SNIPPETS.reject), t('use.copyCommand'));
          return h('div', {}, ghRead.box, ghGit.box, ghReject.box);
        })(),
        h('p', { class: 'note' }, t('use.saml'), gap,
          h('a', { href: SAML_DOCS, target: '_blank', rel: 'noopener noreferrer' }, t('use.samlLink')))))
    : null;

  const section = h('section', { class: 'snippets', 'aria-labelledby': 'snippets-title' },
    h('h3', { id: 'snippets-title' }, t('snippets.heading')),
    where,
    read.box,
    clone.box,
    helper.box,
    curl.box,
    env.box,
    disclosure('use-remote', t('use.remoteSummary'), remote.box),
    disclosure('use-cached', t('use.cachedSummary'), h('p', { class: 'muted' }, t('use.cachedWhy')), ...cached),
    github,
  );
  check();
  redraw();
  return section;
}
