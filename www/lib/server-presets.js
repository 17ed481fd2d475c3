// "Try it as a server would" (the demo page's server panel), DOM-free: its requirement presets
// and how its fields become verify()'s requirement. The git presets ask exactly what
// docs/nginx-git.conf asks of a clone or fetch and of a push — `repo` for a classic token,
// `contents:read`/`contents:write` for a fine-grained one, on the repository of the URL —
// (tests/js/server-presets.test.mjs reads that file), and like patmint serve behind that
// configuration, such a check without its repository is refused, whatever the token.

/**
 * Preset id → the fields it fills (`null`: the user's own). `repository: true` marks a check of
 * one repository: the proxy derives it from the URL, and patmint serve refuses `repo=` empty.
 */
export const SERVER_PRESETS = {
  none: {},
  clone: { scopes: 'repo', permissions: 'contents:read', repository: true },
  push: { scopes: 'repo', permissions: 'contents:write', repository: true },
  custom: null,
};

const list = (s) => s.split(/[\s,]+/).filter(Boolean);

/**
 * The panel's fields (`{ scopes, customScopes, permissions, repository }`, text) as verify()'s requirement,
 * for the preset `presetId`: `{ requirement }`, or `{ missingRepository: true }` when the check
 * is of a repository and none was given (refused before any token is looked at).
 */
export function serverRequirement(fields, presetId) {
  const requirement = {};
  const scopes = list(fields.scopes ?? '');
  if (scopes.length > 0) requirement.scopes = scopes;
  const customScopes = list(fields.customScopes ?? '');
  if (customScopes.length > 0) requirement.customScopes = customScopes;
  const permissions = list(fields.permissions ?? '');
  if (permissions.length > 0) {
    // `NAME` without a level stays as it is, for the core to name what is wrong with it.
    requirement.permissions = Object.fromEntries(permissions.map((p) => {
      const at = p.indexOf(':');
      return at < 0 ? [p, ''] : [p.slice(0, at), p.slice(at + 1)];
    }));
  }
  const repository = (fields.repository ?? '').trim();
  if (repository !== '') requirement.repository = repository;
  else if (SERVER_PRESETS[presetId]?.repository) return { missingRepository: true };
  return { requirement };
}
