/**
 * `npm run verify -- <export file or record page> [--json] [--now <ISO instant>] [--lang <tag>]`:
 * audits a published snapshot of a circle's ledger from the file alone (sync/audit-core.ts): an
 * export file, or a record page (its embedded record; the page's own script is never run). Without `--now` it
 * evaluates at the instant the snapshot says it was made (its `created`), so the report is the
 * same on every machine; the report's third line says which `now` it used. Exit code 0 when
 * everything verifies, 1 when something is listed (an entry set aside or unreadable, a flagged
 * seal, a hole in an author's chain, a fork, an entry dated in the future), 2 when the file
 * cannot be read.
 *
 * The report is worded in `--lang`, else the terminal's language (LC_ALL, LC_MESSAGES, LANG),
 * else English: the same message files as the app (src/lib/i18n), all three bundled.
 */
import { readFileSync } from 'node:fs';
import { LOCALES, matchLocale, setMessages, type AppLocale, type Catalogue } from '$lib/i18n';
import * as en from '$lib/i18n/gen/messages/en.js';
import * as es from '$lib/i18n/gen/messages/es.js';
import * as de from '$lib/i18n/gen/messages/de.js';
import { auditSnapshot } from '$lib/sync/snapshot-read';
import { formatReport } from '$lib/messages/report';

const USAGE =
	'usage: npm run verify -- <circle export file or record page> [--json] [--now 2026-11-23T12:00:00Z] [--lang en|es|de]';

const CATALOGUES: Record<AppLocale, Catalogue> = { en, es: es as Catalogue, de: de as Catalogue };

/** The report's language: the one asked for, else the terminal's, else English. */
export const reportLocale = (
	asked: string | undefined,
	env: Record<string, string | undefined>
): AppLocale => {
	for (const tag of [asked, env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
		// POSIX tags: de_DE.UTF-8 → de-DE.
		const l = matchLocale(tag?.split('.')[0]);
		if (l && (LOCALES as readonly string[]).includes(l)) return l as AppLocale;
		if (tag && tag === asked) return 'en';
	}
	return 'en';
};

export const main = (argv: string[], env: Record<string, string | undefined> = process.env): number => {
	const json = argv.includes('--json');
	const at = argv.indexOf('--now');
	const lang = argv.indexOf('--lang');
	const given = at >= 0 ? Date.parse(argv[at + 1] ?? '') : undefined;
	const values = new Set([at, lang].filter((i) => i >= 0).map((i) => i + 1));
	const files = argv.filter((a, i) => !a.startsWith('--') && !values.has(i));
	const locale = reportLocale(lang >= 0 ? (argv[lang + 1] ?? '') : undefined, env);
	setMessages(locale, CATALOGUES[locale]);
	if (files.length !== 1 || (given !== undefined && Number.isNaN(given))) {
		console.error(USAGE);
		return 2;
	}
	const file = files[0]!;
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (err) {
		console.error(`Cannot read ${file}: ${(err as Error).message}`);
		return 2;
	}
	try {
		const report = auditSnapshot(text, given);
		console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
		return report.verified ? 0 : 1;
	} catch (err) {
		console.error((err as Error).message);
		return 2;
	}
};
