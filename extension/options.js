// The options page: defaults (format, prefix, expiration, scopes), the clipboard auto-clear
// delay, the language, and every record with Delete and Export.
import { loadPatmint, loadScanner, loadVerifier } from './lib/load-patmint.js';
import { normalizePrefix, showMintError } from './lib/form-feedback.js';
import {
  LANGUAGES, downloadRecords, fillDelaySelect, fillExpirationSelect, h,
  reached, renderScopeTree, translatePage, translator,
} from './lib/ui.js';
import { recordsPanel } from './lib/records-view.js';
import { mineText, recordFor } from './lib/records.js';
import { expiryNotificationSwitch } from './expiry-options.js';
import { optionsRegenerator } from './regenerate.js';
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
let expirySwitch = null;

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
  expirySwitch?.relabel(t);
  showLastClear();
  showLastRedaction();
}

// The records section (lib/records-view.js): list, Delete with Undo, Delete all, Import.
const regenerator = optionsRegenerator($('records'), () => ({ t, clearDelay: settings.clearDelay }));
const recordsView = recordsPanel($('records'), {
  t,
  loadVerifier,
  loadPatmint,
  loadScanner,
  onChange: (list) => {
    records = list;
    renderList();
    saveRecords(records);
  },
  onRegenerate: async (r) => {
    records = await regenerator.run(r, records);
    renderList();
    await saveRecords(records);
    return r.name;
  },
});

function renderList() {
  recordsView.render(records, t);
}

async function showLastRedaction() {
  const last = await lastRedaction();
  // "Is this my token?": the records whose tokens the last redaction found.
  const mine = (last?.mine ?? []).map((fp) => recordFor(records, fp)).filter(Boolean).map((r) => ` ${mineText(r, t)}`);
  $('last-redaction').textContent = (!last
    ? t('options.noRedaction')
    : last.ok
      ? t('options.lastRedaction', { n: last.found, verified: last.verified, time: new Date(last.at).toLocaleString(t.lang) })
        + (last.partial > 0 ? t('options.lastRedactionPartial', { n: last.partial }) : '')
      : t('options.lastRedactionFailed', { time: new Date(last.at).toLocaleString(t.lang) })) + mine.join('');
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
expirySwitch = await expiryNotificationSwitch($('records'), t);
const patmint = await loadPatmint();
tree = renderScopeTree($('scope-tree'), patmint.scopes(), { idPrefix: 'default-scope', t });
tree.select(settings.scopes);
$('save').disabled = false;
reached('ready');
