/**
 * The credit history as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it
 * holds a comma, a quote or a line break, quotes doubled). Amounts are plain decimals in the
 * circle's unit ("1.50"), dates ISO 8601 in UTC, so a spreadsheet anywhere reads the same file.
 * A member's memo that begins like a formula (= + - @) gets a leading apostrophe, so opening the
 * file never runs what someone typed (OWASP "CSV injection").
 */
import { formatAmount, type Transfer } from '$lib/core/credit';

export const HEADER = ['date', 'from', 'to', 'amount', 'unit', 'memo', 'status', 'entry'] as const;

const quote = (field: string): string => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);
const defuse = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** One row per payment, as the history shows them. */
export const historyRows = (
	transfers: readonly Transfer[],
	nameOf: (key: string) => string,
	decimals: number,
	unit: string
): string[][] =>
	transfers.map((t) => [
		new Date(t.at).toISOString(),
		defuse(nameOf(t.from)),
		defuse(nameOf(t.to)),
		formatAmount(t.amount, decimals),
		defuse(unit),
		defuse(t.memo),
		t.status,
		t.id
	]);

export const toCsv = (rows: readonly (readonly string[])[]): string =>
	[HEADER, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';

/** Reads CSV text back into rows (the header included): the inverse of `toCsv`. */
export const parseCsv = (text: string): string[][] => {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			/* the \n ends the row */
		} else if (c === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
};
