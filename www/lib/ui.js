// The shared UI module: the views the demo page and the extension both show — scope tree, result
// (masked token, reveal, copy, snippets), records list — and the translation of static markup.
// Every string comes from strings.js through a translator `t` (see model.js).
import {
  CLEAR_DELAYS,
  EXPIRATION_DAYS,
  accessText,
  delayText,
  expiryStatus,
  expiryText,
  exportRecords,
  formatLabel,
  impliedScopes,
  scopeTree,
  TOKEN_TYPES,
} from './model.js';
import { fillCode, useTokenSection } from './use-token.js';
import { expiresSoon } from './records.js';

/**
 * Marks a start-up stage of a page: `data-<stage>="true"` on <html> (the tests wait for it) and
 * a performance mark `patmint:<stage>` (bench/ux.mjs reads it; DevTools shows it). The stages:
 * `painted` (the form is drawn and usable), `ready` (the core is instantiated too).
 */
export function reached(stage) {
  document.documentElement.dataset[stage] = 'true';
  performance.mark(`patmint:${stage}`);
}

/** Creates an element: h('button', { type: 'button', class: 'x' }, 'text', child…). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...children.filter((c) => c != null && c !== false));
  return el;
}

/** Fills `data-i18n` (text), `data-i18n-placeholder` and `data-i18n-label` (aria-label). */
export function translatePage(root, t) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) {
    el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  }
  for (const el of root.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
  if (root.documentElement) {
    root.documentElement.lang = t.lang;
    root.title = t('app.title');
  }
}

/**
 * Options of an Expiration select: the presets, optionally Custom, and No expiration unless
 * `none` is false (fine-grained tokens always expire).
 */
export function fillExpirationSelect(select, t, selected, { custom = true, none = true } = {}) {
  select.replaceChildren(
    ...EXPIRATION_DAYS.map((d) => h('option', { value: String(d) }, t('expiration.days', { n: d }))),
    custom ? h('option', { value: 'custom' }, t('expiration.custom')) : null,
    none ? h('option', { value: 'none' }, t('expiration.none')) : null,
  );
  select.value = selected;
  if (select.value !== selected) select.value = String(EXPIRATION_DAYS[1]);
}

/**
 * The token types (model.js TOKEN_TYPES) of the create forms and of the options page's default:
 * what people create by name, as GitHub lists them, then GitHub's app-issued fixtures with their
 * prefix.
 */
export function fillTypeSelect(select, t, selected) {
  select.replaceChildren(
    ...TOKEN_TYPES.filter((f) => !f.fixture).map((f) => h('option', { value: f.id }, t(`type.${f.id}`))),
    h('optgroup', { label: t('type.fixtures') },
      ...TOKEN_TYPES.filter((f) => f.fixture).map((f) => h('option', { value: f.id }, formatLabel(f.id, t)))),
  );
  select.value = selected;
}

