import { m } from '$lib/i18n';
import { formatNumber } from '../format';

/** Talk time as a person reads it: "4:05", "1:02:30"; a share as a whole percent. */
export const clockText = (ms: number): string => {
	const s = Math.floor(ms / 1000);
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
};

/** A share as the language writes a whole percent ("42 %" in German). */
export const percent = (share: number): string =>
	formatNumber(Math.round(share * 100) / 100, { style: 'percent', maximumFractionDigits: 0 });
/** A share for a CSS width (always "42%"). */
export const widthOf = (share: number): string => `${Math.round(share * 100)}%`;

/** Each present member's share of the members' talk in a closed meeting. */
export const sharesOf = (present: readonly string[], talk: readonly number[]) => {
	const total = talk.reduce((s, x) => s + x, 0);
	return present.map((m, i) => ({
		member: m,
		ms: (talk[i] ?? 0) * 1000,
		share: total > 0 ? (talk[i] ?? 0) / total : 0
	}));
};

/** Why a member sits out facilitation, in words (the reason the draw passes them over). */
export const passOverWhy = (p: {
	reason: 'talk-share' | 'least-heard';
	meetings: number;
	namedBy: number;
}): string =>
	p.reason === 'talk-share'
		? m.meeting_why_talk({ meetings: p.meetings })
		: m.meeting_why_heard({ count: p.namedBy });
