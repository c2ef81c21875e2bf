import { describe, expect, it } from 'vitest';
import * as membership from '$lib/core/membership/fold';
import { Ledger, type LedgerOptions } from '$lib/core/ledger';
import {
	CIRCLE,
	OTHER_CIRCLE,
	T0,
	arrival,
	genesisOf,
	idOf,
	joinRequestOf,
	note,
	person,
	refusalOf,
	sign,
	write
} from './helpers';
import type { Entry } from '$lib/core/types';

const [maya, ana, bo, zoe, unal] = ['Maya', 'Ana', 'Bo', 'Zoë', 'Ünal'].map((n) => person(n));
const MIN = 60_000;

/** Maya founds; Ana, Bo, Zoë and Ünal join: five members. */
const fiveMembers = (options: LedgerOptions = {}) => {
	const l = new Ledger(CIRCLE, options);
	l.add([arrival(genesisOf(maya!))], T0);
	let t = T0;
	for (const p of [ana, bo, zoe, unal]) {
		t += MIN;
		write(l, maya!, t, (s) => membership.admit(s, joinRequestOf(p!, t)));
	}
	return { l, t };
};

const reasonOf = (l: Ledger, e: Entry) => {
	const v = l.verdict(idOf(e));
	return v?.status === 'quarantined' ? v.reason : v?.status;
};

/** The reason and which case of it, as codes: `invalid-body/request-used`. */
const caseOf = (l: Ledger, e: Entry) => {
	const v = l.verdict(idOf(e));
	return v?.status === 'quarantined' ? `${v.reason}/${v.detail}` : v?.status;
};

describe('admission', () => {
	it('keeps non-ASCII names exactly as the joiner signed them', () => {
		const { l } = fiveMembers();
		expect(l.state().members.get(zoe!.key)?.name).toBe('Zoë');
		expect(l.state().members.get(unal!.key)?.name).toBe('Ünal');
		expect(l.state().roster).toHaveLength(5);
	});

	it('refuses an admission whose join request was not signed by the joiner', () => {
		const { l, t } = fiveMembers();
		const cy = person('Cy');
		const req = { ...joinRequestOf(cy, t), key: person('Mallory').key };
		const slot = l.nextFor(maya!.key, t + MIN);
		const e = sign(
			membership.draft(slot, membership.ADMIT, { member: req.key, name: req.name, request: req }),
			maya!
		);
		l.add([arrival(e)], t + MIN);
		expect(caseOf(l, e)).toBe('invalid-body/request-signature');
		expect(l.state().roster).toHaveLength(5);
	});

	it('refuses a request for another circle, and reuse of a request', () => {
		const { l, t } = fiveMembers();
		const cy = person('Cy');
		expect(
			refusalOf(() => membership.admit(l.nextFor(maya!.key, t), joinRequestOf(cy, t, OTHER_CIRCLE)))
		).toEqual({ code: 'join-other-circle' });
		const req = joinRequestOf(cy, t);
		write(l, maya!, t + MIN, (s) => membership.admit(s, req));
		write(l, cy, t + 2 * MIN, (s) => membership.leave(s));
		const again = write(l, ana!, t + 3 * MIN, (s) => membership.admit(s, req));
		expect(caseOf(l, again)).toBe('invalid-body/request-used');
		const fresh = write(l, ana!, t + 4 * MIN, (s) => membership.admit(s, joinRequestOf(cy, t + 4 * MIN)));
		expect(reasonOf(l, fresh)).toBe('accepted');
		// Spans run from when each entry took effect: Maya's admission and Cy's leave when Ana's
		// entry named them (t + 3 min); Ana's own admission is not witnessed yet (projected at its stamp).
		expect(l.effectiveAt(idOf(again))).toBe(null);
		expect(l.state().members.get(cy.key)).toMatchObject({
			until: null,
			admittedBy: ana!.key,
			spans: [
				{ since: t + 3 * MIN, until: t + 3 * MIN },
				{ since: t + 4 * MIN, until: null }
			]
		});
	});

	it('builders refuse with a code saying what is wrong', () => {
		const { l, t } = fiveMembers();
		const slot = l.nextFor(ana!.key, t);
		const table: [() => unknown, object][] = [
			[() => membership.admit(slot, joinRequestOf(ana!, t)), { code: 'admit-self' }],
			[() => membership.proposeRemoval(slot, ana!.key, 'x'), { code: 'removal-self' }],
			[() => membership.proposeRemoval(slot, bo!.key, '  '), { code: 'removal-reason' }],
			[() => membership.proposeRemoval(slot, 'b0' as never, 'x'), { code: 'removal-member' }],
			[
				() => membership.proposeRemoval(slot, bo!.key, 'x'.repeat(281)),
				{ code: 'reason-length', params: { max: 280 } }
			],
			[() => membership.secondRemoval(slot, 'nope' as never), { code: 'removal-proposal' }],
			[() => membership.rename(slot, ''), { code: 'circle-name' }],
			[() => membership.rename(slot, 'x'.repeat(81)), { code: 'circle-name-length', params: { max: 80 } }],
			[
				() => membership.admit(slot, { ...joinRequestOf(bo!, t), sig: '00'.repeat(64) }),
				{ code: 'join-signature' }
			],
			[() => membership.admit(slot, { ...joinRequestOf(bo!, t), sig: '' }), { code: 'join-unsigned' }]
		];
		for (const [build, refusal] of table) expect(refusalOf(build)).toEqual(refusal);
	});
});

