// "Record a token you already have" (issue 18.2), in the records section of the page and of the
// extension's options page: the token is pasted once; the core reads its format, fingerprint,
// last 4 and masked form, and the field is emptied in the same event — the token is never
// stored, nor left in the DOM. The user then gives what GitHub knows of it (note, expiry,
// scopes; or the fine-grained settings) and the record is saved like a minted one's.
import { customPrefixes, isRecord, nameTaken, parseTime, repositoryList } from './model.js';
import { h, renderPermissions, renderScopeTree } from './ui.js';
import { FIXTURES } from './mint-form.js';
import { knownPrefixes, storedTextError } from './stored-text.js';

/**
 * Adds the form after `anchor`. Options: t, loadPatmint(), loadScanner() (no token in the
 * note or description stored), records() (the list now), onAdd(record) (save it). Returns
 * { relabel(t) }.
 */
export function existingTokenForm(anchor, { t, loadPatmint, loadScanner, records, onAdd }) {
  const el = (tag, attrs, key, ...children) => {
    const node = h(tag, attrs, ...children);
    if (key) node.dataset.key = key;
    return node;
  };
  const token = h('input', {
    id: 'existing-token', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'existing-hint existing-read',
  });
  const read = h('p', { id: 'existing-read', class: 'status', 'aria-live': 'polite' });
  const name = h('input', { id: 'existing-name', type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const expires = h('input', { id: 'existing-expires', type: 'date', 'aria-describedby': 'existing-expires-hint' });
  const description = h('textarea', { id: 'existing-description', rows: '2' });
  const owner = h('input', { id: 'existing-owner', type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const access = h('select', { id: 'existing-access' });
  const repositories = h('textarea', { id: 'existing-repositories', rows: '2', spellcheck: 'false' });
  const scopeBox = h('div');
  const permissionBox = h('div');
  const error = h('p', { id: 'existing-error', class: 'error', 'aria-live': 'polite' });
  const save = el('button', { type: 'button', class: 'primary' }, 'existing.save');
  const cancel = el('button', { type: 'button' }, 'records.cancel');
  const classicFields = h('fieldset', { class: 'field' }, el('legend', {}, 'scopes.legend'), scopeBox);
  const fineFields = h('div', {},
    h('div', { class: 'field' }, el('label', { for: 'existing-description' }, 'fg.description'), description),
    h('div', { class: 'field' }, el('label', { for: 'existing-owner' }, 'fg.owner'), owner),
    h('div', { class: 'field' }, el('label', { for: 'existing-access' }, 'fg.access'), access),
    h('div', { class: 'field' }, el('label', { for: 'existing-repositories' }, 'fg.repositories'), repositories),
    h('fieldset', { class: 'field' }, el('legend', {}, 'fg.permissions'), permissionBox),
  );
  const details = h('div', { hidden: true },
    h('div', { class: 'field' }, el('label', { for: 'existing-name' }, 'existing.name'), name),
    h('div', { class: 'field' },
      el('label', { for: 'existing-expires' }, 'existing.expires'), expires,
      el('p', { id: 'existing-expires-hint', class: 'muted' }, 'existing.expiresHint')),
    classicFields,
    fineFields,
    error,
    h('div', { class: 'actions' }, save, cancel),
  );
  const title = el('h3', { id: 'existing-title', tabindex: '-1' }, 'existing.heading');
  const section = h('section', { id: 'existing', class: 'import-preview', 'aria-labelledby': 'existing-title' },
    title,
    el('p', { id: 'existing-hint', class: 'muted' }, 'existing.hint'),
    h('div', { class: 'field' }, el('label', { for: 'existing-token' }, 'existing.token'), token, read),
  );
  anchor.after(section);

  let info = null; // { format, fingerprint, last4, masked }: what is kept of the token
  let scopes = null;
  let permissions = null;

  const relabel = (tr) => {
    t = tr;
    const keyed = new Set([...section.querySelectorAll('[data-key]'), ...details.querySelectorAll('[data-key]')]);
    for (const node of keyed) node.textContent = t(node.dataset.key);
    const kind = access.value || 'selected';
    access.replaceChildren(...['selected', 'all', 'public'].map((k) => h('option', { value: k }, t(`fg.access.${k}`))));
    access.value = kind;
    scopes?.relabel(t);
    permissions?.relabel(t);
    if (info) read.textContent = t('existing.read', { masked: info.masked, format: info.format });
  };

  const reset = () => {
    info = null;
    details.hidden = true;
    read.textContent = '';
    read.className = 'status';
    error.textContent = '';
    for (const field of [name, expires, description, owner, repositories]) field.value = '';
    access.value = 'selected';
    scopes?.reset();
    permissions?.reset();
  };

  // Read once, emptied at once: the value leaves the field in the event that put it there.
  token.addEventListener('input', async () => {
    const value = token.value.trim();
    token.value = '';
    reset();
    if (!value) return;
    const core = await loadPatmint();
    const verdict = core.check(value, customPrefixes(records()));
    if (!verdict.valid) {
      read.textContent = t('existing.invalidToken', { message: t.error(verdict) });
      read.className = 'status error';
      return;
    }
    const fingerprint = core.fingerprint(value);
    const known = records().find((r) => r.fingerprint === fingerprint);
    if (known) {
      read.textContent = t('existing.known', { name: known.name });
      read.className = 'status error';
      return;
    }
    info = { format: verdict.format, fingerprint, last4: value.slice(-4), masked: core.mask(value) };
    scopes ??= renderScopeTree(scopeBox, core.scopes(), { idPrefix: 'existing-scope', t });
    permissions ??= renderPermissions(permissionBox, core.permissions(), t, { idPrefix: 'existing-perm' });
    const fine = info.format === 'github_pat';
    classicFields.hidden = fine || FIXTURES.includes(info.format);
    fineFields.hidden = !fine;
    read.textContent = t('existing.read', { masked: info.masked, format: info.format });
    // Attached on first use only: a page that never records a token has none of these fields.
    if (!details.isConnected) section.append(details);
    details.hidden = false;
    name.focus();
  });

  save.addEventListener('click', async () => {
    if (!info) return;
    const core = await loadPatmint();
    const now = new Date();
    const record = {
      name: name.value.trim(),
      format: info.format,
      createdAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      // GitHub shows the day a token expires; the record keeps the end of that day (UTC).
      expiresAt: expires.value ? `${expires.value}T23:59:59Z` : null,
      fingerprint: info.fingerprint,
      last4: info.last4,
    };
    if (info.format === 'github_pat') {
      const kind = access.value;
      Object.assign(record, {
        description: description.value.trim(),
        resourceOwner: owner.value.trim(),
        repositoryAccess: kind === 'selected'
          ? { kind, repositories: repositoryList(repositories.value) }
          : { kind },
        permissions: permissions.selected(),
      });
    } else {
      record.scopes = FIXTURES.includes(info.format) ? [] : core.normalizeScopes(scopes.selected());
    }
    const fail = (key, field) => {
      error.textContent = t(key);
      field.focus();
    };
    if (!record.name) return fail('existing.nameRequired', name);
    // No token in what is stored (this very one included: its prefix is the record's).
    const reading = info;
    const held = await storedTextError(loadScanner, [
      { field: 'note', text: record.name }, { field: 'description', text: record.description },
    ], knownPrefixes([...records(), record]));
    if (info !== reading) return; // another token was pasted (or Cancel) meanwhile
    if (held) {
      error.textContent = t.error(held);
      return (held.code === 'description_holds_token' ? description : name).focus();
    }
    if (nameTaken(records(), record.name, record.format)) return fail('edit.nameTaken', name);
    if (record.format === 'github_pat' && !record.expiresAt) return fail('existing.expiresRequired', expires);
    if (record.expiresAt && parseTime(record.expiresAt) <= parseTime(record.createdAt)) return fail('existing.expiresPast', expires);
    if (!isRecord(record, { scopes: core.scopes(), permissions: core.permissions() })) return fail('existing.invalid', name);
    reset();
    onAdd(record);
    read.textContent = t('existing.saved', { name: record.name });
    token.focus();
  });

  cancel.addEventListener('click', () => {
    reset();
    token.focus();
  });

  relabel(t);
  return { relabel };
}
