// Start-up as the demo page sees it: from navigation to the first generate() call returning,
// and the wasm's own part of it (decode, inflate, compile, instantiate: after the modules
// have arrived).
import { loadPatmint } from '../www/lib/load-patmint.js';

const modulesLoaded = performance.now();
const { generate } = await loadPatmint();
generate('ghp', 1);
window.startupMs = performance.now();
window.wasmReadyMs = window.startupMs - modulesLoaded;
document.documentElement.dataset.done = 'true';
