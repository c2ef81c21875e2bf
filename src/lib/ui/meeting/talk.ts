/** Talk time as a person reads it: "4:05", "1:02:30"; a share as a whole percent. */
export const clockText = (ms: number): string => {
	const s = Math.floor(ms / 1000);
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
};

export const percent = (share: number): string => `${Math.round(share * 100)}%`;

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
		? `held at least twice an equal share of the talk in ${p.meetings} of the last 3 meetings`
		: `was named by ${p.namedBy} members as the moment they felt least heard, over the last 3 meetings`;
