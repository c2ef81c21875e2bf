/**
 * Loads the member's language before the app mounts (hooks.client.ts): only that locale's compiled
 * messages are fetched, each language being its own chunks (issue 11: first-load budget). A locale
 * comes in two parts (src/cli/i18n.js, FIRST_AREAS): what every screen may need, before the first
 * render; and the rest, which the circle's screens and /verify wait for (loadRest in their load
 * functions) and which is fetched anyway once the phone is idle.
 */
import {
	LOCALE_KEY,
	addMessages,
	dirOf,
	resolveLocale,
	setMessages,
	type AnyLocale,
	type AppLocale,
	type Catalogue
} from './index';
import { lazy } from '$lib/lazy';

type Part = () => Promise<Partial<Catalogue>>;
const firsts = import.meta.glob<Partial<Catalogue>>('./gen/messages/*/first.js');
const rests = import.meta.glob<Partial<Catalogue>>('./gen/messages/*/rest.js');

const moduleOf = (locale: AnyLocale): Part | undefined => firsts[`./gen/messages/${locale}/first.js`];

let shown: AnyLocale = 'en';

/** The rest of the language's messages (the circle's screens): once, whoever asks first. */
export const loadRest: () => Promise<void> = lazy(() =>
	rests[`./gen/messages/${shown}/rest.js`]!().then(addMessages)
);

const stored = (): string | null => {
	try {
		return localStorage.getItem(LOCALE_KEY);
	} catch {
		return null; // storage refused (private mode): the browser's languages decide
	}
};

/** Resolves the member's language, loads its messages and sets `<html lang dir>`. */
export const startI18n = async (): Promise<AnyLocale> => {
	let locale = resolveLocale(stored(), navigator.languages ?? [navigator.language]);
	let load = moduleOf(locale);
	if (!load) {
		locale = 'en';
		load = moduleOf(locale)!;
	}
	setMessages(locale, (await load()) as Catalogue);
	shown = locale;
	document.documentElement.lang = locale;
	document.documentElement.dir = dirOf(locale);
	// Fetched while nothing else happens, so opening a circle offline or on one bar waits for nothing.
	const idle = (cb: () => void) =>
		'requestIdleCallback' in window ? requestIdleCallback(cb, { timeout: 5000 }) : setTimeout(cb, 2000);
	idle(() => void loadRest().catch(() => undefined));
	return locale;
};

/** The picker in settings: keeps the choice on this phone and reloads into it. */
export const chooseLocale = (locale: AppLocale): void => {
	localStorage.setItem(LOCALE_KEY, locale);
	location.reload();
};
