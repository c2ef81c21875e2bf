/**
 * Loads the member's language before the app mounts (hooks.client.ts): only that locale's compiled
 * messages are fetched, each language being its own chunk (issue 11: first-load budget).
 */
import {
	LOCALE_KEY,
	dirOf,
	resolveLocale,
	setMessages,
	type AnyLocale,
	type AppLocale,
	type Catalogue
} from './index';

const modules = import.meta.glob<Catalogue>(['./gen/messages/*.js', '!./gen/messages/_index.js']);

const moduleOf = (locale: AnyLocale) => modules[`./gen/messages/${locale}.js`];

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
	setMessages(locale, await load());
	document.documentElement.lang = locale;
	document.documentElement.dir = dirOf(locale);
	return locale;
};

/** The picker in settings: keeps the choice on this phone and reloads into it. */
export const chooseLocale = (locale: AppLocale): void => {
	localStorage.setItem(LOCALE_KEY, locale);
	location.reload();
};
