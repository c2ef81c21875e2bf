/**
 * The record page's script (issue 14, item 5; built into one inline script by
 * src/cli/record-page-plugin.js). Opened from a file in any browser, with no network and no app:
 * it words itself in the visitor's language (the browser's, else English; all three message
 * catalogues are in the page), reads the record the page carries and checks it in place
 * (state/record-page-check.svelte.ts), and shows it with the same screen as /verify.
 */
import '../app.css';
import { mount } from 'svelte';
import { dirOf, resolveLocale, setMessages, type AppLocale, type Catalogue } from '$lib/i18n';
import * as en from '$lib/i18n/gen/messages/en.js';
import * as es from '$lib/i18n/gen/messages/es.js';
import * as de from '$lib/i18n/gen/messages/de.js';
import App from './App.svelte';

const CATALOGUES: Record<AppLocale, Catalogue> = { en, es: es as Catalogue, de: de as Catalogue };

const languages = navigator.languages?.length ? navigator.languages : [navigator.language];
const found = resolveLocale(null, languages);
const locale: AppLocale = found in CATALOGUES ? (found as AppLocale) : 'en';
setMessages(locale, CATALOGUES[locale]);
document.documentElement.lang = locale;
document.documentElement.dir = dirOf(locale);

const block = document.getElementById('circulate-record')?.textContent ?? '';
mount(App, { target: document.getElementById('app')!, props: { block } });
