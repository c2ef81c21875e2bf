/**
 * The rotation domain's intents: step down, declare an absence, record a temperature check
 * (a bench), and seal a term's draw (the duty the first phone past a boundary performs,
 * state/duties.ts). Also the one read that is not a view: "Verify this draw".
 */
import { openCircle } from '$lib/core/circle';
import { charter, rotation } from '$lib/core/domains';
import type { CharterStatus } from '$lib/core/charter/book';
import { refuse } from '$lib/core/host/domain';
import {
	ABSENCE,
	BENCH,
	BENCH_SECOND,
	SEAL,
	STEPDOWN,
	absenceBody,
	benchBody,
	benchRule,
	benchSecondBody,
	stepdownBody,
	verify,
	type Holding,
	type RotationView,
	type SealBody
} from '$lib/core/rotation';
import type { EntryId, MemberKey, Millis } from '$lib/core/types';
import { DAY_MS } from '$lib/core/calendar';
import type { CircleSession } from '../circle-session';
import type { Duty } from '../duties';
import type { Signer } from './signer';
import { intlLocale, m } from '$lib/i18n';

export const stepDown = (s: Signer, role: string, term: number, note: string): Promise<EntryId> =>
	s.sign(STEPDOWN, stepdownBody(role, term, note.trim()));

export const declareAbsence = (s: Signer, from: Millis, until: Millis, note: string): Promise<EntryId> => {
	if (!(until > from)) refuse('absence-ends-before');
	return s.sign(ABSENCE, absenceBody(from, until, note.trim()));
};

/**
 * Proposes a temperature check's outcome: "if the same individuals dominate discussions,
 * they rotate out of facilitation for a predefined period". `role` null benches from every role.
 * Nobody benches anyone alone: it takes effect once the charter's threshold of members support it.
 */
export const bench = (
	s: Signer,
	member: MemberKey,
	role: string | null,
	until: Millis,
	reason: string
): Promise<EntryId> => {
	if (!reason.trim()) refuse('bench-reason-missing');
	if (!(until > s.now())) refuse('bench-ends-past');
	const { maxDays } = benchRule(s.session.book.view<CharterStatus>(charter, s.now()).inForce);
	if (until > s.now() + maxDays * DAY_MS) refuse('bench-span', { maxDays });
	return s.sign(BENCH, benchBody(member, role, until, reason.trim()));
};

/** Records a term's draw as the rule computed it (anyone's seal will do: the lowest id wins). */
export const seal = (s: Signer, body: SealBody): Promise<EntryId> => s.sign(SEAL, body);

/** Supports another member's bench proposal (the one that reaches the threshold puts it in force). */
export const supportBench = (s: Signer, proposal: EntryId): Promise<EntryId> =>
	s.sign(BENCH_SECOND, benchSecondBody(proposal));

export const intents = { stepDown, declareAbsence, bench, supportBench };

/** At most this many seals are written in one go (a phone catching up on a long absence). */
export const SEAL_BATCH = 24;

/**
 * "The first phone that notices records the draw": a term has begun, its freeze point has
 * passed and nobody has sealed it yet. Concurrent seals from other phones are harmless: the
 * lowest entry id wins, on every phone.
 */
export const sealDuty: Duty<SealBody> = {
	name: 'seal',
	due: (book, now) => book.view<RotationView>(rotation, now).seals.due,
	// One seal per stretch of time (role and start), as the rotation domain keys them.
	key: (b) => `${b.role}/${b.start}`,
	perform: seal,
	batch: SEAL_BATCH
};

export interface DrawCheck {
	verdict: 'matches' | 'unsealed' | 'flagged' | 'missing';
	message: string;
}

/** Recomputes a draw from scratch (a fresh fold of the whole ledger) and compares it with its seal. */
export const verifyDraw = (
	session: CircleSession,
	h: Pick<Holding, 'role' | 'term' | 'segment'>,
	nameOf: (key: MemberKey) => string,
	now: Millis
): DrawCheck => {
	const ledger = session.ledger;
	const refolded = openCircle(ledger.circle);
	refolded.add(
		ledger.accepted.map((entry, i) => ({ entry, sigValid: true, id: ledger.acceptedIdList[i] })),
		now
	);
	const fresh = refolded.view<RotationView>(rotation, now);
	const again = fresh.history.find((x) => x.role === h.role && x.term === h.term && x.segment === h.segment);
	if (!again) return { verdict: 'missing', message: m.draw_missing() };
	const verdict = verify(again);
	const names = (keys: readonly MemberKey[]) =>
		keys.length
			? new Intl.ListFormat(intlLocale(), { style: 'long', type: 'conjunction' }).format(keys.map(nameOf))
			: m.history_nobody();
	if (verdict === 'matches')
		return { verdict: 'matches', message: m.draw_matches({ names: names(again.computed) }) };
	if (verdict === 'unsealed')
		return { verdict: 'unsealed', message: m.draw_unsealed({ names: names(again.computed) }) };
	const same =
		again.seal!.holders.length === again.computed.length &&
		again.seal!.holders.every((m, i) => m === again.computed[i]);
	return {
		verdict: 'flagged',
		message: same
			? m.draw_flagged_inputs({ names: names(again.computed) })
			: m.draw_flagged({ expected: names(again.computed), sealed: names(again.seal!.holders) })
	};
};
