// The records section of the demo page and of the extension's options page (issue 18): the
// list (ui.js renderRecords) with the expiry warning, Delete with Undo, Delete all (asked once)
// and Import (the file read by the core's parser, a preview, then the merge). The caller owns
// storage: `onChange(records)` must save the list and call `render` again.
import { EXPIRATION_DAYS, addRecord, isRecord, nameTaken, repositoryList } from './model.js';
import { h, renderPermissions, renderRecords, renderScopeTree } from './ui.js';
import { existingTokenForm } from './record-existing.js';
import { FIXTURES } from './mint-form.js';
import { editRecord, importPlan, lifetimeDays, restoreDeleted, soonExpiring } from './records.js';
import { knownPrefixes, storedTextError } from './stored-text.js';

/** Largest import file read, in bytes (the core's bound on the records JSON is 4 Mi units). */
const MAX_IMPORT_BYTES = 4 << 20;

/**
 * Sets up the panel in `section` (which holds #records-list and #export). Options:
 * t, onChange(records) (save and render), loadVerifier() (the core's file parser),
 * loadPatmint() (the core: catalogues for Edit), loadScanner() (the scanner: no token in a
 * note or description that Edit, Import or "Record a token" would store), onRegenerate(record,
 * expiration) (mint its successor, once the user confirmed it and chose its expiration:
 * records.js regenerateOptions; returns a promise of its name, or throws), undoMs (how long Undo
 * is offered), renderOptions (more options for renderRecords).
 */
