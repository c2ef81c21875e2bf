/**
 * `npm run verify -- <export file> [--json] [--now <ISO instant>]`: audits a published
 * snapshot of a circle's ledger from the file alone. Exit code 0 when everything
 * verifies, 1 when something was set aside or a seal is flagged, 2 when the file
 * cannot be read.
 */
import { readFileSync } from 'node:fs';
import { auditExport, formatReport } from '$lib/sync/audit';

export const main = (argv: string[]): number => {
	const args = argv.filter((a) => !a.startsWith('--'));
	const json = argv.includes('--json');
	const at = argv.indexOf('--now');
	const now = at >= 0 ? Date.parse(argv[at + 1] ?? '') : Date.now();
	const file = at >= 0 ? args.find((a) => a !== argv[at + 1]) : args[0];
	if (!file || Number.isNaN(now)) {
		console.error('usage: npm run verify -- <circle export file> [--json] [--now 2026-11-23T12:00:00Z]');
		return 2;
	}
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (err) {
		console.error(`Cannot read ${file}: ${(err as Error).message}`);
		return 2;
	}
	try {
		const report = auditExport(text, now);
		console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
		return report.quarantined.length || report.unreadable.length || report.seals.flagged.length ? 1 : 0;
	} catch (err) {
		console.error((err as Error).message);
		return 2;
	}
};
