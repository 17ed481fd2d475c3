// The toolbar popup: quick create, then the shared result view; the latest records below.
import { loadPatmint } from './lib/load-patmint.js';
import {
  addRecord, delayText, expiryOptions, fieldForError, fillExpirationSelect, renderRecords, renderResult,
  renderScopeTree, translatePage, translator,
} from './lib/ui.js';
import {
  loadRecords, loadSettings, languageOf, openOptions, saveRecords, scheduleClipboardClear,
} from './ext.js';

const QUICK_SCOPES = ['repo', 'workflow', 'read:org', 'gist', 'read:packages'];
const $ = (id) => document.getElementById(id);

const settings = await loadSettings();
const t = translator(languageOf(settings));
let records = await loadRecords();
let minted = null;
let result = null;
let tree = null;
// Defaults outside the quick list would be invisible (and lost): start with the whole tree.
let showAll = settings.scopes.some((s) => !QUICK_SCOPES.includes(s));

translatePage(document, t);
document.title = 'patmint';
fillExpirationSelect($('expiration'), t, settings.expiration);
syncExpiration();

function syncExpiration() {
  $('custom-date').hidden = $('expiration').value !== 'custom';
  $('no-expiration-warning').hidden = $('expiration').value !== 'none';
}

function renderLatest() {
  renderRecords($('records-list'), records, t, { limit: 3, compact: true });
}

function renderTree(catalogue) {
  const selected = tree ? tree.selected() : settings.scopes;
  tree = renderScopeTree($('scope-tree'), catalogue, showAll ? {} : { only: QUICK_SCOPES });
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
  for (const id of ['note-error', 'expiration-error', 'scopes-error', 'prefix-error', 'form-error']) $(id).textContent = '';
  const options = {
    name: $('note').value,
    scopes: tree.selected(),
    ...expiryOptions($('expiration').value, $('expiration-date').value),
  };
  if (settings.format === 'custom') {
    options.format = 'custom';
    options.prefix = settings.prefix;
  } else {
    options.format = settings.format;
  }
  let fresh;
  try {
    fresh = patmint.mint(options);
  } catch (err) {
    const field = fieldForError(err?.code);
    ($(`${field}-error`) ?? $('form-error')).textContent = t.error(err);
    if (field === 'note') $('note').focus();
    return;
  }
  forget();
  minted = fresh;
  records = addRecord(records, minted.record());
  await saveRecords(records);
  renderLatest();
  result = renderResult($('result'), minted, t, {
    onDone: () => {
      forget();
      $('create-form').hidden = false;
      $('create-form').reset();
      $('expiration').value = settings.expiration;
      syncExpiration();
      tree.select(settings.scopes);
      $('note').focus();
    },
    afterCopy: async (fingerprint) => {
      if (!(settings.clearDelay > 0 && fingerprint)) return '';
      const reply = await scheduleClipboardClear(fingerprint, settings.clearDelay).catch((err) => ({ error: err }));
      return reply?.ok
        ? t('autoclear.pending', { time: delayText(settings.clearDelay, t) })
        : t('autoclear.failed', { message: String(reply?.error?.message ?? reply?.error ?? '') });
    },
    fingerprintOf: (text) => patmint.fingerprint(text),
  });
  $('create-form').hidden = true;
  $('result').hidden = false;
  $('result-title').focus();
}

// The popup closes as soon as the user clicks elsewhere: free the token with it.
addEventListener('pagehide', forget);

renderLatest();
const patmint = await loadPatmint();
const catalogue = patmint.scopes();
renderTree(catalogue);
$('more-scopes').addEventListener('click', () => {
  showAll = !showAll;
  renderTree(catalogue);
});
$('generate').disabled = false;
document.documentElement.dataset.ready = 'true';