export function recordsPanel(section, {
  t, onChange, loadVerifier, loadPatmint, loadScanner, onRegenerate, undoMs = 10_000, renderOptions = {},
}) {
  const $ = (id) => section.querySelector(`#${id}`);
  const heading = section.querySelector('h2');
  heading.tabIndex = -1; // a place for the focus when the list it was in is gone
  let records = [];
  let undo = null; // { deleted, before, timer, next }

  const soon = h('p', { id: 'records-soon', class: 'warning', hidden: true });
  const status = h('p', { id: 'records-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const undoButton = h('button', { type: 'button', id: 'records-undo', hidden: true, onclick: () => undoDelete() });
  const deleteAll = h('button', { type: 'button', id: 'records-delete-all', onclick: () => askDeleteAll() });
  const confirmText = h('p', { id: 'records-confirm-text' });
  const confirmYes = h('button', { type: 'button', class: 'danger', onclick: () => confirmDeleteAll() });
  const confirmNo = h('button', { type: 'button', onclick: () => closeConfirm(true) });
  const confirm = h('div', { class: 'confirm', role: 'group', 'aria-labelledby': 'records-confirm-text', hidden: true },
    confirmText, h('div', { class: 'actions' }, confirmYes, confirmNo));
  // The file is chosen through a button in the page's language: a native file input names its
  // own button in the browser's ("Choose File"), whatever the page's language (issue 26.19).
  const fileHint = h('p', { id: 'records-import-hint', class: 'muted' });
  const file = h('input', { type: 'file', id: 'records-import', accept: 'application/json,.json', hidden: true, tabindex: '-1' });
  const fileButton = h('button', {
    type: 'button', id: 'records-import-button', 'aria-describedby': 'records-import-hint', onclick: () => file.click(),
  });
  const preview = h('section', { id: 'import-preview', class: 'import-preview', hidden: true, 'aria-labelledby': 'import-heading' });
  const editor = h('section', { id: 'record-edit', class: 'import-preview', hidden: true, 'aria-labelledby': 'edit-heading' });
  const regenerator = h('section', { id: 'regenerate-confirm', class: 'confirm', hidden: true, 'aria-labelledby': 'regenerate-heading' });

  $('records-list').before(soon);
  $('records-list').after(editor, regenerator);
  $('export').after(
    deleteAll,
    confirm,
    h('div', { class: 'undo' }, status, undoButton),
    h('div', { class: 'field import' }, fileButton, file, fileHint),
    preview,
  );

  // "Record a token you already have" (record-existing.js), after the import.
  const existing = loadPatmint && existingTokenForm(preview, {
    t, loadPatmint, loadScanner, records: () => records, onAdd: (r) => onChange(addRecord(records, r)),
  });

  /** The error of a note or description (of `r`) that holds a token, or null. */
  const heldToken = (r, prefixesOf = records) => storedTextError(loadScanner, [
    { field: 'note', text: r.name }, { field: 'description', text: r.description },
  ], knownPrefixes(prefixesOf));

  const label = () => {
    existing?.relabel(t);
    undoButton.textContent = t('records.undo');
    deleteAll.textContent = t('records.deleteAll');
    confirmYes.textContent = t('records.deleteAllYes');
    confirmNo.textContent = t('records.cancel');
    confirmText.textContent = t('records.deleteAllConfirm', { n: records.length });
    fileButton.textContent = t('import.label');
    fileHint.textContent = t('import.hint');
  };

  const say = (text, kind = '') => {
    status.textContent = text;
    status.className = `status ${kind}`.trim();
  };

  /** A button (`delete`, `edit`, `regenerate`) of a record's row, if listed. */
  const buttonOf = (fingerprint, kind = 'delete') =>
    [...section.querySelectorAll('#records-list tbody tr')].find((tr) => tr.dataset.fingerprint === fingerprint)
      ?.querySelector(`button.${kind}`);
  const deleteButtonOf = (fingerprint) => buttonOf(fingerprint);

  // --- Edit: the note and the scopes (classic), or the description and permissions ----------

  function closeEditor() {
    editor.hidden = true;
    editor.replaceChildren();
  }

  async function edit(r) {
    const core = await loadPatmint();
    closePreview();
    closeRegenerate(false);
    const catalogue = { scopes: core.scopes(), permissions: core.permissions() };
    const fine = r.format === 'github_pat';
    const error = h('p', { id: 'edit-error', class: 'error', 'aria-live': 'polite' });
    const name = h('input', { id: 'edit-name', type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'edit-error' });
    name.value = r.name;
    const fields = [h('div', { class: 'field' }, h('label', { for: 'edit-name' }, t(fine ? 'fg.name' : 'note.label')), name)];
    let scopes;
    let permissions;
    let description;
    let access;
    let repositories;
    if (fine) {
      description = h('textarea', { id: 'edit-description', rows: '2' });
      description.value = r.description ?? '';
      // Repository access can change, as on GitHub (issue 26.14); the resource owner cannot.
      access = h('select', { id: 'edit-access' },
        ...['selected', 'all', 'public'].map((k) => h('option', { value: k }, t(`fg.access.${k}`))));
      access.value = r.repositoryAccess.kind;
      repositories = h('textarea', { id: 'edit-repositories', rows: '3', spellcheck: 'false', 'aria-describedby': 'edit-repositories-hint edit-error' });
      repositories.value = (r.repositoryAccess.repositories ?? []).join('\n');
      const repositoriesField = h('div', { class: 'field', hidden: access.value !== 'selected' },
        h('label', { for: 'edit-repositories' }, t('fg.repositories')), repositories,
        h('p', { id: 'edit-repositories-hint', class: 'muted' }, t('edit.repositoriesHint', { owner: r.resourceOwner })));
      access.addEventListener('change', () => {
        repositoriesField.hidden = access.value !== 'selected';
      });
      const table = h('div');
      permissions = renderPermissions(table, catalogue.permissions, t, { idPrefix: 'edit-perm' });
      permissions.select(r.permissions);
      fields.push(
        h('div', { class: 'field' }, h('label', { for: 'edit-description' }, t('fg.description')), description),
        h('div', { class: 'field' }, h('label', { for: 'edit-access' }, t('fg.access')), access),
        repositoriesField,
        h('fieldset', { class: 'field' }, h('legend', {}, t('fg.permissions')), table),
      );
    } else {
      const tree = h('div');
      scopes = renderScopeTree(tree, catalogue.scopes, { idPrefix: 'edit-scope', t });
      scopes.select(r.scopes);
      fields.push(h('fieldset', { class: 'field' }, h('legend', {}, t('scopes.legend')), tree));
    }
    const save = async () => {
      const changes = { name: name.value.trim() };
      if (fine) {
        const kind = access.value;
        Object.assign(changes, {
          description: description.value.trim(),
          repositoryAccess: kind === 'selected' ? { kind, repositories: repositoryList(repositories.value) } : { kind },
          permissions: permissions.selected(),
        });
      } else {
        changes.scopes = core.normalizeScopes(scopes.selected());
      }
      const others = records.filter((x) => x.fingerprint !== r.fingerprint);
      if (fine && nameTaken(others, changes.name, r.format)) {
        error.textContent = t('edit.nameTaken');
        return name.focus();
      }
      // The repositories alone (no permission to fit): a wrong one is named as such.
      if (fine && !isRecord({ ...r, repositoryAccess: changes.repositoryAccess, permissions: {} }, catalogue)) {
        error.textContent = t('edit.badRepositories', { owner: r.resourceOwner });
        return repositories.focus();
      }
      const held = await heldToken(changes);
      if (!name.isConnected) return; // closed while the scanner loaded
      if (held) {
        error.textContent = t.error(held);
        return (held.code === 'description_holds_token' ? description : name).focus();
      }
      let list;
      try {
        if (!isRecord({ ...r, ...changes }, catalogue)) throw new TypeError('not a token record');
        list = editRecord(records, r.fingerprint, changes);
      } catch {
        error.textContent = t('edit.invalid');
        return name.focus();
      }
      closeEditor();
      onChange(list);
      say(t('edit.saved', { name: changes.name }));
      (buttonOf(r.fingerprint, 'edit') ?? heading).focus();
    };
    const title = h('h3', { id: 'edit-heading', tabindex: '-1' }, t('edit.heading', { name: r.name }));
    editor.replaceChildren(
      title,
      ...fields,
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: save }, t('edit.save')),
        h('button', { type: 'button', onclick: () => { closeEditor(); (buttonOf(r.fingerprint, 'edit') ?? heading).focus(); } }, t('records.cancel'))),
    );
    editor.hidden = false;
    title.focus();
  }

  // --- Regenerate: asked first, with the new token's expiration (issue 26.8) ---------------

  function closeRegenerate(refocus) {
    const fingerprint = regenerator.dataset.fingerprint;
    regenerator.hidden = true;
    regenerator.replaceChildren();
    delete regenerator.dataset.fingerprint;
    if (refocus) (buttonOf(fingerprint, 'regenerate') ?? heading).focus();
  }

  /**
   * GitHub's "Regenerate token" page: the new token's expiration is chosen there (the same
   * length as before unless changed), and nothing happens until the user confirms.
   */
  function askRegenerate(r, { chosen, focus = true } = {}) {
    if (focus) { // asked by the user, not redrawn in another language
      closeEditor();
      closePreview();
    }
    const title = h('h3', { id: 'regenerate-heading', tabindex: '-1' }, t('regenerate.heading', { name: r.name }));
    const fixed = FIXTURES.includes(r.format);
    const before = r.expiresAt == null ? 'none' : String(lifetimeDays(r));
    const expiration = h('select', { id: 'regenerate-expiration', 'aria-describedby': 'regenerate-text' });
    const days = [...new Set([...EXPIRATION_DAYS, ...(before === 'none' ? [] : [Number(before)])])].sort((a, b) => a - b);
    expiration.append(
      ...days.map((d) => h('option', { value: String(d) }, t('expiration.days', { n: d }))),
      r.format === 'github_pat' ? null : h('option', { value: 'none' }, t('expiration.none')),
    );
    expiration.value = chosen ?? before;
    const confirmIt = () => {
      const choice = fixed ? undefined : expiration.value;
      closeRegenerate(false);
      regenerate(r, choice);
    };
    regenerator.replaceChildren(
      title,
      h('p', { id: 'regenerate-text' }, t(fixed ? 'regenerate.confirmFixed' : 'regenerate.confirm')),
      fixed ? null : h('div', { class: 'field' },
        h('label', { for: 'regenerate-expiration' }, t('regenerate.expiration')), expiration),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'regenerate-yes', onclick: confirmIt }, t('regenerate.yes')),
        h('button', { type: 'button', id: 'regenerate-no', onclick: () => closeRegenerate(true) }, t('records.cancel'))),
    );
    regenerator.dataset.fingerprint = r.fingerprint;
    regenerator.hidden = false;
    if (focus) title.focus();
  }

  // One regeneration at a time: a second confirm while the first waits (for the core, say)
  // would mint a second successor of the same record.
  let regenerating = false;
  async function regenerate(r, expiration) {
    if (regenerating) return;
    regenerating = true;
    closeEditor();
    try {
      const name = await onRegenerate(r, expiration);
      say(t('regenerate.done', { name }));
    } catch (err) {
      say(t('regenerate.failed', { message: t.error(err) }), 'error');
      (buttonOf(r.fingerprint, 'regenerate') ?? heading).focus();
    } finally {
      regenerating = false;
    }
  }

  // --- Delete, Delete all, Undo --------------------------------------------------------------

  function remove(deleted, message) {
    closeEditor();
    closeRegenerate(false);
    const before = records;
    const gone = new Set(deleted.map((r) => r.fingerprint));
    // The focus goes to Undo now; once Undo is gone, to the row after the deleted one (or before).
    const at = before.findIndex((r) => gone.has(r.fingerprint));
    const next = before.slice(at).find((r) => !gone.has(r.fingerprint)) ??
      before.slice(0, at).reverse().find((r) => !gone.has(r.fingerprint));
    endUndo(false);
    undo = { deleted, before, next: next?.fingerprint, timer: setTimeout(() => endUndo(true), undoMs) };
    onChange(before.filter((r) => !gone.has(r.fingerprint)));
    say(message);
    undoButton.hidden = false;
    undoButton.focus();
  }

  /** The Undo offer ends (its time is up, or another delete replaces it). */
  function endUndo(timeUp) {
    if (!undo) return;
    clearTimeout(undo.timer);
    const { next } = undo;
    undo = null;
    const focused = document.activeElement === undoButton;
    undoButton.hidden = true;
    if (timeUp) say('');
    if (focused && timeUp) (deleteButtonOf(next) ?? heading).focus();
  }

  function undoDelete() {
    if (!undo) return;
    const { deleted, before } = undo;
    endUndo(false);
    onChange(restoreDeleted(records, deleted, before));
    say(t('records.undone'));
    (deleteButtonOf(deleted[0].fingerprint) ?? heading).focus();
  }

  function askDeleteAll() {
    confirmText.textContent = t('records.deleteAllConfirm', { n: records.length });
    confirm.hidden = false;
    confirmNo.focus(); // the safe choice has the focus
  }

  function closeConfirm(refocus) {
    confirm.hidden = true;
    if (refocus) deleteAll.focus();
  }

  function confirmDeleteAll() {
    closeConfirm(false);
    remove(records, t('records.deletedAll', { n: records.length }));
  }

  // --- Import ---------------------------------------------------------------------------------

  let pending = null; // the file's entries, as read once the core accepted them

  function closePreview() {
    pending = null;
    preview.hidden = true;
    preview.replaceChildren();
  }

  async function read() {
    closePreview();
    const chosen = file.files?.[0];
    file.value = ''; // choosing the same file again is a new import
    if (!chosen) return;
    if (chosen.size > MAX_IMPORT_BYTES) return say(t('import.tooLarge'), 'error');
    let text;
    try {
      text = await chosen.text();
    } catch {
      return say(t('import.unreadable'), 'error');
    }
    // An empty file is named as such, not by the parser's "column 0" (issue 26.15).
    if (!text.trim()) return say(t('import.empty'), 'error');
    const verifier = await loadVerifier();
    let entries;
    try {
      verifier.checkRecordsFile(text);
      const doc = JSON.parse(text);
      entries = Array.isArray(doc) ? doc : doc.records;
      importPlan([], entries); // the page's own check of the shape (model.js isRecord)
    } catch (err) {
      const message = t.error(err).replace(/^record \d+: /, '');
      return say(Number.isInteger(err?.index)
        ? t('import.badEntry', { n: err.index + 1, message })
        : t('import.badFile', { message }), 'error');
    }
    if (entries.length === 0) return say(t('import.noRecords'));
    // No token in a note or description of the file (the core knows only each record's own
    // prefix): the prefixes of the records here and of the file's.
    for (const [i, entry] of entries.entries()) {
      const held = await heldToken(entry, [...records, ...entries]);
      if (held) return say(t('import.badEntry', { n: i + 1, message: t.error(held) }), 'error');
    }
    const plan = importPlan(records, entries);
    if (plan.added.length + plan.changed.length === 0) return say(t('import.nothing'));
    say('');
    pending = entries;
    showPreview(plan, entries.length);
  }

  function showPreview(plan, total) {
    const item = (r, text) => h('li', {}, h('strong', {}, r.name), ' ', h('code', {}, r.format), ` …${r.last4} — ${text}`);
    const fields = ({ before, after }) => [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).join(', ');
    const title = h('h3', { id: 'import-heading', tabindex: '-1' }, t('import.heading'));
    preview.replaceChildren(
      title,
      h('p', {}, t('import.summary', {
        total, added: plan.added.length, changed: plan.changed.length, unchanged: plan.unchanged,
      })),
      h('ul', { class: 'import-list' },
        ...plan.added.map((r) => item(r, t('import.added'))),
        ...plan.changed.map((c) => item(c.after, t('import.changed', { fields: fields(c) })))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: apply }, t('import.apply')),
        h('button', { type: 'button', onclick: () => { closePreview(); fileButton.focus(); } }, t('records.cancel'))),
    );
    preview.hidden = false;
    title.focus();
  }

  function apply() {
    if (!pending) return;
    // Planned again against the records as they are now (the popup may have added one).
    const plan = importPlan(records, pending);
    closePreview();
    onChange(plan.merged);
    say(t('import.done', { added: plan.added.length, changed: plan.changed.length }));
    heading.focus();
  }

  file.addEventListener('change', read);

  return {
    /** Shows `list` (newest first) in `translate`'s language. */
    render(list, translate = t) {
      const relabel = translate !== t;
      records = list;
      t = translate;
      label();
      const count = soonExpiring(records).length;
      soon.hidden = count === 0;
      soon.textContent = count ? t('records.soonCount', { n: count }) : '';
      renderRecords($('records-list'), records, t, {
        ...renderOptions,
        onDelete: (r) => remove([r], t('records.deleted', { name: r.name })),
        onEdit: loadPatmint ? edit : undefined,
        onRegenerate: onRegenerate ? askRegenerate : undefined,
      });
      // The record being asked about is gone (deleted, replaced): nothing left to confirm.
      const asked = regenerator.dataset.fingerprint;
      const still = asked && records.find((x) => x.fingerprint === asked && x.replacedAt == null);
      if (asked && !still) closeRegenerate(false);
      // Another language: the question again in it, the choice kept, the focus left where it is.
      else if (still && relabel) askRegenerate(still, { chosen: regenerator.querySelector('select')?.value, focus: false });
      $('export').disabled = records.length === 0;
      deleteAll.hidden = records.length === 0;
      if (records.length === 0) closeConfirm(false);
    },
    /** Ends a pending Undo offer now (the page is being left). */
    settle() {
      endUndo(true);
    },
  };
}
