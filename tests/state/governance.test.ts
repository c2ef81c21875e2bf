import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openIdbStore } from '$lib/device/store';
import { AppState } from '$lib/state/app.svelte';
import { closeSession } from '$lib/state/circles';
import { GovernanceView } from '$lib/state/governance.svelte';
import { SEAL_BATCH } from '$lib/state/intents/rotation';
import { exploreDemo } from '$lib/state/demo-circle';
import * as charter from '$lib/core/charter';
import * as domains from '$lib/core/domains';
import { errorText } from '$lib/messages';

let n = 0;
const setup = async () => {
	const app = new AppState(() => openIdbStore(`test-gov-${n++}`));
	await app.start();
	await app.createIdentity('Maya');
	const id = await app.createCircle('Elm Street Tools', 'the shed');
	const view = app.circle(id)!;
	await view.session.settled();
	const gov = new GovernanceView(view);
	// A circle has holders from its founding day: the founder alone holds every role at first.
	return { app, id, view, gov };
};

describe('the governance bridge', () => {
	beforeEach(() => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(Date.UTC(2026, 10, 23, 10));
	});
	afterEach(() => vi.useRealTimers());

	it('shows the founder holding every role and seals the draws once, as the first phone past the boundary', async () => {
		const { id, view, gov, app } = await setup();
		const founding = gov.compute(Date.now());
		expect(founding.roles.map((r) => r.current?.holders)).toEqual([
			[app.identity!.publicKey],
			[app.identity!.publicKey],
			[app.identity!.publicKey]
		]);
		// The founding stretch is the founder's alone: nothing to seal. The next terms are.
		expect(founding.seals.due).toEqual([]);
		const first = Math.min(...founding.roles.map((r) => r.next!.start));
		vi.setSystemTime(first + 60_000);
		const s = gov.compute(Date.now());
		expect(s.roles.map((r) => r.role.id)).toEqual(['facilitator', 'steward', 'auditors']);
		expect(s.charter.state).toBe('default');
		expect(s.seals.due.length).toBeGreaterThan(0);
		const written = await view.duties.run();
		expect(written).toBe(s.seals.due.length);
		await view.duties.settled();
		await view.session.settled();
		const after = gov.compute(Date.now());
		expect(after.seals.due).toEqual([]);
		expect(after.seals.total).toBe(written);
		// Writing again writes nothing: the seals are in the ledger.
		expect(await view.duties.run()).toBe(0);
		// Alone, the founder rests after a facilitator's term (cooldown): the term is vacant, and sealed so.
		const fac = after.roles.find((r) => r.role.id === 'facilitator')!;
		expect(fac.current?.holders).toEqual([]);
		expect(gov.verifyDraw(fac.current!).verdict).toBe('matches');
		// One domain's view is the same value the composed state carries, and one object per circle.
		const t = Date.now();
		expect(view.domain(domains.charter).at(t)).toEqual(gov.compute(t).charter);
		expect(view.domain(domains.rotation).at(t).seals).toEqual(after.seals);
		expect(view.domain(domains.charter)).toBe(view.domain(domains.charter));
		expect(app.notices).toEqual([]);
		await closeSession(id);
	});

	it('seals due draws from the circle state on its own: at the next tick of the app clock, with no screen open', async () => {
		const { id, view, gov, app } = await setup();
		vi.setSystemTime(Math.min(...gov.compute(Date.now()).roles.map((r) => r.next!.start)) + 60_000);
		expect(view.duties.running).toBe(true);
		const due = gov.compute(Date.now()).seals.due.length;
		expect(due).toBeGreaterThan(0);
		view.clock.tick();
		await view.duties.settled();
		await view.session.settled();
		expect(gov.compute(Date.now()).seals).toMatchObject({ due: [], total: due });
		expect(view.duties.written).toBe(due);
		expect(app.notices).toEqual([]);
		await closeSession(id);
	});

	it('writes at most SEAL_BATCH seals in one run; the rest follow on the next looks, each once', async () => {
		const { id, view, gov, app } = await setup();
		// Two years without opening the app: far more terms to seal than one batch.
		vi.setSystemTime(Date.now() + 2 * 365 * 86_400_000);
		const due = gov.compute(Date.now()).seals.due.length;
		expect(due).toBeGreaterThan(SEAL_BATCH);
		expect(await view.duties.run()).toBe(SEAL_BATCH);
		// Each seal folded is a change in the ledger: the runner looks again until nothing is due.
		for (let i = 0; i < 10 && gov.compute(Date.now()).seals.due.length; i++) {
			await view.duties.settled();
			await view.session.settled();
		}
		const s = gov.compute(Date.now());
		expect(s.seals.due).toEqual([]);
		expect(s.seals.total).toBe(due);
		expect(view.duties.written).toBe(due);
		expect(s.rejected).toEqual([]);
		expect(app.notices).toEqual([]);
		await closeSession(id);
	});

	it('writes every governance intent as a signed entry the fold understands', async () => {
		const { id, view, gov, app } = await setup();
		const settle = async () => {
			await view.duties.settled();
			await view.session.settled();
		};
		const { intents } = view;

		await intents.reset.call('Decisions keep happening outside meetings.');
		await settle();
		expect(gov.compute(Date.now()).reset.count).toBe(1);

		await intents.mandates.propose('Fix the sharpening station', Date.now() + 7 * 86_400_000);
		await settle();
		const m = gov.compute(Date.now()).mandates[0]!;
		expect(m.status).toBe('unfilled'); // the proposer never holds their own mandate, and nobody else is here
		expect(m.holder).toBeNull();

		const content = charter.defaultCharter();
		content.thresholds.recall = 2;
		view.draft.set('We share tools, not power.');
		view.draft.set('We share tools, not power. Every office expires.');
		expect(view.draft.text).toBe('We share tools, not power. Every office expires.');
		const pid = await intents.charter.propose(content, view.draft.text);
		await settle();
		const p = gov.compute(Date.now()).charter.proposals.find((x) => x.id === pid)!;
		// Alone in the circle, the proposal is everyone's answer: in force from the fold, nobody ratifies.
		expect(p.status).toBe('ratified');
		const ratified = gov.compute(Date.now()).charter;
		expect(ratified.state).toBe('in-force');
		expect(ratified.inForce.thresholds.recall).toBe(2);
		expect(ratified.version?.text).toBe('We share tools, not power. Every office expires.');

		// The dice are rolled at the table and typed in before this phone commits.
		const cid = await intents.seeds.start('3526');
		await settle();
		expect(gov.compute(Date.now()).ceremonies[0]!.committed).toHaveLength(1);
		// Alone, this phone cannot close the commitments (at least two phones, T5): nothing is written.
		await expect(intents.seeds.close(cid)).rejects.toThrow('close-quorum');
		await expect(intents.seeds.reveal(cid)).rejects.toThrow('not-counted');
		await settle();
		expect(gov.compute(Date.now()).ceremonies[0]!.closes).toHaveLength(0);
		expect(gov.compute(Date.now()).seeds.map((x) => x.source)).toEqual(['genesis']);

		const from = Date.now() + 30 * 86_400_000;
		await intents.rotation.declareAbsence(from, from + 7 * 86_400_000, 'Visiting family');
		await settle();
		expect(gov.compute(Date.now()).absences).toHaveLength(1);

		await view.duties.run();
		await settle();
		// The founder has held every role since the founding; an hour later, hands one over.
		vi.setSystemTime(Date.now() + 3_600_000);
		const fac = gov.compute(Date.now()).roles.find((r) => r.role.id === 'facilitator')!.current!;
		await intents.rotation.stepDown('facilitator', fac.term, 'Thank you all!');
		await settle();
		const s = gov.compute(Date.now());
		expect(s.handoffs).toHaveLength(1);
		expect(s.handoffs[0]!.note).toBe('Thank you all!');
		expect(s.rejected).toEqual([]);
		expect(view.snapshot.quarantine).toEqual([]);
		expect(app.notices).toEqual([]);
		await closeSession(id);
	});

	it('refuses writes from someone who is not a member', async () => {
		const { id, view, app } = await setup();
		app.identity = { ...app.identity!, publicKey: 'ab'.repeat(32) as never };
		let refusal: unknown = null;
		try {
			view.intents.reset.call('x');
		} catch (err) {
			refusal = err;
		}
		expect(errorText(refusal)).toMatch(/Only members/);
		expect(await view.duties.run()).toBe(0);
		await closeSession(id);
	});

	it('explores the demo circle: a year of history, read-only for a visitor, opened again rather than rebuilt', async () => {
		vi.useRealTimers();
		const app = new AppState(() => openIdbStore(`test-gov-demo-${n++}`));
		await app.start();
		await app.createIdentity('Visitor');
		const id = await exploreDemo(app);
		const view = app.circle(id)!;
		const snap = view.snapshot;
		expect(snap.name).toBe('Elm Street Tool Library');
		expect(snap.quarantine).toEqual([]);
		expect(snap.members.length).toBe(7); // eight joined, one left
		const gov = new GovernanceView(view);
		expect(gov.isMember).toBe(false);
		const s = gov.compute(Date.now());
		expect(s.charter.versions).toHaveLength(2);
		expect(s.reset.history).toHaveLength(1);
		expect(s.handoffs.length).toBeGreaterThan(0);
		expect(s.mandates.some((m) => m.status === 'recalled')).toBe(true);
		expect(s.roles.every((r) => r.current !== null)).toBe(true);
		expect(s.rejected).toEqual([]);
		const entries = snap.entries.length;
		expect(await exploreDemo(app)).toBe(id);
		expect(app.circles.filter((c) => c.id === id)).toHaveLength(1);
		expect(view.snapshot.entries.length).toBe(entries);
		await closeSession(id);
	});
});
