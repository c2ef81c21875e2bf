/**
 * Handing the circle's calendar to the phone's calendar app as an .ics file (ics.ts), and
 * remembering on this phone what it last exported, so an event that changed since comes with a
 * higher SEQUENCE and updates the one the calendar app already holds.
 */
import type { CircleId } from '$lib/core/types';
import { m } from '$lib/i18n';
import { shareOrDownload } from '../save-file';
import { sequencesFor, toIcs, type CalEvent, type Exported } from './ics';

const key = (circle: CircleId) => `circulate-ics-${circle}`;

const readExported = (circle: CircleId): Exported => {
	try {
		const raw = JSON.parse(localStorage.getItem(key(circle)) ?? '{}') as unknown;
		return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Exported) : {};
	} catch {
		return {};
	}
};

/** The .ics text for `events` as this phone would export it now (and what it would remember). */
export const calendarFile = (
	circle: CircleId,
	circleName: string,
	events: readonly CalEvent[],
	now: number
): { text: string; remember: Exported } => {
	const before = readExported(circle);
	const seqs = sequencesFor(events, before);
	return { text: toIcs(circleName, events, seqs, now), remember: { ...before, ...seqs } };
};

export const exportCalendar = async (
	circle: CircleId,
	circleName: string,
	events: readonly CalEvent[],
	now: number
): Promise<'shared' | 'downloaded'> => {
	const { text, remember } = calendarFile(circle, circleName, events, now);
	const slug = circleName.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'circle';
	const how = await shareOrDownload(text, `${slug}.ics`, m.calendar_file_title({ circle: circleName }));
	try {
		localStorage.setItem(key(circle), JSON.stringify(remember));
	} catch {
		/* without storage the next export starts the sequences again */
	}
	return how;
};
