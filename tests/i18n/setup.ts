// Unit tests read sentences as the app shows them in English (the app loads the member's language
// before it mounts: src/lib/i18n/load.ts). Importing src/lib/messages lets the sync layer's errors
// read as their sentences too (sync/failure.ts), as in the app.
import { setMessages } from '$lib/i18n';
import * as en from '$lib/i18n/gen/messages/en.js';
import '$lib/messages';

setMessages('en', en);