describe('leaving and non-members', () => {
	it('a member who left can no longer write', () => {
		const { l, t } = fiveMembers();
		write(l, bo!, t + MIN, (s) => membership.leave(s));
		const after = write(l, bo!, t + 2 * MIN, note('still here?'));
		expect(caseOf(l, after)).toBe('not-a-member/had-left');
		expect(l.verdict(idOf(after))).toMatchObject({ params: { author: bo!.key } });
		expect(l.state().roster).not.toContain(bo!.key);
		expect(l.state().members.get(bo!.key)).toMatchObject({ ended: 'left', until: t + MIN });
	});

	it('an entry that takes effect before the writer was admitted does not count, later ones do', () => {
		const l = new Ledger(CIRCLE);
		l.add([arrival(genesisOf(maya!))], T0);
		const early = write(l, ana!, T0 + MIN, note('hello?'));
		// Maya's phone has Ana's note when it admits her: the note takes effect then, before the
		// admission, when Ana was nobody here (witness.md, "alone").
		write(l, maya!, T0 + 2 * MIN, (s) =>
			membership.admit({ ...s, seen: [idOf(early)] }, joinRequestOf(ana!, T0 + 2 * MIN))
		);
		const later = write(l, ana!, T0 + 3 * MIN, note('hello!'));
		expect(caseOf(l, early)).toBe('not-a-member/not-a-member-then');
		expect(reasonOf(l, later)).toBe('accepted');
	});

	it('an entry signed before the writer was admitted that nobody saw until after counts from then', () => {
		const l = new Ledger(CIRCLE);
		l.add([arrival(genesisOf(maya!))], T0);
		const early = sign(membership.draft(l.nextFor(ana!.key, T0 + MIN), 'note.post', { text: 'hi' }), ana!);
		write(l, maya!, T0 + 2 * MIN, (s) => membership.admit(s, joinRequestOf(ana!, T0 + 2 * MIN)));
		l.add([arrival(early)], T0 + 3 * MIN);
		write(l, maya!, T0 + 4 * MIN, note('welcome'));
		expect(reasonOf(l, early)).toBe('accepted');
		expect(l.effectiveAt(idOf(early))).toBe(T0 + 4 * MIN);
	});

	it('with a founder from the invite, a rival genesis founds nothing', () => {
		const l = new Ledger(CIRCLE, { founder: maya!.key });
		const rival = genesisOf(bo!, T0 - MIN, CIRCLE);
		l.add([arrival(rival), arrival(genesisOf(maya!))], T0);
		expect(l.state().founder).toBe(maya!.key);
		expect(caseOf(l, rival)).toBe('not-a-member/not-the-founder');
	});
});

describe('removal by threshold', () => {
	it('takes a majority of the other active members by default (3 of 4)', () => {
		const { l, t } = fiveMembers();
		const p = write(l, ana!, t + MIN, (s) => membership.proposeRemoval(s, bo!.key, 'took the drill home'));
		expect(l.state().removals).toMatchObject([
			{ id: idOf(p), target: bo!.key, supporters: [ana!.key], needed: 3 }
		]);
		write(l, zoe!, t + 2 * MIN, (s) => membership.secondRemoval(s, idOf(p)));
		write(l, zoe!, t + 3 * MIN, (s) => membership.secondRemoval(s, idOf(p)));
		expect(l.state().roster).toContain(bo!.key);
		const selfSupport = write(l, bo!, t + 4 * MIN, (s) => membership.secondRemoval(s, idOf(p)));
		expect(caseOf(l, selfSupport)).toBe('invalid-body/own-removal-support');
		write(l, unal!, t + 5 * MIN, (s) => membership.secondRemoval(s, idOf(p)));
		expect(l.state().roster).not.toContain(bo!.key);
		expect(l.state().members.get(bo!.key)).toMatchObject({ ended: 'removed', until: t + 5 * MIN });
		expect(l.state().removals).toEqual([]);
		const late = write(l, maya!, t + 6 * MIN, (s) => membership.secondRemoval(s, idOf(p)));
		expect(caseOf(l, late)).toBe('invalid-body/no-such-removal');
	});

	it('uses the threshold rule it is given (a charter’s), with the membership before the entry', () => {
		const seen: number[] = [];
		const { l, t } = fiveMembers({
			removalThreshold: ({ state }) => {
				seen.push(state.roster.length);
				return 2;
			}
		});
		const p = write(l, ana!, t + MIN, (s) => membership.proposeRemoval(s, bo!.key, 'reason'));
		write(l, zoe!, t + 2 * MIN, (s) => membership.secondRemoval(s, idOf(p)));
		expect(l.state().roster).not.toContain(bo!.key);
		// Asked again whenever the projected tail is folded again; always before the entry.
		expect(new Set(seen)).toEqual(new Set([5]));
	});

	it('only supporters who are still members count', () => {
		const { l, t } = fiveMembers();
		const p = write(l, ana!, t + MIN, (s) => membership.proposeRemoval(s, bo!.key, 'reason'));
		write(l, zoe!, t + 2 * MIN, (s) => membership.secondRemoval(s, idOf(p)));
		write(l, ana!, t + 3 * MIN, (s) => membership.leave(s));
		// Now 4 active: Bo's others are Maya, Zoë, Ünal -> need 2; active supporters: Zoë only.
		write(l, zoe!, t + 4 * MIN, (s) => membership.secondRemoval(s, idOf(p)));
		expect(l.state().roster).toContain(bo!.key);
		write(l, unal!, t + 5 * MIN, (s) => membership.secondRemoval(s, idOf(p)));
		expect(l.state().roster).not.toContain(bo!.key);
	});
});