/** Offers the records as a JSON file (a download from memory: no request). */
export function downloadRecords(records) {
  const url = URL.createObjectURL(new Blob([exportRecords(records)], { type: 'application/json' }));
  const a = h('a', { href: url, download: 'patmint-records.json' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Options of the clipboard auto-clear select. */
export function fillDelaySelect(select, t, selected) {
  select.replaceChildren(
    ...CLEAR_DELAYS.map((s) => h('option', { value: String(s), selected: s === selected }, delayText(s, t))),
  );
}

/**
 * The scope tree: one checkbox per scope, its accessible name the scope id, the description
 * beside it. Checking a parent checks and disables its descendants, as GitHub does.
 */
export function renderScopeTree(container, catalogue, { idPrefix = 'scope', only, t } = {}) {
  // Descriptions in the page's language (strings.js), the core's English otherwise.
  let describe = (scope) => (t ? t(`scope.${scope.id}`) : scope.description);
  const descs = new Map();
  const explicit = new Set();
  const boxes = new Map();
  const visible = only ? catalogue.filter((s) => only.includes(s.id)) : catalogue;
  const descendants = (id) => catalogue.filter((s) => {
    for (let p = s.parent; p; p = catalogue.find((x) => x.id === p)?.parent) if (p === id) return true;
    return false;
  });

  const sync = () => {
    const implied = impliedScopes(catalogue, explicit);
    for (const [id, box] of boxes) {
      box.disabled = implied.has(id);
      box.checked = explicit.has(id) || implied.has(id);
    }
  };

  const build = (nodes) =>
    h('ul', { class: 'scope-list' }, ...nodes.map(({ scope, children }) => {
      const id = `${idPrefix}-${scope.id.replace(/[^a-z0-9]/g, '-')}`;
      const box = h('input', {
        type: 'checkbox',
        id,
        value: scope.id,
        'aria-describedby': `${id}-desc`,
        onchange: (e) => {
          if (e.target.checked) explicit.add(scope.id);
          else explicit.delete(scope.id);
          for (const d of descendants(scope.id)) explicit.delete(d.id);
          sync();
        },
      });
      boxes.set(scope.id, box);
      return h(
        'li',
        {},
        h('span', { class: 'scope' },
          box,
          h('label', { for: id }, h('code', {}, scope.id)),
          (() => {
            const desc = h('span', { id: `${id}-desc`, class: 'scope-desc' }, describe(scope));
            descs.set(scope, desc);
            return desc;
          })(),
        ),
        children.length ? build(children) : null,
      );
    }));

  container.replaceChildren(build(only ? visible.map((scope) => ({ scope, children: [] })) : scopeTree(catalogue)));
  return {
    /** The scopes the user checked (the core normalises them). */
    selected: () => [...explicit],
    select(ids) {
      explicit.clear();
      for (const id of ids) if (boxes.has(id)) explicit.add(id);
      sync();
    },
    reset() {
      explicit.clear();
      sync();
    },
    /** Shows the descriptions in another language. */
    relabel(translate) {
      describe = (scope) => translate(`scope.${scope.id}`);
      for (const [scope, desc] of descs) desc.textContent = describe(scope);
    },
  };
}

/**
 * The fine-grained permissions, in GitHub's three sections (fieldsets "Repository permissions",
 * "Organization permissions", "Account permissions"): per permission a select named by its
 * title — "No access" and the levels GitHub offers for it — with its description beside it.
 * Choosing any repository permission makes Metadata read-only and mandatory, as GitHub does:
 * its select is then fixed at "Read-only" (disabled) with a note that says why, rather than
 * letting "No access" be chosen and silently put back.
 */
export function renderPermissions(container, catalogue, t, { idPrefix = 'perm' } = {}) {
  const selects = new Map();
  const texts = [];
  let tr = t;
  const text = (el, key) => {
    texts.push([el, key]);
    el.textContent = tr(key);
    return el;
  };
  const sync = () => {
    const repositoryChosen = [...selects].some(([id, select]) =>
      select.value && id !== 'metadata' && catalogue.find((p) => p.id === id)?.group === 'repository');
    const metadata = selects.get('metadata');
    if (!metadata) return;
    if (repositoryChosen) metadata.value = 'read';
    metadata.disabled = repositoryChosen;
    mandatory.hidden = !repositoryChosen;
    // The note is read out with the select only while it is shown.
    const desc = `${metadata.id}-desc`;
    metadata.setAttribute('aria-describedby', repositoryChosen ? `${mandatory.id} ${desc}` : desc);
  };
  const mandatory = h('span', { id: `${idPrefix}-metadata-mandatory`, class: 'scope-desc mandatory', hidden: true });
  text(mandatory, 'fg.metadataMandatory');
  const groups = ['repository', 'organization', 'account'].map((group) =>
    h('fieldset', { class: 'permission-group' },
      text(h('legend'), `fg.group.${group}`),
      h('ul', { class: 'permission-list' }, ...catalogue.filter((p) => p.group === group).map((p) => {
        const id = `${idPrefix}-${p.id.replace(/_/g, '-')}`;
        const select = h('select', { id, 'aria-describedby': `${id}-desc`, onchange: sync },
          text(h('option', { value: '' }), 'fg.level.none'),
          ...p.levels.map((level) => text(h('option', { value: level }), `fg.level.${level}`)));
        selects.set(p.id, select);
        return h('li', { class: 'permission' },
          text(h('label', { for: id }), `perm.${p.id}`),
          select,
          p.id === 'metadata' ? mandatory : null,
          text(h('span', { id: `${id}-desc`, class: 'scope-desc' }), `perm.${p.id}.desc`));
      })),
    ));
  container.replaceChildren(...groups);
  return {
    /** `{ id: level }` of the chosen permissions. */
    selected() {
      const out = {};
      for (const [id, select] of selects) if (select.value) out[id] = select.value;
      return out;
    },
    select(levels) {
      for (const [id, select] of selects) select.value = levels[id] ?? '';
      sync();
    },
    reset() {
      for (const select of selects.values()) select.value = '';
      sync();
    },
    focus() {
      selects.values().next().value?.focus();
    },
    relabel(translate) {
      tr = translate;
      for (const [el, key] of texts) el.textContent = tr(key);
    },
  };
}

/**
 * The result view of a freshly minted token. `minted` is the wasm MintedToken; the clear text
 * enters the DOM only while the user has it revealed. Returns { say, sayClipboard, dispose }.
 *
 * options.onDone()               the user is done (the caller frees the token)
 * options.afterCopy(fingerprint) schedule the clipboard clear for what was just copied; may
 *                                return (a promise of) a sentence to add to the confirmation.
 *                                null: what was copied holds no token, and replaced the
 *                                clipboard's content — a pending clear is moot (cancel it)
 * options.fingerprintOf(text)    the core's SHA-256 (to remember a copied snippet without it)
 * options.server, .remember,     the "Use it" section's server (use-token.js useTokenSection)
 * .onExport, .exportLabel, .exportHint
 * options.replay                 the messages() of a view of the same token (a language switch)
 */
export function renderResult(container, minted, t, options = {}) {
  const REVEAL_MS = 30_000;
  let hideTimer = 0;
  let used = false; // copied or revealed: Done asks once before discarding an unseen token
  let asked = false;
  const masked = minted.masked;
  const record = minted.record();
  // Every status line, in order, and what each says as a function of the language: a view
  // drawn again in another language (options.replay) says it again, and keeps `used`.
  const statuses = [];
  const said = new Map();
  const status = () => {
    const line = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    statuses.push(line);
    return line;
  };
  const main = status();
  let last = main; // where the latest copy was confirmed: the clipboard's news goes there too
  // The masked form breaks only between its prefix and the mask (fillCode), never mid-prefix.
  const token = fillCode(h, h('code', { class: 'token', 'data-testid': 'token', 'aria-label': t('result.tokenLabel') }), masked);
  const reveal = h('button', { type: 'button', class: 'reveal', 'aria-pressed': 'false' }, t('reveal'));
  // The clipboard's news (a span) follows the latest copy's confirmation.
  const moveTo = (where) => {
    if (where !== last) last.querySelector('.clipboard')?.remove();
    last = where;
  };
  const say = (text, where = main) => {
    moveTo(where);
    const make = typeof text === 'function' ? text : () => text;
    said.set(where, make);
    const news = where.querySelector('.clipboard');
    where.replaceChildren(make(t));
    if (news) where.append(t.gap, news);
  };

  const conceal = () => {
    clearTimeout(hideTimer);
    fillCode(h, token, masked);
    reveal.textContent = t('reveal');
    reveal.setAttribute('aria-pressed', 'false');
  };
  reveal.addEventListener('click', () => {
    if (reveal.getAttribute('aria-pressed') === 'true') return conceal();
    used = true;
    token.textContent = minted.reveal();
    reveal.textContent = t('hide');
    reveal.setAttribute('aria-pressed', 'true');
    say((tr) => tr('revealHidden'));
    hideTimer = setTimeout(conceal, REVEAL_MS);
  });

  const fingerprint = minted.fingerprint; // read now: the token may be freed during the await
  const copyToken = async () => {
    moveTo(main);
    try {
      await minted.copyToClipboard();
      used = true;
      const note = await options.afterCopy?.(fingerprint);
      say((tr) => tr.sentences(tr('copied'), note));
    } catch (err) {
      say((tr) => tr('copyFailed', { message: tr.error(err) }));
    }
  };

  // A snippet is displayed masked and copied as `make(secret)`. Its clear text exists only as
  // the argument of writeText; what is remembered for the auto-clear is its fingerprint. A
  // snippet without the token (make ignores it) needs no clear.
  const copySnippet = async (make, where) => {
    moveTo(where);
    try {
      const secret = minted.reveal();
      const text = make(secret);
      const holds = text.includes(secret);
      await navigator.clipboard.writeText(text);
      if (holds) used = true;
      // A copy without the token replaced it on the clipboard: the clear pending for an earlier
      // copy is cancelled, so that no news of it lands beside this one.
      const note = await options.afterCopy?.(holds ? options.fingerprintOf?.(text) : null);
      say((tr) => tr.sentences(tr(holds ? 'snippets.copied' : 'use.copied'), note), where);
    } catch (err) {
      say((tr) => tr('copyFailed', { message: tr.error(err) }), where);
    }
  };

  const done = h('button', {
    type: 'button',
    onclick: () => {
      if (!used && !asked) {
        asked = true;
        say((tr) => tr('result.unseen'));
        return;
      }
      options.onDone?.();
    },
  }, t('done'));
  container.replaceChildren(
    h('h2', { id: 'result-title', tabindex: '-1' }, t('result.heading')),
    h('p', { class: 'warning', role: 'note' }, t('result.warning')),
    token,
    h('div', { class: 'actions' },
      reveal,
      h('button', { type: 'button', class: 'primary', onclick: copyToken }, t('copy')),
      done,
    ),
    main,
    h('p', { class: 'advice' }, t('result.advice')),
    useTokenSection({
      h, t, masked, record, copy: copySnippet, status,
      server: options.server, remember: options.remember,
      onExport: options.onExport, exportLabel: options.exportLabel, exportHint: options.exportHint,
    }),
    h('dl', {},
      h('dt', {}, t('records.fingerprint')),
      h('dd', {}, h('code', { class: 'fingerprint' }, fingerprint)),
    ),
  );
  if (options.replay) {
    for (const [i, make] of options.replay.said) if (statuses[i]) say(make, statuses[i]);
    last = statuses[options.replay.last] ?? main;
    ({ used, asked } = options.replay);
  }
  return {
    say,
    /** What the view said, to say it again in a view of the same token (options.replay). */
    messages: () => ({
      said: [...said].map(([line, make]) => [statuses.indexOf(line), make]), last: statuses.indexOf(last), used, asked,
    }),
    /** News of the clipboard (the auto-clear), beside the latest copy's confirmation. */
    sayClipboard(text) {
      let line = last.querySelector('.clipboard');
      if (!line) {
        line = h('span', { class: 'clipboard' });
        last.append(t.gap, line);
      }
      line.textContent = text;
    },
    dispose() {
      clearTimeout(hideTimer);
      container.replaceChildren();
    },
  };
}

/**
 * Renders records as a table (newest first), each with a Delete button when `onDelete` is
 * given (and Edit, Regenerate before it for `onEdit`, `onRegenerate`; a replaced record keeps
 * Delete only: it is history, no longer a token to change). `compact` (the extension popup)
 * keeps note, format, scopes, expiry and last 4. Each cell carries its column's name
 * (`data-label`) for the card layout of narrow screens (style.css). A fine-grained record's
 * access expands to its repositories and permissions. The first FIRST_ROWS rows are rendered at
 * once, the rest in chunks after it (a newer render of the same container cancels them), so
 * that 1 000 records never block the page.
 */
export function renderRecords(container, records, t, { onDelete, onEdit, onRegenerate, now = Date.now(), limit, compact = false } = {}) {
  if (records.length === 0) {
    rendering.delete(container);
    container.replaceChildren(h('p', { class: 'empty' }, t('records.empty')));
    return;
  }
  const shown = limit ? records.slice(0, limit) : records;
  // One formatter for the table (toLocaleString builds one per call: a third of the time at 1 000 records).
  const formatter = new Intl.DateTimeFormat(t.lang, { dateStyle: 'medium', timeStyle: 'short' });
  const date = (iso) => (iso ? formatter.format(new Date(iso)) : '');
  const heads = compact
    ? ['records.note', 'records.format', 'records.access', 'records.expires', 'records.last4']
    : ['records.note', 'records.format', 'records.access', 'records.created', 'records.expires', 'records.last4', 'records.fingerprint'];
  const label = Object.fromEntries(heads.map((k) => [k, t(k)]));
  const cell = (key, attrs, ...children) => h('td', { ...attrs, 'data-label': label[key] }, ...children);
  // What a fine-grained token reaches, on expand (issue 26.14): the list shows a summary.
  const access = (r) => {
    if (r.format !== 'github_pat' || compact) return accessText(r, t);
    const { kind, repositories } = r.repositoryAccess;
    const permissions = Object.entries(r.permissions);
    return h('details', { class: 'access-details' },
      h('summary', {}, accessText(r, t)),
      h('dl', {},
        h('dt', {}, t('fg.owner')), h('dd', {}, r.resourceOwner),
        h('dt', {}, t('fg.repositories')),
        h('dd', {}, kind === 'selected'
          ? h('ul', {}, ...repositories.map((x) => h('li', {}, h('code', {}, x))))
          : t(`fg.access.${kind}`)),
        h('dt', {}, t('fg.permissions')),
        h('dd', {}, permissions.length
          ? h('ul', {}, ...permissions.map(([id, level]) => h('li', {}, `${t(`perm.${id}`)}: ${t(`fg.level.${level}`)}`)))
          : t('records.noPermissions'))));
  };
  // A replaced token is refused by verifiers: its expiry no longer counts down (issue 26.22).
  const expiry = (r, status) => {
    if (r.replacedAt) return [h('span', { class: 'replaced-badge' }, t('records.replaced', { date: date(r.replacedAt) }))];
    return [
      r.expiresAt && !compact ? `${date(r.expiresAt)} (${expiryText(status, t)})` : expiryText(status, t),
      expiresSoon(r, now) ? h('strong', { class: 'soon-badge' }, ` ${t('records.soon')}`) : null,
    ];
  };
  const row = (r) => {
    const status = expiryStatus(r.expiresAt, now);
    const soon = expiresSoon(r, now); // highlighted; expired and replaced records stay listed
    const live = !r.replacedAt;
    return h('tr', { dataset: { fingerprint: r.fingerprint }, class: [soon && 'soon', r.replacedAt && 'replaced'].filter(Boolean).join(' ') || null },
      h('th', { scope: 'row' }, r.name),
      cell('records.format', {}, h('code', {}, r.format)),
      cell('records.access', {}, access(r)),
      compact ? null : cell('records.created', {}, date(r.createdAt)),
      cell('records.expires', { class: `expiry ${r.replacedAt ? 'replaced' : status.kind}` }, ...expiry(r, status)),
      cell('records.last4', {}, h('code', {}, r.last4)),
      compact ? null : cell('records.fingerprint', {}, h('code', { class: 'fingerprint' }, r.fingerprint)),
      onDelete
        ? h('td', { class: 'row-actions' },
          onEdit && live ? h('button', { type: 'button', class: 'edit', 'aria-label': t('records.editLabel', { name: r.name }), onclick: () => onEdit(r) }, t('records.edit')) : null,
          onRegenerate && live
            ? h('button', { type: 'button', class: 'regenerate', 'aria-label': t('records.regenerateLabel', { name: r.name }), onclick: () => onRegenerate(r) }, t('records.regenerate'))
            : null,
          h('button', {
          type: 'button',
          class: 'delete',
          'aria-label': t('records.deleteLabel', { name: r.name }),
          onclick: () => onDelete(r),
        }, t('records.delete')))
        : null,
    );
  };
  const job = {};
  rendering.set(container, job);
  const tbody = h('tbody', {}, ...shown.slice(0, FIRST_ROWS).map(row));
  container.replaceChildren(
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('records.table') },
      h('table', { class: compact ? 'records compact' : 'records' },
        h('thead', {}, h('tr', {},
          ...heads.map((k) => h('th', { scope: 'col' }, t(k))),
          onDelete ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t(onEdit ? 'records.actions' : 'records.delete'))) : null,
        )),
        tbody,
      ),
    ),
  );
  const rest = shown.slice(FIRST_ROWS);
  const more = () => {
    if (rendering.get(container) !== job || rest.length === 0) return;
    tbody.append(...rest.splice(0, CHUNK_ROWS).map(row));
    later(more);
  };
  if (rest.length) later(more);
}
// When the page is idle (the core's start-up goes first), within a second at the latest.
const later = (f) => (globalThis.requestIdleCallback ? requestIdleCallback(f, { timeout: 1000 }) : setTimeout(f, 0));
const FIRST_ROWS = 100;
const CHUNK_ROWS = 150;
const rendering = new WeakMap(); // container → its latest render

