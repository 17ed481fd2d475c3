// Chrome's offscreen document (reason CLIPBOARD): runs the clipboard jobs for the service worker
// (the auto-clear, and the context menu's redacted copy); see inDocument in ext.js.
import { answerMessages } from './ext.js';
import { documentJobs } from './clipboard.js';

answerMessages(documentJobs);
