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
  impliedScopes,
  scopeTree,
} from './model.js';
import { useTokenSection } from './use-token.js';
import { expiresSoon } from './records.js';

export * from './model.js';
export { LANGUAGES } from './strings.js';

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

/** The token types of the create form: what people create, then GitHub's app-issued fixtures. */
export function fillTypeSelect(select, t, selected) {
  select.replaceChildren(
    ...['ghp', 'github_pat', 'custom'].map((f) => h('option', { value: f }, t(`type.${f}`))),
    h('optgroup', { label: t('type.fixtures') },
      ...['gho', 'ghu', 'ghs', 'ghr'].map((f) => h('option', { value: f }, t(`type.${f}`)))),
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
 *                                return (a promise of) a sentence to add to the confirmation
 * options.fingerprintOf(text)    the core's SHA-256 (to remember a copied snippet without it)
 */
export function renderResult(container, minted, t, options = {}) {
  const REVEAL_MS = 30_000;
  let hideTimer = 0;
  let used = false; // copied or revealed: Done asks once before discarding an unseen token
  let asked = false;
  const masked = minted.masked;
  const record = minted.record();
  const status = () => h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const main = status();
  let last = main; // where the latest copy was confirmed: the clipboard's news goes there too
  const token = h('code', { class: 'token', 'data-testid': 'token', 'aria-label': t('result.tokenLabel') }, masked);
  const reveal = h('button', { type: 'button', class: 'reveal', 'aria-pressed': 'false' }, t('reveal'));
  // The clipboard's news (a span) follows the latest copy's confirmation.
  const moveTo = (where) => {
    if (where !== last) last.querySelector('.clipboard')?.remove();
    last = where;
  };
  const say = (text, where = main) => {
    moveTo(where);
    const news = where.querySelector('.clipboard');
    where.replaceChildren(text);
    if (news) where.append(' ', news);
  };

  const conceal = () => {
    clearTimeout(hideTimer);
    token.textContent = masked;
    reveal.textContent = t('reveal');
    reveal.setAttribute('aria-pressed', 'false');
  };
  reveal.addEventListener('click', () => {
    if (reveal.getAttribute('aria-pressed') === 'true') return conceal();
    used = true;
    token.textContent = minted.reveal();
    reveal.textContent = t('hide');
    reveal.setAttribute('aria-pressed', 'true');
    say(t('revealHidden'));
    hideTimer = setTimeout(conceal, REVEAL_MS);
  });

  const fingerprint = minted.fingerprint; // read now: the token may be freed during the await
  const copyToken = async () => {
    moveTo(main);
    try {
      await minted.copyToClipboard();
      used = true;
      say([t('copied'), await options.afterCopy?.(fingerprint)].filter(Boolean).join(' '));
    } catch (err) {
      say(t('copyFailed', { message: t.error(err) }));
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
      const note = holds ? await options.afterCopy?.(options.fingerprintOf?.(text)) : '';
      say([t(holds ? 'snippets.copied' : 'use.copied'), note].filter(Boolean).join(' '), where);
    } catch (err) {
      say(t('copyFailed', { message: t.error(err) }), where);
    }
  };

  const done = h('button', {
    type: 'button',
    onclick: () => {
      if (!used && !asked) {
        asked = true;
        say(t('result.unseen'));
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
    useTokenSection({ h, t, masked, record, copy: copySnippet, status }),
    h('dl', {},
      h('dt', {}, t('records.fingerprint')),
      h('dd', {}, h('code', { class: 'fingerprint' }, fingerprint)),
    ),
  );
  return {
    say,
    /** News of the clipboard (the auto-clear), beside the latest copy's confirmation. */
    sayClipboard(text) {
      let line = last.querySelector('.clipboard');
      if (!line) {
        line = h('span', { class: 'clipboard' });
        last.append(' ', line);
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
 * given (and Edit, Regenerate before it for `onEdit`, `onRegenerate`; a replaced record has no
 * Regenerate). `compact` (the extension popup) keeps note, format, scopes, expiry and last 4.
 * The first FIRST_ROWS rows are rendered at once, the rest in chunks after it (a newer render
 * of the same container cancels them), so that 1 000 records never block the page.
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
  const row = (r) => {
    const status = expiryStatus(r.expiresAt, now);
    const soon = expiresSoon(r, now); // highlighted; expired and replaced records stay listed
    return h('tr', { dataset: { fingerprint: r.fingerprint }, class: [soon && 'soon', r.replacedAt && 'replaced'].filter(Boolean).join(' ') || null },
      h('th', { scope: 'row' }, r.name),
      h('td', {}, h('code', {}, r.format)),
      h('td', {}, accessText(r, t)),
      compact ? null : h('td', {}, date(r.createdAt)),
      h('td', { class: `expiry ${status.kind}` },
        r.expiresAt && !compact ? `${date(r.expiresAt)} (${expiryText(status, t)})` : expiryText(status, t),
        soon ? h('strong', { class: 'soon-badge' }, ` ${t('records.soon')}`) : null,
        r.replacedAt ? h('span', { class: 'replaced-badge' }, ` ${t('records.replaced', { date: date(r.replacedAt) })}`) : null),
      h('td', {}, h('code', {}, r.last4)),
      compact ? null : h('td', {}, h('code', { class: 'fingerprint' }, r.fingerprint)),
      onDelete
        ? h('td', { class: 'row-actions' },
          onEdit ? h('button', { type: 'button', class: 'edit', 'aria-label': t('records.editLabel', { name: r.name }), onclick: () => onEdit(r) }, t('records.edit')) : null,
          onRegenerate && !r.replacedAt
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
  const heads = compact
    ? ['records.note', 'records.format', 'records.access', 'records.expires', 'records.last4']
    : ['records.note', 'records.format', 'records.access', 'records.created', 'records.expires', 'records.last4', 'records.fingerprint'];
  container.replaceChildren(
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('records.table') },
      h('table', { class: 'records' },
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
