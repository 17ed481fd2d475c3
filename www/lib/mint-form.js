// The mint form's logic, shared by the demo page and the popup (assembled into the extension
// by build.sh): which formats are fixtures, which error slots to reset, the options for mint()
// read from the form. The views stay in each page; `$` looks an element up by id.
import { CUSTOM_SCOPES, TOKEN_TYPES, customScopeList, customScopesProblem, expiryOptions, repositoryList } from './model.js';

/** Formats issued by OAuth and GitHub Apps, minted only as test fixtures (no scopes, no expiry choice). */
export const FIXTURES = TOKEN_TYPES.filter((f) => f.fixture).map((f) => f.id);

/** The error slots beside the form's fields, emptied before each attempt. */
export const FIELD_ERRORS = ['note', 'expiration', 'scopes', 'prefix', 'form', 'description', 'owner',
  'access', 'repositories', 'permissions', 'custom-scopes'].map((field) => `${field}-error`);

export function clearFieldErrors($) {
  for (const id of FIELD_ERRORS) $(id).textContent = '';
}

/**
 * The core for a Generate pressed before it was instantiated (the form is usable first): the
 * core itself, and meanwhile — after a moment, so a fast load shows nothing — `status` says
 * `text` (a slow network).
 */
export async function coreForGenerate(ready, status, text) {
  const timer = setTimeout(() => {
    status.textContent = text;
  }, 200);
  try {
    return await ready;
  } finally {
    clearTimeout(timer);
    status.textContent = '';
  }
}

/** The chosen repository access of the fine-grained form. */
export function accessKind(doc = document) {
  return doc.querySelector('input[name="access"]:checked')?.value ?? 'selected';
}

/**
 * The options for mint() as the form states them; `scopes()` and `permissions()` read the
 * scope tree and the permission table, `prefix` is the custom prefix.
 */
export function mintOptions($, { scopes, permissions, prefix }) {
  const format = $('format').value;
  const options = { format, name: $('note').value };
  const expiry = () => expiryOptions($('expiration').value, $('expiration-date').value);
  if (format === 'github_pat') {
    const kind = accessKind($('format').ownerDocument);
    // What is minted is what the field shows: `octo/hello.git` becomes `octo/hello` there too.
    const typed = $('repositories').value.split(/[\s,]+/).filter(Boolean);
    const repositories = repositoryList($('repositories').value);
    if (kind === 'selected' && repositories.join('\n') !== typed.join('\n')) {
      $('repositories').value = repositories.join('\n');
    }
    Object.assign(options, {
      description: $('description').value,
      resourceOwner: $('owner').value,
      repositoryAccess: kind === 'selected'
        ? { kind, repositories }
        : { kind },
      permissions: permissions(),
      ...expiry(),
    });
  } else if (!FIXTURES.includes(format)) {
    Object.assign(options, { scopes: scopes() }, expiry());
  }
  if (format === 'custom') {
    options.prefix = prefix();
    const custom = customScopeList($('custom-scopes').value);
    if (custom.length > 0) options.customScopes = custom;
  }
  return options;
}

/**
 * What is wrong with "Your service's scopes" as typed, said as the user types (the core
 * refuses the same on Generate): a sentence, or '' when nothing is.
 */
export function customScopesMessage(text, t) {
  const problem = customScopesProblem(customScopeList(text));
  if (!problem) return '';
  return problem.code === 'too_many_custom_scopes'
    ? t('customScopes.tooMany', { max: CUSTOM_SCOPES.max })
    : t('customScopes.invalid', { n: problem.at, max: CUSTOM_SCOPES.maxChars });
}
