// The demo page: GitHub's create-token flow, entirely client-side.
import { loadPatmint, loadScanner, loadVerifier } from './lib/load-patmint.js';
import { FIXTURES, accessKind, clearFieldErrors, mintOptions } from './lib/mint-form.js';
import {
  DEFAULT_CLEAR_DELAY,
  DEFAULT_EXPIRATION,
  LANGUAGES,
  addRecord,
  clipboardClearer,
  customPrefixes,
  customDateBounds,
  delayText,
  downloadRecords,
  exportRecords,
  fieldForError,
  fillDelaySelect,
  fillExpirationSelect,
  fillTypeSelect,
  h,
  nameTaken,
  nameTakenError,
  pickLanguage,
  redactionView,
  recordStore,
  renderPermissions,
  renderResult,
  renderScopeTree,
  translatePage,
  translator,
} from './lib/ui.js';
import { recordsPanel } from './lib/records-view.js';
import { mineText, recordFor, regenerateOptions, regenerated } from './lib/records.js';

const $ = (id) => document.getElementById(id);
const PREFS = { lang: 'patmint.lang', delay: 'patmint.clearDelay' };

const store = recordStore(localStorage);
let t = translator(localStorage.getItem(PREFS.lang) ?? pickLanguage(navigator.languages));
let records = store.load();
let minted = null; // the MintedToken on display, if any
let result = null; // its view
let scopeTreeView = null;
let permissionsView = null;

const clearer = clipboardClearer({
  fingerprintOf: (text) => patmint.fingerprint(text),
  report: (outcome, detail) => {
    const text = {
      pending: () => t('autoclear.pending', { time: delayText(detail, t) }),
      cleared: () => t('autoclear.cleared'),
      overwritten: () => t('autoclear.overwritten'),
      changed: () => t('autoclear.changed'),
      left: () => t('autoclear.left'),
      waiting: () => t('autoclear.waiting'),
      failed: () => t('autoclear.failed', { message: t.error(detail) }),
    }[outcome]();
    $('clipboard-status').textContent = text;
  },
});

function clearDelay() {
  const stored = localStorage.getItem(PREFS.delay);
  return stored !== null && Number.isFinite(Number(stored)) ? Number(stored) : DEFAULT_CLEAR_DELAY;
}

// --- rendering -------------------------------------------------------------------------------

function renderStatic() {
  translatePage(document, t);
  const lang = $('lang');
  lang.replaceChildren(...Object.entries(LANGUAGES).map(([code, name]) =>
    h('option', { value: code, selected: code === t.lang, lang: code }, name)));

  fillTypeSelect($('format'), t, $('format').value || 'ghp');
  updateType();
  scopeTreeView?.relabel(t);
  permissionsView?.relabel(t);

  fillDelaySelect($('clear-delay'), t, clearDelay());
  fillServerPresets();
  updateExpirationHint();
  renderRecordList();
}

/** Shows the fields of the chosen token type, in GitHub's order and words. */
function updateType() {
  const type = $('format').value;
  const fine = type === 'github_pat';
  const fixture = FIXTURES.includes(type);
  $('prefix-field').hidden = type !== 'custom';
  for (const id of ['description-field', 'owner-field', 'access', 'permissions']) $(id).hidden = !fine;
  $('scopes').hidden = fine || fixture;
  $('expiration-field').hidden = fixture;
  $('type-hint').hidden = !fixture;
  $('type-hint').textContent = fixture ? t(`fixture.${type}`) : '';
  const label = $('note-label');
  label.dataset.i18n = fine ? 'fg.name' : 'note.label';
  label.textContent = t(label.dataset.i18n);
  $('note').placeholder = t(fine ? 'fg.namePlaceholder' : 'note.placeholder');
  $('fg-expiration-note').hidden = !fine;
  fillExpirationSelect($('expiration'), t, $('expiration').value || DEFAULT_EXPIRATION, { none: !fine });
  $('repositories-field').hidden = accessKind() !== 'selected';
  updateExpirationHint();
}

function updateExpirationHint() {
  const choice = $('expiration').value;
  $('custom-date').hidden = choice !== 'custom';
  $('no-expiration-warning').hidden = choice !== 'none';
  let hint = '';
  if (/^\d+$/.test(choice)) {
    const at = new Date(Date.now() + Number(choice) * 86_400_000);
    hint = t('expiration.on', { date: at.toLocaleDateString(t.lang, { dateStyle: 'full' }) });
  }
  $('expiration-hint').textContent = hint;
  const { min, max } = customDateBounds();
  $('expiration-date').min = min;
  $('expiration-date').max = max;
}

