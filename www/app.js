// The minimal demo: mint one classic token, show it masked, reveal/copy on request, free it when
// done. The full create-token flow (scopes, expiration, records) builds on this.
import { loadPatmint } from './lib/load-patmint.js';
import { mint } from './pkg/patmint.js';

const $ = (id) => document.getElementById(id);
const REVEAL_MS = 30_000;

let minted = null;
let hideTimer = 0;

function showMasked() {
  clearTimeout(hideTimer);
  $('token').textContent = minted ? minted.masked : '';
  $('reveal').textContent = 'Reveal';
  $('reveal').setAttribute('aria-pressed', 'false');
}

function forget() {
  clearTimeout(hideTimer);
  if (minted) {
    minted.free(); // zeroizes the secret in wasm memory
    minted = null;
  }
  $('token').textContent = '';
  $('fingerprint').textContent = '';
  $('status').textContent = '';
  $('result').hidden = true;
}

$('create').addEventListener('submit', (event) => {
  event.preventDefault();
  $('note-error').textContent = '';
  forget();
  try {
    minted = mint({ format: 'ghp', name: $('note').value, scopes: [], expiresInDays: 30 });
  } catch (err) {
    $('note-error').textContent = err.message;
    $('note').focus();
    return;
  }
  $('fingerprint').textContent = minted.fingerprint;
  showMasked();
  $('result').hidden = false;
  $('copy').focus();
});

$('reveal').addEventListener('click', () => {
  if (!minted) return;
  if ($('reveal').getAttribute('aria-pressed') === 'true') {
    showMasked();
    return;
  }
  $('token').textContent = minted.reveal();
  $('reveal').textContent = 'Hide';
  $('reveal').setAttribute('aria-pressed', 'true');
  hideTimer = setTimeout(showMasked, REVEAL_MS);
});

$('copy').addEventListener('click', async () => {
  if (!minted) return;
  try {
    await minted.copyToClipboard();
    $('status').textContent = 'Copied to the clipboard. Treat it like a password.';
  } catch (err) {
    $('status').textContent = `Could not copy: ${err.message}`;
  }
});

$('done').addEventListener('click', () => {
  forget();
  $('note').value = '';
  $('note').focus();
});

// Leaving the page frees the token: it is shown once, then gone.
addEventListener('pagehide', forget);

await loadPatmint();
$('generate').disabled = false;
document.documentElement.dataset.ready = 'true';