describe('rename and unknown types', () => {
	it('renames the circle', () => {
		const { l, t } = fiveMembers();
		write(l, zoe!, t + MIN, (s) => membership.rename(s, '  Elm St. Tool Library '));
		expect(l.state().name).toBe('Elm St. Tool Library');
	});

	it('accepts entry types it does not know, for other folds to read', () => {
		const { l, t } = fiveMembers();
		const e = write(l, zoe!, t + MIN, (s) =>
			membership.draft(s, 'charter.propose', { anything: ['goes', 1] })
		);
		expect(reasonOf(l, e)).toBe('accepted');
		expect(l.accepted.at(-1)).toEqual(e);
	});
});

describe('nextFor', () => {
	it('continues the author’s chain and stamps after everything seen', () => {
		const { l, t } = fiveMembers();
		const s1 = l.nextFor(zoe!.key, t - 10 * MIN);
		expect(s1).toMatchObject({ seq: 1, prev: null });
		expect(s1.hlc).toEqual([t, 1]);
		const e = write(l, zoe!, t + MIN, note('one'));
		expect(l.nextFor(zoe!.key, t + 2 * MIN)).toMatchObject({ seq: 2, prev: idOf(e), hlc: [t + 2 * MIN, 0] });
	});

	it('never reuses the seq of the author’s own future-dated entry', () => {
		const { l, t } = fiveMembers();
		const slot = l.nextFor(zoe!.key, t + 60 * MIN);
		const future = sign(membership.draft(slot, 'note.post', { text: 'clock was wrong' }), zoe!);
		l.add([arrival(future)], t + MIN);
		expect(l.verdict(idOf(future))).toMatchObject({ reason: 'future-timestamp' });
		const next = l.nextFor(zoe!.key, t + 2 * MIN);
		expect(next.seq).toBe(2);
		expect(next.prev).toBe(idOf(future));
	});
});

describe('incremental refold', () => {
	it('an early arrival refolds from a checkpoint and matches a fresh fold', () => {
		const { l, t } = fiveMembers({ checkpointEvery: 2 });
		const notes: Entry[] = [];
		for (let i = 0; i < 9; i++)
			notes.push(write(l, [ana, bo, zoe][i % 3]!, t + (i + 2) * MIN, note(`n${i}`)));
		// Ünal wrote offline earlier, sorting between others' entries.
		const slot = l.nextFor(unal!.key, t);
		const offline = sign(
			membership.draft({ ...slot, hlc: [t + 5 * MIN + 1, 0] }, 'note.post', { text: 'offline' }),
			unal!
		);
		const r = l.add([arrival(offline)], t + 20 * MIN);
		expect(r).toMatchObject({ accepted: [idOf(offline)], retracted: [], refolded: true });
		const fresh = new Ledger(CIRCLE);
		fresh.add([...l.accepted].reverse().map(arrival), t + 20 * MIN);
		expect(fresh.acceptedIdList).toEqual(l.acceptedIdList);
		expect(fresh.state().head).toBe(l.state().head);
	});

	it('appending after the last entry does not refold, unless it witnesses something', () => {
		const { l, t } = fiveMembers({ checkpointEvery: 2 });
		// Ana's first entry names what the others wrote: it takes effect at her instant (a move).
		const first = sign(membership.draft(l.nextFor(ana!.key, t + MIN), 'note.post', { text: 'x' }), ana!);
		expect(l.add([arrival(first)], t + MIN)).toMatchObject({ accepted: [idOf(first)], refolded: true });
		// Her next one witnesses nothing new: an append.
		const e = sign(membership.draft(l.nextFor(ana!.key, t + 2 * MIN), 'note.post', { text: 'y' }), ana!);
		expect(l.add([arrival(e)], t + 2 * MIN)).toMatchObject({ accepted: [idOf(e)], refolded: false });
	});
});
