/**
 * Templates inside federation ledgers on the Protocols screen (issue 14, item 4): a delegate's phone
 * publishes a template and its ancestors into a federation (the fold checks each), and the lineage
 * joins the circle's templates with the federations': a fork found only in a federation sits under
 * its parent, and "used by" counts the circle that published it (never this circle by publishing).
 */
import { describe, expect, it } from 'vitest';
import { FederationPhone } from '$lib/state/federation-phone';
import type { KeyValue } from '$lib/state/federation-docs';
import { chainOf, lineage } from '$lib/state/federation-protocols';
import { FED_GENESIS, FED_JOIN } from '$lib/core/federation';
import { forkTemplate, hashTemplate, type ProtocolsView, type Template } from '$lib/core/protocols';
import { RuleError } from '$lib/core/host/domain';
import type { Person } from '../core/helpers';
import { certFor, FED_SEED, fedIdOf, garden, T0, tools } from '../core/federation/helpers';

const memory = (): KeyValue => {
	const m = new Map<string, string>();
	return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
};
const writer = (p: Person) => ({ key: p.key, secretKey: p.secret });

const original: Template = {
	v: 1,
	kind: 'practice',
	name: 'Rounds of consent',
	text: 'A facilitator drawn by lot.',
	params: [{ key: 'consentWindowDays', type: 'number', default: 7, min: 1, max: 30 }],
	parent: null
};

describe('templates travel inside federation ledgers', () => {
	it('published by delegates (ancestors first), shown in one lineage with who uses them', () => {
		const g = garden();
		const t = tools();
		const ada = g.members[0]!;
		const maya = t.members[0]!;
		const fed = fedIdOf(ada);
		const phone = new FederationPhone(memory());
		phone.docs.write(
			fed,
			writer(ada),
			FED_GENESIS,
			{
				name: 'Valley Food Alliance',
				purpose: 'Buy flour together',
				seed: FED_SEED,
				consentDays: 7,
				termDays: 28,
				cert: certFor(fed, g, ada)
			},
			T0
		);
		phone.docs.write(fed, writer(maya), FED_JOIN, { cert: certFor(fed, t, maya) }, T0 + 1000);
		const fork = forkTemplate(original, { consentWindowDays: 5 }, { name: 'Quicker rounds' });
		// Maya publishes the fork: its parent goes first, since the federation lacks it.
		expect(
			phone.publishTemplates(
				fed,
				writer(maya),
				[
					{ template: original, published: false },
					{ template: fork, published: true }
				],
				T0 + 2000
			)
		).toBe(2);
		// Again: nothing new.
		expect(phone.publishTemplates(fed, writer(maya), [{ template: fork, published: true }], T0 + 3000)).toBe(
			0
		);
		// Someone with no seat cannot publish: the fold's refusal is thrown, nothing written.
		const stranger = g.members[3]!;
		const other = forkTemplate(original, { consentWindowDays: 9 }, { name: 'Slower rounds' });
		expect(() =>
			phone.publishTemplates(fed, writer(stranger), [{ template: other, published: true }], T0 + 4000)
		).toThrow(RuleError);
		const state = phone.docs.state(fed);
		expect(state.templates.size).toBe(2);

		// The garden's own view records the original; the fork is only in the federation.
		const view: ProtocolsView = {
			templates: [
				{
					hash: hashTemplate(original),
					template: original,
					by: ada.key,
					at: T0,
					published: true,
					parent: null,
					children: [],
					depth: 0,
					adoptedAt: null,
					heardFrom: [],
					usedBy: 0
				}
			],
			pending: []
		};
		const nodes = lineage(view, [state], g.id);
		const root = nodes.find((n) => n.hash === hashTemplate(original))!;
		const child = nodes.find((n) => n.hash === hashTemplate(fork))!;
		expect(root.children).toEqual([child.hash]);
		expect(root.recorded).toBe(true);
		expect(child).toMatchObject({ recorded: false, depth: 1, parent: root.hash, usedBy: 1 });
		expect(child.federations).toEqual([{ federation: fed, circle: t.id }]);
		// The original was published in the federation by the tools' delegate: one circle uses it.
		expect(root.usedBy).toBe(1);
		// Seen from the tools' own circle, its own publishing does not count it.
		expect(lineage(view, [state], t.id).find((n) => n.hash === child.hash)!.usedBy).toBe(0);
		const byHash = new Map(nodes.map((n) => [n.hash, n]));
		expect(chainOf(byHash, child.hash).map((n) => n.hash)).toEqual([root.hash, child.hash]);
	});
});
