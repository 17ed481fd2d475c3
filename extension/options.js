// The options page: defaults (format, prefix, expiration, scopes), the clipboard auto-clear
// delay, the language, and every record with Delete and Export.
import { loadPatmint, loadScanner, loadVerifier } from '../www/lib/load-patmint.js';
import { checkPrefixField, retranslate, showMintError, watchPrefixField } from '../www/lib/form-feedback.js';
import { translator } from '../www/lib/model.js';
import { LANGUAGES } from '../www/lib/strings.js';
import {
  downloadRecords, fillDelaySelect, fillExpirationSelect, fillTypeSelect, h,
  reached, renderScopeTree, translatePage,
} from '../www/lib/ui.js';
import { recordsPanel } from '../www/lib/records-view.js';
import { mineText, recordFor } from '../www/lib/records.js';
import { expiryNotificationSwitch } from './expiry-options.js';
import { optionsRegenerator } from './regenerate.js';
import { hostProblem } from '../www/lib/use-token.js';
import {
  api, lastClipboardClear, lastRedaction, languageOf, loadRecords, loadSettings, saveRecords, saveSettings,
} from './ext.js';

const $ = (id) => document.getElementById(id);

let settings = await loadSettings();
let t = translator(languageOf(settings));
let records = await loadRecords();
let tree = null;
let expirySwitch = null;

function render() {
  translatePage(document, t);
  retranslate($, t); // the prefix's note and error
  tree?.relabel(t);
  document.title = t('options.title');
  fillTypeSelect($('format'), t, settings.format); // the popup's names (model.js TOKEN_TYPES)
  $('prefix').value = settings.prefix;
  $('prefix-field').hidden = settings.format !== 'custom';
  $('server-host').value = settings.server?.host ?? '';
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
  onRegenerate: async (r, expiration) => {
    records = await regenerator.run(r, records, expiration);
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
  const mine = (last?.mine ?? []).map((fp) => recordFor(records, fp)).filter(Boolean).map((r) => mineText(r, t));
  $('last-redaction').textContent = t.sentences(!last
    ? t('options.noRedaction')
    : last.ok
      ? t.sentences(
        t('options.lastRedaction', { n: last.found, verified: last.verified, time: new Date(last.at).toLocaleString(t.lang) }),
        last.partial > 0 ? t('options.lastRedactionPartial', { n: last.partial }) : '')
      : t('options.lastRedactionFailed', { time: new Date(last.at).toLocaleString(t.lang) }), ...mine);
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
watchPrefixField($, () => t);

$('settings-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('prefix-error').textContent = '';
  $('prefix-note').textContent = '';
  $('server-host-error').textContent = '';
  const format = $('format').value;
  // The server of the result view's snippets: a host, or none; nothing else is remembered.
  const host = $('server-host').value.trim();
  const hostWrong = host === '' ? null : hostProblem(host);
  if (hostWrong) {
    $('server-host-error').textContent = t(`options.host.${hostWrong}`);
    $('server-host').focus();
    return;
  }
  // What can be fixed is fixed, and said (lower case, no trailing _), as it was while typed.
  const prefix = format === 'custom' ? checkPrefixField($, t, { final: true }) : '';
  if (format === 'custom') {
    if (prefix !== '') $('prefix').value = prefix;
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
    // The variables the popup remembered meanwhile are kept (read afresh: it may be open).
    server: { ...(await loadSettings()).server, host },
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
