// Start-up as the demo page sees it: from navigation to the first generate() call returning.
import { loadPatmint } from '../www/lib/load-patmint.js';
import { generate } from '../www/pkg/patmint.js';

await loadPatmint();
generate('ghp', 1);
window.startupMs = performance.now();
document.documentElement.dataset.done = 'true';
