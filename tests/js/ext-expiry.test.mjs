// The extension's expiry watch (extension/expiry.js): the badge counts the live records expiring
// within 7 days; the daily check notifies only when the user turned it on and the browser still
// grants the optional permission. Runs the source (no build needed) against a fake `chrome`;
// the e2e tests (extension-records.test.mjs) run the badge in both browsers.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A classic record expiring in `days`, created `age` days ago (a 30-day token by default). */
function record(name, days, more = {}, age = 30 - days) {
  const now = Date.now();
  return {
    name, format: 'ghp', scopes: [], createdAt: iso(now - age * DAY), expiresAt: iso(now + days * DAY),
    fingerprint: name.padEnd(64, '0').replace(/[^0-9a-f]/g, 'a').slice(0, 64), last4: 'AbC1', ...more,
  };
}

/** A fake `chrome` with storage, action, permissions and notifications. */
const fake = {
  stored: {},
  granted: false,
  badge: null,
  title: null,
  notes: [],
  storage: {
    local: { get: async (key) => ({ [key]: fake.stored[key] }) },
    onChanged: { addListener() {} },
  },
  action: {
    setBadgeText: async ({ text }) => { fake.badge = text; },
    setBadgeBackgroundColor: async () => {},
    setTitle: async ({ title }) => { fake.title = title; },
  },
  i18n: { getMessage: (key, subs = []) => [key, ...subs].join('|'), getUILanguage: () => 'en' },
  permissions: { contains: async () => fake.granted },
  notifications: { create: async (id, options) => { fake.notes.push(options); } },
  alarms: { onAlarm: { addListener() {} }, get: async () => null, create: async () => {} },
  runtime: { onInstalled: { addListener() {} }, onStartup: { addListener() {} } },
};
// The source module (its imports are www/lib's DOM-free modules: no build needed), after the
// fake it reads `chrome` from at load.
globalThis.chrome = fake;
const expiry = await import('../../extension/expiry.js');

test('the badge: live records expiring within 7 days, not expired, not replaced', async () => {
  fake.stored.records = [record('a', 2), record('b', 6.9), record('c', 8), record('d', -1), record('e', 1, { replacedAt: iso(Date.now()) })];
  await expiry.showExpiryBadge();
  assert.equal(fake.badge, '2');
  assert.equal(fake.title, 'badgeExpiring|2');
  fake.stored.records = [record('c', 8)];
  await expiry.showExpiryBadge();
  assert.equal(fake.badge, '');
  assert.equal(fake.title, 'actionTitle|0');
});

// Issue 26.9: a brand-new 7-day token lit the badge at once.
test('the badge: a short-lived token counts in the last quarter of its life, not from its start', async () => {
  fake.stored.records = [record('fresh7', 7, {}, 0), record('old30', 6, {}, 24)];
  await expiry.showExpiryBadge();
  assert.equal(fake.badge, '1', 'the 30-day token with 6 days left, not the 7-day one just minted');
  fake.stored.records = [record('late7', 1.5, {}, 5.5)];
  await expiry.showExpiryBadge();
  assert.equal(fake.badge, '1', 'a 7-day token with 36 hours left');
});

test('the daily notification: only when turned on and the permission still granted', async () => {
  fake.stored.records = [record('a', 2), record('b', 3)];
  fake.notes.length = 0;
  for (const [on, granted, notified] of [[false, false, 0], [false, true, 0], [true, false, 0], [true, true, 1]]) {
    fake.stored[expiry.NOTIFY_KEY] = on;
    fake.granted = granted;
    fake.notes.length = 0;
    await expiry.dailyCheck();
    assert.equal(fake.notes.length, notified, `on: ${on}, granted: ${granted}`);
  }
  assert.equal(fake.notes[0].message, 'notifyExpiring|2|a, b', 'the count and the names, nothing else');
  // Nothing expiring soon: no notification even when on.
  fake.stored.records = [record('c', 30)];
  fake.notes.length = 0;
  await expiry.dailyCheck();
  assert.equal(fake.notes.length, 0);
});