// The records section (www/lib/records-view.js): list, Delete with Undo, Delete all, Import.
const recordsView = recordsPanel($('records'), {
  t,
  loadVerifier,
  loadPatmint,
  onChange: (list) => {
    records = list;
    store.save(records);
    renderRecordList();
  },
  // Regenerate: a new token with the record's settings and a fresh expiry, shown once like a
  // new one; the old record stays, marked replaced.
  onRegenerate: async (r) => {
    const fresh = patmint.mint(regenerateOptions(r));
    forget();
    minted = fresh;
    records = regenerated(records, r.fingerprint, minted.record());
    store.save(records);
    renderRecordList();
    showResult();
    return r.name;
  },
});

function renderRecordList() {
  recordsView.render(records, t);
}

function showResult() {
  result?.dispose();
  result = renderResult($('result'), minted, t, {
    onDone: done,
    afterCopy: (fingerprint) => clearer.schedule(clearDelay(), fingerprint),
    fingerprintOf: (text) => patmint.fingerprint(text),
  });
  $('create').hidden = true;
  $('result').hidden = false;
  $('result-title').focus();
}

// --- the flow --------------------------------------------------------------------------------

/** Frees the token (zeroized in wasm memory); only its record remains. */
function forget() {
  result?.dispose();
  result = null;
  if (minted) {
    minted.free();
    minted = null;
  }
  $('result').hidden = true;
}

function done() {
  forget();
  $('create').hidden = false;
  $('create-form').reset();
  scopeTreeView.reset();
  permissionsView.reset();
  renderStatic();
  $('note').focus();
}

function showError(err) {
  const field = fieldForError(err?.code);
  const target = $(`${field}-error`) ?? $('form-error');
  target.textContent = t.error(err);
  const focusable = {
    note: 'note', expiration: 'expiration', prefix: 'prefix', scopes: 'scope-tree', description: 'description',
    owner: 'owner', access: 'access', repositories: 'repositories', permissions: 'permission-groups',
  }[field];
  const el = focusable === 'expiration' && $('expiration').value === 'custom' ? $('expiration-date') : $(focusable);
  (el?.querySelector?.('input') ?? el)?.focus();
}

$('create-form').addEventListener('submit', (event) => {
  event.preventDefault();
  clearFieldErrors($);
  const format = $('format').value;
  const options = mintOptions($, {
    scopes: () => scopeTreeView.selected(),
    permissions: () => permissionsView.selected(),
    prefix: () => $('prefix').value.trim(),
  });
  let fresh;
  try {
    if (nameTaken(records, options.name, format)) throw nameTakenError();
    fresh = patmint.mint(options);
  } catch (err) {
    showError(err);
    return;
  }
  forget();
  minted = fresh;
  records = addRecord(records, minted.record());
  store.save(records);
  renderRecordList();
  showResult();
});

$('expiration').addEventListener('change', () => {
  updateExpirationHint();
  if ($('expiration').value === 'custom') $('expiration-date').focus();
});

$('format').addEventListener('change', () => {
  updateType();
  if ($('format').value === 'custom') $('prefix').focus();
});

for (const radio of document.querySelectorAll('input[name="access"]')) {
  radio.addEventListener('change', () => {
    $('repositories-field').hidden = accessKind() !== 'selected';
  });
}

$('clear-delay').addEventListener('change', () => {
  localStorage.setItem(PREFS.delay, $('clear-delay').value);
});

$('lang').addEventListener('change', () => {
  t = translator($('lang').value);
  localStorage.setItem(PREFS.lang, t.lang);
  renderStatic();
  if (minted) showResult();
  checkToken();
  redactText();
  showServerVerdict();
});

$('export').addEventListener('click', () => downloadRecords(records));

