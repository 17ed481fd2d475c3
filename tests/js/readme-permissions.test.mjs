// The README's list of the extension's permissions names every permission the manifest asks
// for (issue 26.28: `contextMenus` was missing), so that a reader knows all the extension may do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const read = (path) => readFile(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The README's "**Permissions**:" bullet, up to the next bullet. */
function permissionsBullet(readme) {
  const m = /^- \*\*Permissions\*\*:([\s\S]*?)(?=^- |^$)/m.exec(readme);
  assert.ok(m, 'the README has a **Permissions** bullet');
  return m[1];
}

test('the README names every permission of the manifest', async () => {
  const manifest = JSON.parse(await read('extension/manifest.json'));
  const bullet = permissionsBullet(await read('README.md'));
  const asked = [...manifest.permissions, ...(manifest.optional_permissions ?? [])];
  assert.ok(asked.length >= 5);
  for (const permission of asked) assert.ok(bullet.includes(`\`${permission}\``), `${permission} is not in the README's list`);
});
