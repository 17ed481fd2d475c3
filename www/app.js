// The demo page: GitHub's create-token flow, entirely client-side.
// The wasm (inside load-patmint.js's module graph) is fetched at once but not waited for: the
// form is drawn first, from scope-catalogue.js, so that nothing moves once it is shown, and it is
// usable at once: a Generate pressed before the core is there waits for it.
const loader = import('./lib/load-patmint.js');
// The core once instantiated (the form is usable before): code that may run sooner — a record's
// Regenerate, a redaction's "is this my token?" — awaits loadPatmint() instead of reading this.
let patmint;
const loadPatmint = () => loader.then((m) => m.loadPatmint()).then((core) => (patmint = core));
const loadScanner = () => loader.then((m) => m.loadScanner());
const loadVerifier = () => loader.then((m) => m.loadVerifier());
import { SCOPES } from './lib/scope-catalogue.js';
import {
  FIXTURES, accessKind, clearFieldErrors, coreForGenerate, customScopesMessage, mintOptions,
} from './lib/mint-form.js';
import {
  checkPrefixField, customDateProblem, descriptionLengthWarning, noteLengthWarning, retranslate, showFieldError,
  showMintError, watchFieldErrors, watchPrefixField,
} from './lib/form-feedback.js';
import {
  DEFAULT_CLEAR_DELAY,
  DEFAULT_EXPIRATION,
  addRecord,
  customPrefixes,
  customDateBounds,
  delayText,
  endOfLocalDay,
  exportRecords,
  formatLabel,
  nameTaken,
  nameTakenError,
  pickLanguage,
  redactionView,
  recordStore,
  translator,
} from './lib/model.js';
import { LANGUAGES } from './lib/strings.js';
import {
  clipboardClearer,
  downloadRecords,
  fillDelaySelect,
  fillExpirationSelect,
  fillTypeSelect,
  h,
  renderPermissions,
  renderResult,
  reached,
  renderScopeTree,
  translatePage,
} from './lib/ui.js';
import { recordsPanel } from './lib/records-view.js';
import { mineText, recordFor, regenerateOptions, regenerated } from './lib/records.js';
import { rememberServer, serverFor } from './lib/use-token.js';
import { SERVER_PRESETS, serverRequirement } from './lib/server-presets.js';
import { knownPrefixes, mayHoldToken, storedTextError } from './lib/stored-text.js';

const $ = (id) => document.getElementById(id);
const PREFS = { lang: 'patmint.lang', delay: 'patmint.clearDelay', server: 'patmint.server' };

const store = recordStore(localStorage);
let t = translator(localStorage.getItem(PREFS.lang) ?? pickLanguage(navigator.languages));
let records = store.load();
let minted = null; // the MintedToken on display, if any
let result = null; // its view
let scopeTreeView = null;
let permissionsView = null;
let permissionCatalogue = null; // from the wasm; the table is drawn when first shown

/** The fine-grained permission table, drawn the first time it is needed (it is large). */
function permissionTable() {
  if (!permissionsView && permissionCatalogue) {
    permissionsView = renderPermissions($('permission-groups'), permissionCatalogue, t);
  }
  return permissionsView;
}

// The clipboard's news goes beside the copy it is about (in the result card), or below the form
// once the card is gone; the pending clear counts down. `make()` reads the page's language: a
// language switch says the latest news again.
let countdown = 0;
let news = null;
function clipboardNews(make) {
  news = make;
  if (result) result.sayClipboard(make());
  else $('clipboard-status').textContent = make();
}
const remaining = (seconds) => delayText(seconds >= 60 ? Math.ceil(seconds / 60) * 60 : seconds, t);

const clearer = clipboardClearer({
  fingerprintOf: (text) => patmint.fingerprint(text),
  report: (outcome, detail) => {
    clearInterval(countdown);
    if (outcome === 'pending') {
      const end = Date.now() + detail * 1000;
      const tick = () => clipboardNews(() => t('autoclear.pending', { time: remaining(Math.max(0, Math.ceil((end - Date.now()) / 1000))) }));
      tick();
      countdown = setInterval(tick, 1000);
      return;
    }
    const text = {
      cleared: () => t('autoclear.cleared'),
      overwritten: () => t('autoclear.overwritten'),
      changed: () => t('autoclear.changed'),
      left: () => t('autoclear.left'),
      waiting: () => t('autoclear.waiting'),
      failed: () => t('autoclear.failed', { message: t.error(detail) }),
    }[outcome];
    clipboardNews(text);
  },
});

