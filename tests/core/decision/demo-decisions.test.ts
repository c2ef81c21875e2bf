/**
 * The demo circle shows real decisions (issue 10, item 4): one in force with its volunteer, one
 * amended after an objection and then consented to, and near its end a decision and a mandate still
 * waiting for answers — never implemented or held by whoever proposed them.
 */
import { describe, expect, it } from 'vitest';
import * as demo from '../../../src/lib/core/demo';
import { replay } from '../../../src/lib/core/circle';
import { decision, type DecisionView } from '../../../src/lib/core/decision';
import { mandates, type Mandate } from '../../../src/lib/core/mandates';

describe('the demo circle’s decisions', () => {
	it(
		'has decisions in force, one amended, and a decision and a mandate waiting for answers',
		{ timeout: 180_000 },
		() => {
			const d = demo.demoCircle('alpha');
			const c = replay(d.circle, d.entries, d.end);
			const all = c.host.view(decision, d.end, { members: c.ledger.state().members }) as DecisionView[];
			const inForce = all.filter((x) => x.status === 'in-force');
			expect(inForce.map((x) => x.title)).toEqual([
				'Open the shed on Sunday mornings',
				'Buy a folding ladder that fits the shed'
			]);
			expect(inForce.map((x) => x.chosenBy)).toEqual(['volunteer', 'volunteer']);
			expect(inForce[1]!.version).toBe(2);
			for (const x of inForce) expect(x.implementer).not.toBe(x.proposer);
			const open = all.filter((x) => x.status === 'open');
			expect(open.map((x) => [x.title, x.outside])).toEqual([['Ask the council for the empty lot', true]]);
			const waiting = (
				c.host.view(mandates, d.end, { members: c.ledger.state().members }) as Mandate[]
			).filter((m) => m.status === 'proposed');
			expect(waiting.map((m) => m.task)).toEqual(['Oil the shed’s hinges and locks']);
			expect(c.host.rejected).toEqual([]);
		}
	);
});
