// Unit tests read sentences as the app shows them in English (the app loads the member's language
// before it mounts: src/lib/i18n/load.ts).
import { setMessages } from '$lib/i18n';
import * as en from '$lib/i18n/gen/messages/en.js';

setMessages('en', en);