// The server tokens are for ("Use it"): its host and, per format, the variable name; never a
// token (use-token.js refuses any value a token could be).
function serverPrefs() {
  try {
    return JSON.parse(localStorage.getItem(PREFS.server) ?? 'null') ?? {};
  } catch {
    return {};
  }
}

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
  $('custom-scopes-field').hidden = type !== 'custom';
  for (const id of ['description-field', 'owner-field', 'access', 'permissions']) $(id).hidden = !fine;
  if (fine) permissionTable();
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
  if (choice === 'custom') {
    const at = Date.parse(endOfLocalDay($('expiration-date').value) ?? '');
    if (Number.isFinite(at)) {
      hint = t('expiration.endOfDay', { time: new Date(at).toLocaleString(t.lang, { dateStyle: 'full', timeStyle: 'short' }) });
    }
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
  loadScanner,
  onChange: (list) => {
    records = list;
    store.save(records);
    renderRecordList();
  },
  // Regenerate: a new token with the record's settings and a fresh expiry, shown once like a
  // new one; the old record stays, marked replaced.
  onRegenerate: async (r, expiration) => {
    const fresh = (await loadPatmint()).mint(regenerateOptions(r, expiration));
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
  // The same token again (another language): what its view said is said again.
  const replay = result?.messages();
  result?.dispose();
  const format = minted.record().format;
  result = renderResult($('result'), minted, t, {
    onDone: done,
    afterCopy: (fingerprint) => {
      if (!fingerprint) clearInterval(countdown); // no token copied: the pending clear is moot
      clearer.schedule(clearDelay(), fingerprint);
    },
    fingerprintOf: (text) => patmint.fingerprint(text),
    server: serverFor(serverPrefs(), format),
    remember: (server) => localStorage.setItem(PREFS.server, JSON.stringify(rememberServer(serverPrefs(), format, server))),
    onExport: () => downloadRecords(records),
    exportLabel: t('records.export'),
    replay,
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

/** Back to the form as a first visit shows it: GitHub's defaults, no stale message. */
function done() {
  forget();
  $('create').hidden = false;
  $('create-form').reset(); // selects fall back to their first option: the defaults are set below
  $('format').value = 'ghp';
  $('expiration').value = DEFAULT_EXPIRATION;
  clearFieldErrors($);
  $('prefix-note').textContent = '';
  scopeTreeView.reset();
  permissionsView?.reset();
  renderStatic();
  $('note').focus();
}

let generating = false; // one Generate at a time, also while it waits for the core
$('create-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (generating) return;
  generating = true;
  try {
    await generateToken();
  } finally {
    generating = false;
  }
});

async function generateToken() {
  clearFieldErrors($);
  // The form is usable before the core is there: an early Generate waits for it, and only then
  // are the fields read (they may change meanwhile).
  const permissionsShown = Boolean(permissionsView);
  try {
    await coreForGenerate(loadPatmint(), $('form-status'), t('generate.waiting'));
  } catch (err) {
    return showMintError($, t, err);
  }
  const format = $('format').value;
  // The permission table comes with the core: a fine-grained token is minted only with
  // permissions the user has seen.
  if (format === 'github_pat' && !permissionsShown) return;
  // A fixable prefix is fixed, and the user told so (as it was typed, too: watchPrefixField).
  const fine = format === 'github_pat';
  const prefix = format === 'custom' ? checkPrefixField($, t, { final: true }) : '';
  if (format === 'custom' && prefix !== '') $('prefix').value = prefix;
  const noteTooLong = (tr) => noteLengthWarning($('note').value, tr, { fine });
  if (noteTooLong(t)) return showFieldError($, 'note', noteTooLong, t);
  const descriptionTooLong = (tr) => descriptionLengthWarning($('description').value, tr);
  if (fine && descriptionTooLong(t)) return showFieldError($, 'description', descriptionTooLong, t);
  const date = FIXTURES.includes(format) ? null : customDateProblem($('expiration').value, $('expiration-date').value);
  if (date) return showFieldError($, 'expiration', (tr) => tr(date.key, date.params), t);
  const options = mintOptions($, {
    scopes: () => scopeTreeView.selected(),
    permissions: () => permissionTable()?.selected() ?? {},
    prefix: () => prefix,
  });
  // No token in what is stored: every prefix this page knows, read as Redact reads.
  const held = await storedTextError(loadScanner, [
    { field: 'note', text: options.name }, { field: 'description', text: options.description },
  ], knownPrefixes(records, format === 'custom' ? prefix.value : ''));
  if (held) return showMintError($, t, held);
  let fresh;
  try {
    if (nameTaken(records, options.name, format)) throw nameTakenError();
    fresh = patmint.mint(options);
  } catch (err) {
    showMintError($, t, err, { prefix, fine });
    return;
  }
  forget();
  minted = fresh;
  records = addRecord(records, minted.record());
  store.save(records);
  renderRecordList();
  showResult();
}

$('expiration').addEventListener('change', () => {
  updateExpirationHint();
  if ($('expiration').value === 'custom') $('expiration-date').focus();
});

$('expiration-date').addEventListener('input', updateExpirationHint);

$('format').addEventListener('change', () => {
  updateType();
  if ($('format').value === 'custom') $('prefix').focus();
});

for (const radio of document.querySelectorAll('input[name="access"]')) {
  radio.addEventListener('change', () => {
    $('repositories-field').hidden = accessKind() !== 'selected';
  });
}

watchFieldErrors($, {
  note: (value) => noteLengthWarning(value, t, { fine: $('format').value === 'github_pat' }),
  description: (value) => descriptionLengthWarning(value, t),
  'custom-scopes': (value) => customScopesMessage(value, t),
});
watchPrefixField($, () => t);

$('clear-delay').addEventListener('change', () => {
  localStorage.setItem(PREFS.delay, $('clear-delay').value);
});

$('lang').addEventListener('change', () => {
  t = translator($('lang').value);
  localStorage.setItem(PREFS.lang, t.lang);
  renderStatic();
  retranslate($, t); // the form's errors and notes
  if (minted) showResult();
  if (news && (result || $('clipboard-status').textContent)) clipboardNews(news); // still shown
  checkToken();
  redactText();
  showServerVerdict();
});

$('export').addEventListener('click', () => downloadRecords(records));

// The check panel: verdict, masked form and fingerprint; the input is never echoed in clear
// and nothing is stored. The token is read as Redact reads it (issue 26.6): spaces around a
// paste are dropped, spaces and line breaks a paste put inside it are read across, and a token
// inside other text (`"ghp_…"`, `Bearer ghp_…`, `export X=ghp_…`) is found by the scanner and
// that part checked — the user is told which of these happened. A prefix the minting core does
// not know is looked up in the scanner's catalogue, so both panels recognise the same formats.
// Only a token the core accepts gets a fingerprint: the unsalted SHA-256 of anything else (a
// password pasted here) would invite a lookup.
const GAPS = /[\s\p{Cf}]+/gu; // what a paste puts inside a token: spaces, line breaks, invisible characters
let checkRun = 0;
async function checkToken() {
  const raw = $('check-input').value;
  const value = raw.trim();
  const run = ++checkRun;
  $('check-result').hidden = raw === '';
  const show = ({ note = '', verdict = '', ok = null, masked = '', fingerprint = '' }) => {
    $('check-trimmed').textContent = note;
    $('check-verdict').textContent = verdict;
    $('check-verdict').className = ok === null ? '' : ok ? 'ok' : 'error';
    $('check-masked').textContent = masked;
    $('check-fingerprint').textContent = fingerprint;
    $('check-fingerprint-row').hidden = fingerprint === '';
  };
  if (value === '') {
    show({ verdict: raw === '' ? '' : t('check.invalid', { message: t.error({ code: 'empty', message: 'empty token' }) }), ok: raw === '' ? null : false });
    return;
  }
  await loadPatmint(); // typed (or the language changed) before the core was there
  if (run !== checkRun) return; // typed on meanwhile
  const prefixes = customPrefixes(records);
  let token = value;
  let note = value !== raw ? t('check.trimmed') : '';
  let verdict = patmint.check(value, prefixes);
  const joined = value.replace(GAPS, '');
  if (!verdict.valid && joined !== value && joined !== '') {
    const read = patmint.check(joined, prefixes);
    if (read.valid) [verdict, token, note] = [read, joined, t('check.joined')];
  }
  let found = null; // the scanner's finding, when the token is a part of the text
  // The scanner only where it can tell more: a prefix the core does not know, or other text
  // around the token — and something it could find (the page that only checks a token it
  // minted never downloads it).
  const around = verdict.code === 'unknown_prefix' || /[^A-Za-z0-9_]/.test(joined);
  if (!verdict.valid && around && mayHoldToken(raw)) {
    const scanner = await loadScanner();
    if (run !== checkRun) return; // typed on meanwhile
    let findings = [];
    try {
      findings = scanner.scan(raw, prefixes).filter((f) => f.reason !== 'partial');
    } catch {
      findings = [];
    }
    // The first finding the core accepts (read across its gaps), else the first one.
    for (const f of findings) {
      const part = raw.slice(f.start, f.end).replace(GAPS, '');
      const read = patmint.check(part, prefixes);
      if (read.valid || !found) [found, token] = [f, part];
      if (read.valid) {
        verdict = read;
        break;
      }
    }
    if (found) {
      const whole = raw.slice(0, found.start).trim() === '' && raw.slice(found.end).trim() === '';
      note = whole ? t('check.joined') : t('check.part', { start: found.start + 1, end: found.end, masked: found.masked });
      if (!verdict.valid) verdict = patmint.check(token, prefixes);
    }
  }
  if (verdict.valid) {
    let text = verdict.format === 'github_pat' ? t('check.validShape') : t('check.valid', { format: formatLabel(verdict.format, t) });
    const mine = recordOfToken(token); // "is this my token?"
    if (mine) text = t.sentences(text, mineText(mine, t));
    show({ note, verdict: text, ok: true, masked: patmint.mask(token), fingerprint: patmint.fingerprint(token) });
  } else if (found && verdict.code === 'unknown_prefix') {
    // A format of the scanner's catalogue that patmint does not mint.
    show({
      note, masked: found.masked, ok: found.verified ? true : null,
      verdict: t(found.verified ? 'check.known' : 'check.knownShape', { format: found.format }),
    });
  } else {
    show({ note, verdict: t('check.invalid', { message: t.error(verdict) }), ok: false, masked: found?.masked ?? patmint.mask(value) });
  }
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
  $('redact-status').textContent = '';
  $('redact-result').hidden = true;
  if (text === '') {
    $('redact-summary').textContent = '';
    $('redact-findings').replaceChildren();
    $('redact-output').replaceChildren();
    return;
  }
  const [scanner] = await Promise.all([loadScanner(), loadPatmint()]); // the core: recordOfToken
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
  // Fragments only: not "no tokens", a warning (a token may go on where it was not joined).
  const partial = view.findings.filter((f) => f.reason === 'partial').length;
  $('redact-summary').textContent = view.findings.length === 0
    ? t('redact.none')
    : partial === view.findings.length
      ? t('redact.partialOnly', { n: partial })
      : t('redact.summary', { n: view.findings.length, verified });
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
    $('redact-status').textContent = t('redact.copied');
  } catch (err) {
    $('redact-status').textContent = t('redact.copyFailed', { message: err.message });
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
  $('server-custom-scopes').value = '';
  $('server-permissions').value = preset.permissions ?? '';
  // The repository typed stays for the checks of a repository.
  if (!preset.repository) $('server-repository').value = '';
}

function showServerVerdict() {
  const out = $('server-verdict');
  if (!serverVerdict) {
    out.textContent = '';
    out.className = '';
    return;
  }
  const { verdict, error, empty, missingRepository, noRecords, noRepository } = serverVerdict;
  let text;
  if (empty) text = t('server.empty');
  else if (missingRepository) text = t('server.needsRepository');
  else if (error) text = t('server.error', { message: t.error(error) });
  else if (verdict.allowed) text = t('server.allowed', { name: verdict.name });
  else if (verdict.reason === 'repository_not_allowed' && noRepository) text = t('server.denied.no_repository', { name: verdict.name ?? '' });
  else text = t(`server.denied.${verdict.reason}`, { name: verdict.name ?? '' });
  if (noRecords && verdict?.reason === 'unknown') text = t.sentences(text, t('server.noRecords'));
  out.textContent = text;
  out.className = verdict?.allowed ? 'ok' : 'error';
}

async function verifyAsServer() {
  // Spaces around a pasted token are not part of it (as Check and patmint verify read it).
  const token = $('server-token').value.trim();
  if (token === '') {
    serverVerdict = { empty: true };
    showServerVerdict();
    return;
  }
  const stored = store.load();
  const { requirement, missingRepository } = serverRequirement({
    scopes: $('server-scopes').value,
    customScopes: $('server-custom-scopes').value,
    permissions: $('server-permissions').value,
    repository: $('server-repository').value,
  }, $('server-preset').value);
  if (missingRepository) {
    serverVerdict = { missingRepository };
    showServerVerdict();
    $('server-repository').focus();
    return;
  }
  const verifier = await loadVerifier();
  try {
    serverVerdict = {
      verdict: verifier.verify(token, exportRecords(stored), requirement),
      noRecords: stored.length === 0,
      noRepository: requirement.repository === undefined,
    };
  } catch (err) {
    serverVerdict = { error: err };
  }
  showServerVerdict();
}

$('server-preset').addEventListener('change', applyServerPreset);
for (const id of ['server-scopes', 'server-custom-scopes', 'server-permissions', 'server-repository']) {
  $(id).addEventListener('input', () => {
    // A git check's repository is the request's, not the requirement's: typing it keeps the preset.
    if (id === 'server-repository' && SERVER_PRESETS[$('server-preset').value]?.repository) return;
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
scopeTreeView = renderScopeTree($('scope-tree'), SCOPES, { t });
$('check-input').addEventListener('input', checkToken);
if ($('check-input').value !== '') checkToken(); // typed before this script ran
$('generate').disabled = false;
reached('painted');
await loadPatmint();
permissionCatalogue = patmint.permissions();
if ($('format').value === 'github_pat') permissionTable();
reached('ready');
