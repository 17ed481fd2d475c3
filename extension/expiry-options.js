// The options page's switch for the expiry notification (issue 18.5): turning it on asks for
// the optional `notifications` permission at that moment (permissions.request, from the click
// itself, as browsers require); turning it off gives the permission back. expiry.js reads it.
import { h } from '../www/lib/ui.js';
import { api } from './ext.js';
import { NOTIFY_KEY, NOTIFY_PERMISSION } from './expiry.js';

/** Adds the switch after `anchor`; returns { relabel(t) }. */
export async function expiryNotificationSwitch(anchor, t) {
  const box = h('input', { type: 'checkbox', id: 'expiry-notify', 'aria-describedby': 'expiry-notify-hint' });
  const label = h('label', { for: 'expiry-notify' });
  const hint = h('p', { id: 'expiry-notify-hint', class: 'muted' });
  const status = h('p', { id: 'expiry-notify-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const title = h('h2', { id: 'expiry-title' });
  anchor.after(h('section', { id: 'expiry', 'aria-labelledby': 'expiry-title' },
    title, h('div', { class: 'field' }, h('span', { class: 'check' }, box, ' ', label), hint, status)));
  const relabel = (tr) => {
    t = tr;
    title.textContent = t('expiry.heading');
    label.textContent = t('expiry.notify');
    hint.textContent = t('expiry.notifyHint');
  };
  relabel(t);
  const { [NOTIFY_KEY]: wanted } = await api.storage.local.get(NOTIFY_KEY);
  box.checked = Boolean(wanted) && (await api.permissions.contains(NOTIFY_PERMISSION));

  box.addEventListener('change', async () => {
    if (box.checked) {
      // Asked first, before any other await: the request must come from the user's click.
      let granted = false;
      try {
        granted = await api.permissions.request(NOTIFY_PERMISSION);
      } catch {
        granted = false;
      }
      box.checked = granted;
      await api.storage.local.set({ [NOTIFY_KEY]: granted });
      status.textContent = t(granted ? 'expiry.notifyOn' : 'expiry.notifyDenied');
    } else {
      await api.storage.local.set({ [NOTIFY_KEY]: false });
      await api.permissions.remove(NOTIFY_PERMISSION).catch(() => false);
      status.textContent = t('expiry.notifyOff');
    }
  });
  return { relabel };
}