// The check panel: verdict, masked form and fingerprint; the input is never echoed in clear
// and nothing is stored.
function checkToken() {
  const value = $('check-input').value;
  $('check-result').hidden = value === '';
  if (value === '') {
    for (const id of ['check-verdict', 'check-masked', 'check-fingerprint']) $(id).textContent = '';
    return;
  }
  const verdict = patmint.check(value, customPrefixes(records));
  const label = verdict.valid ? t(`format.${verdict.format}`) : '';
  const formatName = label.startsWith('format.') ? verdict.format : label; // custom:… has no label
  $('check-verdict').textContent = verdict.valid
    ? t(verdict.format === 'github_pat' ? 'check.validNoChecksum' : 'check.valid', { format: formatName })
    : t('check.invalid', { message: t.error(verdict) });
  $('check-verdict').className = verdict.valid ? 'ok' : 'error';
  $('check-masked').textContent = patmint.mask(value);
  $('check-fingerprint').textContent = patmint.fingerprint(value);
  const mine = verdict.valid && recordFor(records, patmint.fingerprint(value)); // "is this my token?"
  if (mine) $('check-verdict').textContent += ` ${mineText(mine, t)}`;
}
/** The stored record of a found token ("is this my token?"), if any. */
function recordOfToken(token) {
  try {
    return recordFor(records, patmint.fingerprint(token));
  } catch {
    return undefined; // longer than any token: not one of ours
  }
}

// The Redact panel: findings (masked) and the redacted text to copy. The pasted text stays in
// the textarea only; the scanner package loads the first time it is needed.
const PREVIEW_LIMIT = 200_000; // characters of the redacted preview
const LIST_LIMIT = 500; // findings listed
let redacted = '';
let redactTimer = 0;

async function redactText() {
  clearTimeout(redactTimer);
  redactTimer = 0;
  const text = $('redact-input').value;
  redacted = '';
  $('redact-result').hidden = true;
  if (text === '') {
    $('redact-summary').textContent = '';
    $('redact-findings').replaceChildren();
    $('redact-output').replaceChildren();
    return;
  }
  const scanner = await loadScanner();
  if ($('redact-input').value !== text) return; // typed on meanwhile: the next run renders
  const prefixes = customPrefixes(records);
  let view;
  try {
    const result = scanner.redact(text, prefixes);
    view = redactionView(text, result.findings, PREVIEW_LIMIT);
    redacted = result.text;
  } catch (err) {
    $('redact-summary').textContent = t.error(err);
    return;
  }
  $('redact-result').hidden = false;
  const verified = view.findings.filter((f) => f.verified).length;
  $('redact-summary').textContent = view.findings.length === 0
    ? t('redact.none')
    : t('redact.summary', { count: view.findings.length, verified });
  // Fragments, not spread arguments: a pasted log may hold more findings than a call takes.
  const list = document.createDocumentFragment();
  for (const f of view.findings.slice(0, LIST_LIMIT)) {
    const mine = recordOfToken(text.slice(f.start, f.end));
    list.append(h('li', { class: f.verified ? 'verified' : 'unverified' },
      h('span', { class: 'where' }, t('redact.line', { line: f.line })), ' ',
      h('code', {}, f.masked), ' ',
      h('span', { class: 'format' }, f.format), ' — ',
      h('span', { class: 'verdict' }, t(f.verified ? 'redact.verified' : `redact.${f.reason}`)),
      mine ? h('strong', { class: 'mine' }, ` ${mineText(mine, t)}`) : null));
  }
  if (view.findings.length > LIST_LIMIT) {
    list.append(h('li', {}, t('redact.more', { count: view.findings.length - LIST_LIMIT })));
  }
  $('redact-findings').replaceChildren(list);
  const preview = document.createDocumentFragment();
  for (const p of view.parts) {
    preview.append(p.finding
      ? h('mark', { class: p.finding.verified ? 'verified' : 'unverified' }, p.finding.masked)
      : p.text);
  }
  if (view.truncated) preview.append(h('span', { class: 'muted' }, `\n${t('redact.truncated')}`));
  $('redact-output').replaceChildren(preview);
}

$('redact-input').addEventListener('input', () => {
  clearTimeout(redactTimer);
  redactTimer = setTimeout(redactText, 150);
});
$('redact-copy').addEventListener('click', async () => {
  if (redactTimer) await redactText(); // typed within the debounce: copy what is in the box
  if ($('redact-result').hidden) return; // nothing redacted (empty, changed meanwhile, an error)
  try {
    await navigator.clipboard.writeText(redacted);
    $('clipboard-status').textContent = t('redact.copied');
  } catch (err) {
    $('clipboard-status').textContent = t('redact.copyFailed', { message: err.message });
  }
});
$('redact-clear').addEventListener('click', () => {
  $('redact-input').value = '';
  redactText();
  $('redact-input').focus();
});

// "Try it as a server would": the verdict of the verifier package (the server half, loaded on
// first use) on a pasted token, against the records stored on this page, for a requirement.
// The token stays in its password field only; the verdict holds nothing of it.
const SERVER_PRESETS = {
  none: {},
  clone: { scopes: 'repo' },
  read: { permissions: 'contents:read' },
  push: { permissions: 'contents:write' },
  custom: null,
};
let serverVerdict = null; // { verdict } or { error }, for re-rendering in another language

