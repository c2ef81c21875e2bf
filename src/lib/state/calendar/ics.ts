/**
 * The circle's calendar as an iCalendar file (RFC 5545) for the phone's own calendar app:
 * one VEVENT per event, times in UTC (no time-zone database needed, and every calendar app
 * shows them in the phone's zone), a meeting series as one event with an RRULE, an alarm per
 * event. Its UIDs are stable (made from what the event is, never from when it was exported),
 * and SEQUENCE rises each time an event the person already exported changed, so a calendar
 * that imports the file again updates the event instead of adding a twin.
 */

export interface CalEvent {
	/** Stable across exports: what the event is (its kind and the circle's numbers for it). */
	uid: string;
	start: number;
	minutes: number;
	title: string;
	/** The title without the circle's name, for the circle's own screen. */
	label: string;
	description: string;
	/** A series: every so many days from `start`. */
	everyDays?: number;
	/** A series: every month on `start`'s day of the month (RFC 5545 skips months without it). */
	monthly?: boolean;
	/** The circle's screen for it (a path below /circle/<id>), linked on the Calendar; never exported. */
	screen?: string;
	/** Called off: exported with STATUS:CANCELLED so a calendar that holds it drops it. */
	cancelled?: boolean;
	/** A record of what took place (a mentorship session logged): once over, not "coming up" on the screen. */
	logged?: boolean;
	/** An alarm this many minutes before. */
	alarmMinutes?: number;
}

/** What this phone last exported, per UID: a fingerprint of the event and its SEQUENCE. */
export type Exported = Record<string, { print: string; sequence: number }>;

const printOf = (e: CalEvent): string =>
	JSON.stringify([
		e.start,
		e.minutes,
		e.title,
		e.description,
		e.everyDays ?? 0,
		e.alarmMinutes ?? 0,
		// Added later: absent from older prints only when unset, so those keep their SEQUENCE.
		...(e.monthly ? ['monthly'] : []),
		...(e.cancelled ? ['cancelled'] : [])
	]);

/** Each event's SEQUENCE now, and what to remember for the next export. */
export const sequencesFor = (events: readonly CalEvent[], before: Exported): Exported => {
	const out: Exported = {};
	for (const e of events) {
		const print = printOf(e);
		const old = before[e.uid];
		out[e.uid] = { print, sequence: !old ? 0 : old.print === print ? old.sequence : old.sequence + 1 };
	}
	return out;
};

const two = (n: number) => String(n).padStart(2, '0');
const utc = (t: number): string => {
	const d = new Date(t);
	return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}T${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`;
};

/** TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped. */
const text = (s: string): string =>
	s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Content lines folded at 75 octets (§3.1), never inside a UTF-8 character. */
const fold = (line: string): string => {
	const bytes = new TextEncoder();
	if (bytes.encode(line).length <= 75) return line;
	const parts: string[] = [];
	let cur = '';
	let size = 0;
	for (const ch of line) {
		const n = bytes.encode(ch).length;
		if (size + n > (parts.length ? 74 : 75)) {
			parts.push(cur);
			cur = '';
			size = 0;
		}
		cur += ch;
		size += n;
	}
	parts.push(cur);
	return parts.join('\r\n ');
};

const duration = (minutes: number) =>
	minutes % 1440 === 0 ? `P${minutes / 1440}D` : minutes % 60 === 0 ? `PT${minutes / 60}H` : `PT${minutes}M`;

export const toIcs = (
	calendarName: string,
	events: readonly CalEvent[],
	sequences: Exported,
	now: number
): string => {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Circulate//Circle calendar//EN', // i18n-ignore: an identifier (RFC 5545)
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${text(calendarName)}`
	];
	for (const e of events) {
		lines.push(
			'BEGIN:VEVENT',
			`UID:${e.uid}`,
			`DTSTAMP:${utc(now)}`,
			`SEQUENCE:${sequences[e.uid]?.sequence ?? 0}`,
			`DTSTART:${utc(e.start)}`,
			`DURATION:${duration(e.minutes)}`,
			`SUMMARY:${text(e.title)}`,
			`DESCRIPTION:${text(e.description)}`
		);
		if (e.cancelled) lines.push('STATUS:CANCELLED');
		if (e.monthly) lines.push('RRULE:FREQ=MONTHLY;INTERVAL=1');
		else if (e.everyDays)
			lines.push(
				e.everyDays % 7 === 0
					? `RRULE:FREQ=WEEKLY;INTERVAL=${e.everyDays / 7}`
					: `RRULE:FREQ=DAILY;INTERVAL=${e.everyDays}`
			);
		if (e.alarmMinutes !== undefined && !e.cancelled)
			lines.push(
				'BEGIN:VALARM',
				'ACTION:DISPLAY',
				`DESCRIPTION:${text(e.title)}`,
				`TRIGGER:-${duration(e.alarmMinutes)}`,
				'END:VALARM'
			);
		lines.push('END:VEVENT');
	}
	lines.push('END:VCALENDAR');
	return lines.map(fold).join('\r\n') + '\r\n';
};
