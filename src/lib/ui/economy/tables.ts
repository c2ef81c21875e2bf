/**
 * Tables as files: CSV (RFC 4180, CRLF, quoted when a field holds a comma, quote or line break)
 * and JSON (the same rows as objects keyed by the header). A field a member typed that begins
 * like a formula (= + - @) gets a leading apostrophe, so a spreadsheet never runs it (OWASP "CSV
 * injection"); numbers are written as they are. `parseCsv` (credit/csv.ts) reads a file back.
 */
export interface Table {
	/** File name part: "months", "purchases-avoided". */
	name: string;
	header: readonly string[];
	rows: readonly (readonly (string | number)[])[];
}

const quote = (field: string): string => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

/** Text a member typed, made safe to open in a spreadsheet. */
export const defuse = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

export const csvOf = (t: Table): string =>
	[t.header, ...t.rows].map((r) => r.map((f) => quote(String(f))).join(',')).join('\r\n') + '\r\n';

export const jsonOf = (t: Table): string =>
	JSON.stringify(
		t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i]]))),
		null,
		2
	) + '\n';

/** A file name from the circle's name: lower-case words joined by hyphens. */
export const slugOf = (name: string): string =>
	name
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '') || 'circle';