function fillServerPresets() {
  const select = $('server-preset');
  const chosen = select.value || 'none';
  select.replaceChildren(...Object.keys(SERVER_PRESETS).map((id) =>
    h('option', { value: id, selected: id === chosen }, t(`server.preset.${id}`))));
}

function applyServerPreset() {
  const preset = SERVER_PRESETS[$('server-preset').value];
  if (!preset) return;
  $('server-scopes').value = preset.scopes ?? '';
  $('server-permissions').value = preset.permissions ?? '';
  $('server-repository').value = '';
}

/** The fields as verify()'s requirement: comma- or space-separated lists. */
function serverRequirement() {
  const list = (s) => s.split(/[\s,]+/).filter(Boolean);
  const requirement = {};
  const scopes = list($('server-scopes').value);
  if (scopes.length > 0) requirement.scopes = scopes;
  const permissions = list($('server-permissions').value);
  if (permissions.length > 0) {
    // `NAME` without a level stays as it is, for the core to name what is wrong with it.
    requirement.permissions = Object.fromEntries(permissions.map((p) => {
      const at = p.indexOf(':');
      return at < 0 ? [p, ''] : [p.slice(0, at), p.slice(at + 1)];
    }));
  }
  const repository = $('server-repository').value.trim();
  if (repository !== '') requirement.repository = repository;
  return requirement;
}

function showServerVerdict() {
  const out = $('server-verdict');
  if (!serverVerdict) {
    out.textContent = '';
    out.className = '';
    return;
  }
  const { verdict, error, empty, noRecords } = serverVerdict;
  let text;
  if (empty) text = t('server.empty');
  else if (error) text = t('server.error', { message: t.error(error) });
  else if (verdict.allowed) text = t('server.allowed', { name: verdict.name });
  else text = t(`server.denied.${verdict.reason}`, { name: verdict.name ?? '' });
  if (noRecords && verdict?.reason === 'unknown') text += ` ${t('server.noRecords')}`;
  out.textContent = text;
  out.className = verdict?.allowed ? 'ok' : 'error';
}

async function verifyAsServer() {
  const token = $('server-token').value;
  if (token === '') {
    serverVerdict = { empty: true };
    showServerVerdict();
    return;
  }
  const stored = store.load();
  const requirement = serverRequirement();
  const verifier = await loadVerifier();
  try {
    serverVerdict = { verdict: verifier.verify(token, exportRecords(stored), requirement), noRecords: stored.length === 0 };
  } catch (err) {
    serverVerdict = { error: err };
  }
  showServerVerdict();
}

$('server-preset').addEventListener('change', applyServerPreset);
for (const id of ['server-scopes', 'server-permissions', 'server-repository']) {
  $(id).addEventListener('input', () => {
    $('server-preset').value = 'custom';
  });
}
$('server-token').addEventListener('input', () => {
  serverVerdict = null;
  showServerVerdict();
});
$('server-form').addEventListener('submit', (event) => {
  event.preventDefault();
  verifyAsServer();
});

// Leaving the page while a clipboard clear is pending: the page's timer dies with it, so the
// clipboard is cleared at once (see clipboardClearer.clearNow), and the browser asks first.
addEventListener('beforeunload', (event) => {
  if (!clearer.pending) return;
  clearer.clearNow();
  event.preventDefault();
  event.returnValue = ''; // older browsers show the prompt only with a return value
});

// Shown once: leaving the page (reload, navigation, closing; into the back/forward cache too)
// frees the token and empties every field and view that may hold one — the Check field and
// its verdict, the text to redact and its preview, the server panel's token and its verdict.
// Coming back shows the form again, not an empty page.
addEventListener('pagehide', () => {
  clearer.clearNow();
  forget();
  $('check-input').value = '';
  checkToken();
  $('redact-input').value = '';
  redactText();
  $('server-token').value = '';
  serverVerdict = null;
  showServerVerdict();
});
addEventListener('pageshow', (event) => {
  if (event.persisted) done();
});

renderStatic();
const patmint = await loadPatmint();
scopeTreeView = renderScopeTree($('scope-tree'), patmint.scopes(), { t });
permissionsView = renderPermissions($('permission-groups'), patmint.permissions(), t);
$('check-input').addEventListener('input', checkToken);
$('generate').disabled = false;
document.documentElement.dataset.ready = 'true';
