// The toolbar popup: quick create, then the shared result view; the latest records below.
import { loadPatmint, loadScanner } from '../www/lib/load-patmint.js';
import { knownPrefixes, storedTextError } from '../www/lib/stored-text.js';
import { SCOPES } from '../www/lib/scope-catalogue.js';
import {
  FIXTURES, accessKind, clearFieldErrors, coreForGenerate, customScopesMessage, mintOptions,
} from '../www/lib/mint-form.js';
import {
  customDateProblem, descriptionLengthWarning, noteLengthWarning, showFieldError, showMintError, watchFieldErrors,
} from '../www/lib/form-feedback.js';
import {
  addRecord, customDateBounds, delayText, nameTaken, nameTakenError, translator,
} from '../www/lib/model.js';
import {
  fillExpirationSelect, fillTypeSelect, reached, renderPermissions,
  renderRecords, renderResult, renderScopeTree, translatePage,
} from '../www/lib/ui.js';
import {
  loadRecords, loadSettings, languageOf, openOptions, saveRecords, saveSettings, scheduleClipboardClear,
} from './ext.js';
import { rememberServer, serverFor } from '../www/lib/use-token.js';

const QUICK_SCOPES = ['repo', 'workflow', 'read:org', 'gist', 'read:packages'];
const $ = (id) => document.getElementById(id);

// The wasm compiles while the settings and records are read and the form is drawn: the form
// is usable before the core is there, and a Generate pressed that soon waits for it.
const coreLoading = loadPatmint();
coreLoading.catch(() => {}); // awaited below; not "unhandled" while the storage is read
const [loaded, stored] = await Promise.all([loadSettings(), loadRecords()]);
let settings = loaded; // the result view's server fields update it
const t = translator(languageOf(settings));
let records = stored;
let minted = null;
let result = null;
let tree = null;
let permissionsView = null;
let permissionCatalogue = null; // from the wasm; the table is drawn when first shown

/** The fine-grained permission table, drawn the first time it is needed (it is large). */
function permissionTable() {
  if (!permissionsView && permissionCatalogue) {
    permissionsView = renderPermissions($('permission-groups'), permissionCatalogue, t, { idPrefix: 'popup-perm' });
  }
  return permissionsView;
}
// Defaults outside the quick list would be invisible (and lost): start with the whole tree.
let showAll = settings.scopes.some((s) => !QUICK_SCOPES.includes(s));

translatePage(document, t);
document.title = 'patmint';
fillTypeSelect($('format'), t, settings.format);
syncType();

/** The fields of the chosen token type, in GitHub's order and words. */
function syncType() {
  const type = $('format').value;
  const fine = type === 'github_pat';
  const fixture = FIXTURES.includes(type);
  for (const id of ['description-field', 'owner-field', 'access', 'permissions']) $(id).hidden = !fine;
  if (fine) permissionTable();
  $('custom-scopes-field').hidden = type !== 'custom';
  $('scopes').hidden = fine || fixture;
  $('expiration-field').hidden = fixture;
  $('type-hint').hidden = !fixture;
  $('type-hint').textContent = fixture ? t(`fixture.${type}`) : '';
  $('note-label').textContent = t(fine ? 'fg.name' : 'note.label');
  $('note').placeholder = t(fine ? 'fg.namePlaceholder' : 'note.placeholder');
  $('fg-expiration-note').hidden = !fine;
  fillExpirationSelect($('expiration'), t, $('expiration').value || settings.expiration, { none: !fine });
  $('repositories-field').hidden = accessKind() !== 'selected';
  syncExpiration();
}

function syncExpiration() {
  $('custom-date').hidden = $('expiration').value !== 'custom';
  $('no-expiration-warning').hidden = $('expiration').value !== 'none';
  const { min, max } = customDateBounds();
  $('expiration-date').min = min;
  $('expiration-date').max = max;
  // Which format the popup mints (a custom prefix comes from the options page).
  const type = $('format').value;
  $('format-hint').textContent = t('ext.mints', { prefix: type === 'custom' ? `${settings.prefix}_` : type === 'github_pat' ? 'github_pat_' : `${type}_` });
}

function renderLatest() {
  renderRecords($('records-list'), records, t, { limit: 3, compact: true });
}

function renderTree(catalogue) {
  const selected = tree ? tree.selected() : settings.scopes;
  tree = renderScopeTree($('scope-tree'), catalogue, showAll ? { t } : { only: QUICK_SCOPES, t });
  tree.select(selected);
  $('more-scopes').textContent = t(showAll ? 'ext.fewerScopes' : 'ext.moreScopes');
  $('more-scopes').setAttribute('aria-expanded', String(showAll));
}

function forget() {
  result?.dispose();
  result = null;
  minted?.free(); // zeroizes the secret in wasm memory
  minted = null;
  $('result').hidden = true;
}

