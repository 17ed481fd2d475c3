// The options page: defaults (format, prefix, expiration, scopes), the clipboard auto-clear
// delay, the language, and every record with Delete and Export.
import { loadPatmint } from './lib/load-patmint.js';
import { normalizePrefix, showMintError } from './lib/form-feedback.js';
import {
  LANGUAGES, deleteRecord, downloadRecords, fillDelaySelect, fillExpirationSelect, h,
  renderRecords, renderScopeTree, translatePage, translator,
} from './lib/ui.js';
import { BUILTIN_FORMATS } from './lib/model.js';
import {
  api, lastClipboardClear, lastRedaction, languageOf, loadRecords, loadSettings, saveRecords, saveSettings,
} from './ext.js';

const FORMATS = [...BUILTIN_FORMATS, 'custom'];
const $ = (id) => document.getElementById(id);

let settings = await loadSettings();
let t = translator(languageOf(settings));
let records = await loadRecords();
let tree = null;

function render() {
  translatePage(document, t);
  tree?.relabel(t);
  document.title = t('options.title');
  $('format').replaceChildren(...FORMATS.map((f) => h('option', { value: f }, t(`format.${f}`))));
  $('format').value = settings.format;
  $('prefix').value = settings.prefix;
  $('prefix-field').hidden = settings.format !== 'custom';
  // A default is a preset or none: a custom date would be wrong a day later.
  fillExpirationSelect($('expiration'), t, settings.expiration, { custom: false });
  fillDelaySelect($('clear-delay'), t, settings.clearDelay);
  $('lang').replaceChildren(
    h('option', { value: 'auto' }, t('options.auto')),
    ...Object.entries(LANGUAGES).map(([code, name]) => h('option', { value: code, lang: code }, name)),
  );
  $('lang').value = settings.lang;
  renderList();
  showLastClear();
  showLastRedaction();
}

function renderList() {
  renderRecords($('records-list'), records, t, {
    onDelete: async (r) => {
      records = deleteRecord(records, r.fingerprint);
      await saveRecords(records);
      renderList();
      $('export').focus();
    },
  });
  $('export').disabled = records.length === 0;
}

async function showLastRedaction() {
  const last = await lastRedaction();
  $('last-redaction').textContent = !last
    ? t('options.noRedaction')
    : last.ok
      ? t(last.found === 1 ? 'options.lastRedaction1' : 'options.lastRedaction', { found: last.found, verified: last.verified, time: new Date(last.at).toLocaleString(t.lang) })
      : t('options.lastRedactionFailed', { time: new Date(last.at).toLocaleString(t.lang) });
}

async function showLastClear() {
  const last = await lastClipboardClear();
  $('last-clear').textContent = last
    ? t('options.lastClear', {
      outcome: t(`autoclear.${last.outcome}`, { message: '' }),
      time: new Date(last.at).toLocaleString(t.lang),
    })
    : t('options.noClear');
}

$('format').addEventListener('change', () => {
  $('prefix-field').hidden = $('format').value !== 'custom';
});

$('settings-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('prefix-error').textContent = '';
  $('prefix-note').textContent = '';
  const format = $('format').value;
  // What can be fixed is fixed, and said (lower case, no trailing _).
  const { value: prefix, changes } = normalizePrefix($('prefix').value);
  if (format === 'custom') {
    if (changes.length > 0 && prefix !== '') {
      $('prefix').value = prefix;
      $('prefix-note').textContent = t('prefix.normalized', {
        prefix, what: changes.map((c) => t(`prefix.change.${c}`)).join(t('list.and')),
      });
    }
    // Validate exactly as the popup will mint: a throwaway mint, freed (zeroized) at once.
    try {
      patmint.mint({ name: 'validation', format: 'custom', prefix }).free();
    } catch (err) {
      showMintError($, t, err, { prefix });
      return;
    }
  }
  settings = {
    format,
    prefix: format === 'custom' ? prefix : '',
    expiration: $('expiration').value,
    scopes: patmint.normalizeScopes(tree.selected()),
    clearDelay: Number($('clear-delay').value),
    lang: $('lang').value,
  };
  await saveSettings(settings);
  t = translator(languageOf(settings));
  render();
  tree.select(settings.scopes);
  $('saved').textContent = t('options.saved');
});

$('export').addEventListener('click', () => downloadRecords(records));

// Records and the last clear may change while this page is open (a token minted in the popup).
api.storage.onChanged.addListener(async (changes, area) => {
  if (area !== 'local') return;
  if (changes.records) {
    records = await loadRecords();
    renderList();
  }
  if (changes.lastClear) showLastClear();
  if (changes.lastRedaction) showLastRedaction();
});

render();
const patmint = await loadPatmint();
tree = renderScopeTree($('scope-tree'), patmint.scopes(), { idPrefix: 'default-scope', t });
tree.select(settings.scopes);
$('save').disabled = false;
document.documentElement.dataset.ready = 'true';