/**
 * The page's clipboard auto-clear: after `seconds`, overwrite the clipboard if it still holds
 * what was copied — compared by fingerprint, so the secret itself is not kept for the check.
 * If the browser refuses to let the page read the clipboard, it overwrites unconditionally and
 * says so; if the page is not focused (writes are refused then), it waits for the focus.
 */
export function clipboardClearer({ fingerprintOf, report }) {
  let timer = 0;
  let waiting = null; // aborts a pending wait for the focus
  let pending = null; // the fingerprint a clear not yet done is for (scheduled, or waiting)
  const cancel = () => {
    clearTimeout(timer);
    waiting?.abort();
    waiting = null;
    pending = null;
  };
  const clear = async (expected) => {
    cancel();
    let held = null; // null: the browser would not let the page read it
    try {
      held = await navigator.clipboard.readText();
    } catch {
      held = null;
    }
    let holdsIt = null;
    if (held !== null) {
      try {
        holdsIt = fingerprintOf(held) === expected;
      } catch {
        holdsIt = false; // too long to hash: certainly not the token
      }
    }
    if (holdsIt === false) return report('changed');
    try {
      await navigator.clipboard.writeText('');
      report(holdsIt ? 'cleared' : 'overwritten');
    } catch (err) {
      if (!document.hasFocus()) {
        report('waiting');
        pending = expected;
        waiting = new AbortController();
        addEventListener('focus', () => clear(expected), { once: true, signal: waiting.signal });
      } else {
        report('failed', err);
      }
    }
  };
  return {
    /** A new copy replaces whatever clear was pending for the previous one. */
    schedule(seconds, expected) {
      cancel();
      if (!seconds || !expected) return;
      pending = expected;
      timer = setTimeout(() => clear(expected), seconds * 1000);
      report('pending', seconds);
    },
    /** Whether a clear is scheduled, or waiting for the focus, and has not been done yet. */
    get pending() {
      return pending !== null;
    },
    /**
     * The page is being left with a clear pending: overwrite the clipboard at once, without
     * comparing first — the write must start now, while the page still has the focus, and
     * the comparison would have to wait for a read the unloading page cannot wait for.
     */
    clearNow() {
      if (pending === null) return;
      cancel();
      navigator.clipboard.writeText('').then(() => report('left'), (err) => report('failed', err));
    },
    cancel,
  };
}
