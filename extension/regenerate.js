// Regenerate on the options page (issue 18.4): the new token is shown once, as the popup shows
// a new one (ui.js renderResult: masked, reveal, copy with the auto-clear), in a section after
// the records; the old record stays, marked replaced (records.js regenerated). The token is
// freed (zeroized) when the user is done or leaves the page.
import { delayText } from '../www/lib/model.js';
import { h, renderResult } from '../www/lib/ui.js';
import { regenerateOptions, regenerated } from '../www/lib/records.js';
import { loadPatmint } from '../www/lib/load-patmint.js';
import { scheduleClipboardClear } from './ext.js';

/**
 * `anchor` is the element the result follows; `env()` gives { t, clearDelay } as they are now.
 * Returns { run(record, records, expiration) → the new list, forget() }.
 */
export function optionsRegenerator(anchor, env) {
  const box = h('section', { id: 'result', class: 'result', hidden: true, 'aria-labelledby': 'result-title' });
  anchor.after(box);
  let minted = null;
  let view = null;
  const forget = () => {
    view?.dispose();
    view = null;
    minted?.free();
    minted = null;
    box.hidden = true;
  };
  addEventListener('pagehide', forget);
  return {
    forget,
    async run(record, records, expiration) {
      const patmint = await loadPatmint();
      // The expiration the user confirmed (records.js regenerateOptions); a coded error changes nothing.
      const fresh = patmint.mint(regenerateOptions(record, expiration));
      forget();
      minted = fresh;
      const { t, clearDelay } = env();
      view = renderResult(box, minted, t, {
        onDone: () => {
          forget();
          anchor.querySelector('h2')?.focus();
        },
        afterCopy: async (fingerprint) => {
          if (!(clearDelay > 0 && fingerprint)) return '';
          const reply = await scheduleClipboardClear(fingerprint, clearDelay).catch((err) => ({ error: err }));
          return reply?.ok
            ? t('autoclear.pending', { time: delayText(clearDelay, t) })
            : t('autoclear.failed', { message: String(reply?.error?.message ?? reply?.error ?? '') });
        },
        fingerprintOf: (text) => patmint.fingerprint(text),
      });
      box.hidden = false;
      box.querySelector('#result-title').focus();
      return regenerated(records, record.fingerprint, minted.record());
    },
  };
}
