// The limits the UI's strings restate as numbers (the Japanese error messages, the form hints)
// held to the core, which states each limit once: each error is provoked in the shipped wasm,
// and every number of a string must be a number of the core's own (English) message for that
// error. A string with numbers that no provocation covers fails too, so a new restated limit
// cannot slip in unchecked.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { STRINGS } from '../../www/lib/strings.js';
import { EXPIRATION_DAYS } from '../../www/lib/model.js';

const pm = await import('../../www/pkg/patmint.js');
const vf = await import('../../www/pkg/patmint_verify.js');

before(async () => {
  const inflate = async (name) => gunzipSync(Buffer.from((await import(`../../www/pkg/${name}_wasm.js`)).default, 'base64'));
  pm.initSync({ module: await inflate('patmint') });
  vf.initSync({ module: await inflate('patmint_verify') });
});

const fine = (extra) => ({
  name: 'n', format: 'github_pat', resourceOwner: 'octo-org', repositoryAccess: { kind: 'all' },
  permissions: {}, expiresInDays: 30, ...extra,
});

/** How to make the core give each error whose strings restate a limit. */
const PROVOKE = {
  name_too_long: () => pm.mint({ name: 'a'.repeat(101) }),
  // The fine-grained form's wording of the same error (its Note is the "Token name").
  'fg.name_too_long': () => pm.mint(fine({ name: 'a'.repeat(101) })),
  invalid_prefix: () => pm.mint({ name: 'n', format: 'custom', prefix: 'A' }),
  invalid_length: () => pm.mint({ name: 'n', format: 'custom:acme:15' }),
  invalid_expiration: () => pm.mint({ name: 'n', expiresInDays: 14 }),
  expiration_required: () => pm.mint(fine({ expiresInDays: undefined })),
  invalid_resource_owner: () => pm.mint(fine({ resourceOwner: '-octo' })),
  description_too_long: () => pm.mint(fine({ description: 'd'.repeat(1025) })),
  invalid_repository: () => pm.mint(fine({ repositoryAccess: { kind: 'selected', repositories: ['octo-org/a b'] } })),
  too_many_repositories: () => pm.mint(fine({
    repositoryAccess: { kind: 'selected', repositories: Array.from({ length: 200 }, (_, i) => `octo-org/r${i}`) },
  })),
  no_repositories: () => pm.mint(fine({ repositoryAccess: { kind: 'selected', repositories: [] } })),
  expiration_too_far: () => pm.mint({ name: 'n', expiresAt: '2099-01-01' }),
  invalid_character: () => {
    const verdict = pm.check(`ghp_${'a'.repeat(35)}!`); // a verdict, not a throw
    throw Object.assign(new Error(verdict.message), { code: verdict.code });
  },
  // Every permission of the catalogue (more than the limit) in one requirement.
  too_many: () => vf.verify('ghp_x', '[]', {
    permissions: Object.fromEntries(pm.permissions().map((p) => [p.id, p.levels[0]])),
  }),
};

/** UI strings that state a limit of the form, and the error that states it in the core. */
const HINTS = {
  'prefix.hint': 'invalid_prefix',
  'fg.ownerHint': 'invalid_resource_owner',
  'fg.repositoriesHint': 'too_many_repositories',
  'fg.noExpiration': 'expiration_required',
};

/** The numbers of a text but 1 ("1 つ", one per line: a word, not a limit), and not those inside names (CRC32, SHA-256). */
const numbers = (s) => (s.match(/(?<![\w-])\d+(?!\w)/g) ?? []).map(Number).filter((n) => n !== 1);

// The wasm boundary refuses a description longer than the core's limit before the core sees it
// (MAX_OPTION_UNITS, in UTF-16 units, is at least the characters), with the same number.
const GIVEN_AS = { description_too_long: 'too_long', 'fg.name_too_long': 'name_too_long' };

function coreMessage(code) {
  try {
    PROVOKE[code]();
  } catch (err) {
    assert.equal(err.code, GIVEN_AS[code] ?? code, `provoking ${code}: ${err.message}`);
    return err.message;
  }
  assert.fail(`provoking ${code} gave no error`);
}

test('every number in a Japanese error message is the core\'s own', () => {
  for (const [key, text] of Object.entries(STRINGS.ja)) {
    const code = key.startsWith('error.') ? key.slice('error.'.length) : null;
    if (!code || numbers(text).length === 0) continue;
    assert.ok(code in PROVOKE, `${key} states numbers (${numbers(text)}): add a way to provoke ${code}`);
    const core = numbers(coreMessage(code));
    for (const n of numbers(text)) assert.ok(core.includes(n), `${key}: ${n} is not in the core's "${coreMessage(code)}"`);
  }
});

test('every number in a form hint is the core\'s own, in both languages', () => {
  for (const [key, code] of Object.entries(HINTS)) {
    const core = numbers(coreMessage(code));
    for (const lang of Object.keys(STRINGS)) {
      const text = STRINGS[lang][key];
      assert.ok(text, `${lang} ${key}`);
      assert.ok(numbers(text).length > 0, `${lang} ${key} states a limit`);
      for (const n of numbers(text)) assert.ok(core.includes(n), `${lang} ${key}: ${n} is not in the core's "${coreMessage(code)}"`);
    }
  }
});

test('the expiration presets the forms offer are the core\'s', () => {
  assert.deepEqual(EXPIRATION_DAYS, numbers(coreMessage('invalid_expiration')));
  for (const d of EXPIRATION_DAYS) pm.mint({ name: 'n', expiresInDays: d }).free();
});
