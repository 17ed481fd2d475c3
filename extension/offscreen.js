// Chrome's offscreen document (reason CLIPBOARD): runs the clipboard jobs for the service worker
// (the auto-clear, and the context menu's redacted copy), which arrive on a port to this document
// alone; see inDocument in ext.js.
import { takeJobs } from './ext.js';
import { documentJobs } from './clipboard.js';

takeJobs(documentJobs);
