/**
 * `npm run verify -- <export file> [--json] [--now <ISO instant>]`: audits a published
 * snapshot of a circle's ledger from the file alone (sync/audit.ts). Without `--now` it
 * evaluates at the instant the snapshot says it was made (its `created`), so the report is the
 * same on every machine; the report's third line says which `now` it used. Exit code 0 when
 * everything verifies, 1 when something is listed (an entry set aside or unreadable, a flagged
 * seal, a hole in an author's chain, a fork, an entry dated in the future), 2 when the file
 * cannot be read.
 */
import { readFileSync } from 'node:fs';
import { auditExport, formatReport } from '$lib/sync/audit';

const USAGE = 'usage: npm run verify -- <circle export file> [--json] [--now 2026-11-23T12:00:00Z]';

export const main = (argv: string[]): number => {
	const json = argv.includes('--json');
	const at = argv.indexOf('--now');
	const given = at >= 0 ? Date.parse(argv[at + 1] ?? '') : undefined;
	const files = argv.filter((a, i) => !a.startsWith('--') && !(at >= 0 && i === at + 1));
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
		const report = auditExport(text, given);
		console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
		return report.verified ? 0 : 1;
	} catch (err) {
		console.error((err as Error).message);
		return 2;
	}
};
