// Expiry watch (issue 18.5), run by the background: the badge shows how many live tokens expire
// soon (records.js expiresSoon: the last quarter of their lifetime, at most 7 days), refreshed when the records change and once a day by an
// alarm; if the user turned it on in the options (which asked for the optional `notifications`
// permission at that moment), the daily check also shows a notification. Only the records'
// names and dates are read; nothing here ever sees a token.
import { api, loadRecords } from './ext.js';
import { soonExpiring } from '../www/lib/records.js';

const ALARM = 'patmint-expiry';
/** chrome.storage.local key: `true` once the user turned the notification on in the options. */
export const NOTIFY_KEY = 'expiryNotifications';
export const NOTIFY_PERMISSION = { permissions: ['notifications'] };

/** Sets the badge to the count of soon-expiring tokens (empty when none); returns them. */
export async function showExpiryBadge(now = Date.now()) {
  const soon = soonExpiring(await loadRecords(), now);
  await api.action.setBadgeText({ text: soon.length ? String(soon.length) : '' });
  if (soon.length) await api.action.setBadgeBackgroundColor({ color: '#9a6700' });
  await api.action.setTitle({
    title: api.i18n.getMessage(soon.length ? 'badgeExpiring' : 'actionTitle', [String(soon.length)]),
  });
  return soon;
}

/** The daily check: the badge, and the notification if the user asked for it. */
export async function dailyCheck() {
  const soon = await showExpiryBadge();
  if (soon.length === 0) return;
  const { [NOTIFY_KEY]: wanted } = await api.storage.local.get(NOTIFY_KEY);
  // The permission may have been withdrawn in the browser's settings since.
  if (!wanted || !(await api.permissions.contains(NOTIFY_PERMISSION))) return;
  await api.notifications.create(ALARM, {
    type: 'basic',
    iconUrl: 'icons/icon-128.png',
    title: api.i18n.getMessage('extName'),
    message: api.i18n.getMessage('notifyExpiring', [String(soon.length), soon.map((r) => r.name).join(', ')]),
  });
}

/**
 * Registers the listeners (call synchronously at the background's top level, so that the
 * event that wakes the worker finds them) and makes sure the daily alarm exists.
 */
export function watchExpiry() {
  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) dailyCheck();
  });
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes.records) showExpiryBadge();
  });
  const start = async () => {
    if (!(await api.alarms.get(ALARM))) await api.alarms.create(ALARM, { delayInMinutes: 1, periodInMinutes: 24 * 60 });
    await showExpiryBadge();
  };
  api.runtime.onInstalled.addListener(start);
  api.runtime.onStartup.addListener(start);
}