$('expiration').addEventListener('change', syncExpiration);
watchFieldErrors($, {
  note: (value) => noteLengthWarning(value, t, { fine: $('format').value === 'github_pat' }),
  description: (value) => descriptionLengthWarning(value, t),
  'custom-scopes': (value) => customScopesMessage(value, t),
});
$('format').addEventListener('change', syncType);
for (const radio of document.querySelectorAll('input[name="access"]')) {
  radio.addEventListener('change', () => {
    $('repositories-field').hidden = accessKind() !== 'selected';
  });
}
$('open-options').addEventListener('click', () => openOptions());

$('create-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if ($('generate').disabled) return; // a second click while the first is being handled
  $('generate').disabled = true;
  try {
    await generateToken();
  } finally {
    $('generate').disabled = false;
  }
});

async function generateToken() {
  clearFieldErrors($);
  // The form is drawn before the core: an early Generate waits for it, and only then are the
  // fields read (they may change meanwhile).
  const permissionsShown = Boolean(permissionsView);
  let patmint;
  try {
    patmint = await coreForGenerate(patmintReady, $('form-status'), t('generate.waiting'));
  } catch (err) {
    return showMintError($, t, err);
  }
  const format = $('format').value;
  // The permission table comes with the core: a fine-grained token is minted only with
  // permissions the user has seen (the table is on screen now).
  if (format === 'github_pat' && !permissionsShown) return;
  const fine = format === 'github_pat';
  const noteTooLong = noteLengthWarning($('note').value, t, { fine });
  if (noteTooLong) return showFieldError($, 'note', noteTooLong);
  const descriptionTooLong = fine && descriptionLengthWarning($('description').value, t);
  if (descriptionTooLong) return showFieldError($, 'description', descriptionTooLong);
  const date = FIXTURES.includes(format) ? null : customDateProblem($('expiration').value, $('expiration-date').value);
  if (date) return showFieldError($, 'expiration', t(date.key, date.params));
  const options = mintOptions($, {
    scopes: () => tree.selected(),
    permissions: () => permissionTable()?.selected() ?? {},
    prefix: () => settings.prefix,
  });
  // No token in what is stored: every prefix the extension knows, read as the scanner reads.
  const held = await storedTextError(loadScanner, [
    { field: 'note', text: options.name }, { field: 'description', text: options.description },
  ], knownPrefixes(records, settings.prefix));
  if (held) return showMintError($, t, held);
  let fresh;
  try {
    if (nameTaken(records, options.name, format)) throw nameTakenError();
    fresh = patmint.mint(options);
  } catch (err) {
    showMintError($, t, err, { fine });
    return;
  }
  forget();
  minted = fresh;
  records = addRecord(records, minted.record());
  await saveRecords(records);
  renderLatest();
  const recordFormat = minted.record().format; // custom:PREFIX, where the select says custom
  result = renderResult($('result'), minted, t, {
    onDone: () => {
      forget();
      $('create-form').hidden = false;
      $('create-form').reset();
      clearFieldErrors($);
      $('format').value = settings.format;
      $('expiration').value = settings.expiration;
      syncType();
      $('expiration').value = settings.expiration; // syncType refilled the select for the type
      tree.select(settings.scopes);
      permissionsView?.reset();
      $('note').focus();
    },
    afterCopy: async (fingerprint) => {
      if (!(settings.clearDelay > 0 && fingerprint)) return '';
      const reply = await scheduleClipboardClear(fingerprint, settings.clearDelay).catch((err) => ({ error: err }));
      // The background clears it at the delay, whether or not the popup is still open.
      return reply?.ok
        ? t('autoclear.pendingExt', { time: delayText(settings.clearDelay, t) })
        : t('autoclear.failed', { message: String(reply?.error?.message ?? reply?.error ?? '') });
    },
    fingerprintOf: (text) => patmint.fingerprint(text),
    // The server tokens are for, remembered in the extension's settings (host and variable).
    server: serverFor(settings.server, recordFormat),
    remember: (server) => {
      settings = { ...settings, server: rememberServer(settings.server, recordFormat, server) };
      saveSettings(settings);
    },
    exportHint: t('ext.exportHint'),
  });
  $('create-form').hidden = true;
  $('result').hidden = false;
  $('result-title').focus();
}

// The popup closes as soon as the user clicks elsewhere: free the token with it.
addEventListener('pagehide', forget);

renderLatest();
// The form is whole before the wasm has arrived (scope-catalogue.js is the core's tree).
renderTree(SCOPES);
$('more-scopes').addEventListener('click', () => {
  showAll = !showAll;
  renderTree(SCOPES);
});
// Chained only now: its callback reads the state declared above, which a core arriving before
// the storage had answered would have found uninitialised.
const patmintReady = coreLoading.then((patmint) => {
  permissionCatalogue = patmint.permissions();
  if ($('format').value === 'github_pat') permissionTable();
  return patmint;
});
patmintReady.catch(() => {}); // awaited on Generate and below
$('generate').disabled = false;
// painted: the form is usable; ready: the core is instantiated too (the tests and bench/ux.mjs
// wait for these, as the demo page's).
reached('painted');
await patmintReady;
reached('ready');
