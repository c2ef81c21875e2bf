/**
 * Protocols that travel: templates recorded in a circle's ledger, lineage by parent hashes,
 * adoption by a charter proposal or a decision coming into force, reports of other circles'
 * use, the protocol file, and the attacks a member with a modified app would try.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as protocols from '../../../src/lib/core/protocols';
import * as charterDomain from '../../../src/lib/core/charter';
import * as decision from '../../../src/lib/core/decision';
import { defaultCharter } from '../../../src/lib/core/charter/content';
import type { CircleId, Entry } from '../../../src/lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz'];
const T0 = utc(2026, 3, 2, 9);
const B_CIRCLE = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0' as CircleId;
const C_CIRCLE = 'c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0' as CircleId;

const original = (): protocols.Template =>
	protocols.charterTemplate(
		defaultCharter(),
		'Weekly circle, slow consent',
		'Meet weekly; a week to object.'
	);

const view = (s: Scenario, now: number, entries?: Entry[]) =>
	s.open(entries).view<protocols.ProtocolsView>(protocols.protocols, now);

const rejections = (s: Scenario, entries?: Entry[]) =>
	s
		.open(entries)
		.host.rejected.filter((x) => x.domain === 'protocols')
		.map((x) => x.code);

describe('a template', () => {
	it('is content-addressed: the same template has the same hash; a fork names its parent', () => {
		const a = original();
		expect(protocols.checkTemplate(a)).toBeNull();
		expect(protocols.hashTemplate(a)).toBe(protocols.hashTemplate(original()));
		const b = protocols.forkTemplate(a, { consentWindowDays: 5 });
		expect(protocols.checkTemplate(b)).toBeNull();
		expect(b.parent).toBe(protocols.hashTemplate(a));
		expect(protocols.diffTemplates(a, b)).toEqual({
			params: [{ key: 'consentWindowDays', from: 7, to: 5 }],
			text: false,
			name: false
		});
	});

	it('fills a charter draft from its parameters, leaving the rest of the charter as it is', () => {
		const fork = protocols.forkTemplate(original(), { consentWindowDays: 5, 'thresholds.recall': 2 });
		const base = defaultCharter();
		const c = protocols.charterFrom(fork, base);
		expect(c.consentWindowDays).toBe(5);
		expect(c.thresholds.recall).toBe(2);
		expect(c.roles).toEqual(base.roles);
		expect(base.consentWindowDays).toBe(7); // the base is not touched
		expect(charterDomain.checkContent(c)).toBeNull();
		const rotation = protocols.rotationTemplate(base, 'Short runs', '');
		const r = protocols.charterFrom(protocols.forkTemplate(rotation, { 'steward.maxConsecutive': 1 }), base);
		expect(r.roles.find((x) => x.id === 'steward')!.maxConsecutive).toBe(1);
	});

	it('strips names, the circle name, keys and dates before it leaves', () => {
		const t = {
			...original(),
			name: 'Elm St Tools charter',
			text: `Maya keeps the keys until 2026-03-02. Zoë's key is ${'ab'.repeat(32)}.`
		};
		const s = protocols.stripTemplate(t, ['Maya', 'Zoë'], 'Elm St Tools');
		expect(s.name).toBe('[circle] charter');
		expect(s.text).toBe("[member] keeps the keys until [date]. [member]'s key is [key].");
		expect(protocols.checkTemplate(s)).toBeNull();
		expect(protocols.namesIn(s, ['Maya', 'Zoë'])).toEqual([]);
	});

	it.each([
		['<script>alert(1)</script>', 'template-code'],
		['see javascript:alert(1)', 'template-code'],
		['<img src=x onerror=alert(1)>', 'template-code'],
		['(x) => x + 1', 'template-code'],
		['function () { return 1 }', 'template-code'],
		['Hello ${process.env}', 'template-code'],
		['{{ constructor.constructor("x")() }}', 'template-code'],
		[`key ${'0f'.repeat(32)}`, 'template-key'],
		['Founded 2026-01-05', 'template-date']
	])('refuses text that reads like code, a key or a date: %s', (text, code) => {
		expect(protocols.checkTemplate({ ...original(), text })?.code).toBe(code);
	});

	it('refuses fields it cannot check, bad parameters and declared structure it does not know', () => {
		const t = original();
		expect(protocols.checkTemplate({ ...t, run: 'x' })?.code).toBe('template-field');
		expect(protocols.checkTemplate({ ...t, kind: 'script' })?.code).toBe('template-kind');
		expect(protocols.checkTemplate({ ...t, parent: 'zz' })?.code).toBe('template-parent');
		expect(
			protocols.checkTemplate({ ...t, params: [{ key: 'x', type: 'number', default: 5, min: 6, max: 9 }] })
				?.code
		).toBe('template-param-range');
		expect(
			protocols.checkTemplate({ ...t, params: [{ key: 'x', type: 'code', default: 'eval' }] })?.code
		).toBe('template-param-type');
		expect(
			protocols.checkTemplate({
				...t,
				params: [{ key: 'x', type: 'text', default: { nested: 'object' } }]
			})?.code
		).toBe('template-param-value');
		for (const x of [null, 1, 'x', [], { v: 2 }]) expect(protocols.checkTemplate(x)).not.toBeNull();
	});
});

/** Circle B: Maya records A's template (imported), forks it with a shorter window and adopts it by charter. */
const forkStory = () => {
	const s = new Scenario(T0, NAMES);
	const a = original();
	const fork = protocols.forkTemplate(a, { consentWindowDays: 5 });
	const hA = protocols.hashTemplate(a);
	const hB = protocols.hashTemplate(fork);
	s.write('Maya', T0 + DAY, protocols.TEMPLATE, protocols.templateBody(a, false));
	s.write('Maya', T0 + DAY + HOUR, protocols.TEMPLATE, protocols.templateBody(fork, true));
	const content = protocols.charterFrom(fork, defaultCharter());
	const proposal = s.write('Maya', T0 + DAY + 2 * HOUR, charterDomain.PROPOSE, {
		...charterDomain.proposalBody(content, 'Our charter, from the template.'),
		protocol: hB
	});
	const pid = s.id(proposal);
	for (const n of ['Zoë', 'Ngọc', 'Tomasz'])
		s.write(n, T0 + DAY + 3 * HOUR, charterDomain.CONSENT, charterDomain.consentBody(pid));
	s.write('Zoë', T0 + 2 * DAY, protocols.HEARD, protocols.heardBody(C_CIRCLE, hA));
	return { s, a, fork, hA, hB, pid };
};

describe('lineage and adoption', () => {
	it('a fork adopted by the charter round: lineage, adoption, used-by, and the charter in force', () => {
		const { s, hA, hB } = forkStory();
		const v = view(s, T0 + 3 * DAY);
		expect(rejections(s)).toEqual([]);
		const [root, child] = v.templates;
		expect(root!.hash).toBe(hA);
		expect(root!.children).toEqual([hB]);
		expect(root!.adoptedAt).toBeNull();
		expect(root!.usedBy).toBe(1); // circle C, heard of
		expect(child!.parent).toBe(hA);
		expect(child!.depth).toBe(1);
		expect(child!.adoptedAt).not.toBeNull();
		expect(child!.usedBy).toBe(1); // this circle
		expect(v.pending).toEqual([]);
		const status = s.open().view<charterDomain.CharterStatus>(charterDomain.charter, T0 + 3 * DAY);
		expect(status.inForce.consentWindowDays).toBe(5);
	});

	it('is not adopted while its proposal is open, nor when an objection blocks it', () => {
		const s = new Scenario(T0, NAMES);
		const t = original();
		const h = protocols.hashTemplate(t);
		s.write('Maya', T0 + DAY, protocols.TEMPLATE, protocols.templateBody(t, true));
		const d = s.write('Maya', T0 + DAY + HOUR, decision.PROPOSE, {
			...decision.proposeBody({ title: 'Adopt the practice', outside: false }),
			protocol: h
		});
		expect(view(s, T0 + DAY + 2 * HOUR).pending.map((l) => l.hash)).toEqual([h]);
		s.write('Zoë', T0 + DAY + 3 * HOUR, decision.OBJECT, decision.objectionBody(s.id(d), 'not yet', 1));
		expect(view(s, T0 + 60 * DAY).templates[0]!.adoptedAt).toBeNull();
		s.write('Zoë', T0 + 61 * DAY, decision.CONSENT, decision.answerBody(s.id(d), '', 1));
		for (const n of ['Ngọc', 'Tomasz'])
			s.write(n, T0 + 61 * DAY + HOUR, decision.CONSENT, decision.answerBody(s.id(d), '', 1));
		expect(view(s, T0 + 62 * DAY).templates[0]!.adoptedAt).not.toBeNull();
	});

	it('the same entries in any order give the same lineage and the same counts (seeded)', () => {
		const { s } = forkStory();
		// A second fork by another member, and more reports.
		const t = protocols.forkTemplate(original(), { 'thresholds.recall': 2 });
		s.write('Tomasz', T0 + 2 * DAY + HOUR, protocols.TEMPLATE, protocols.templateBody(t, true));
		s.write(
			'Ngọc',
			T0 + 2 * DAY + 2 * HOUR,
			protocols.HEARD,
			protocols.heardBody(B_CIRCLE, protocols.hashTemplate(t))
		);
		s.write(
			'Tomasz',
			T0 + 2 * DAY + 3 * HOUR,
			protocols.HEARD,
			protocols.heardBody(C_CIRCLE, protocols.hashTemplate(original()))
		);
		const expected = JSON.stringify(view(s, T0 + 5 * DAY));
		fc.assert(
			fc.property(
				fc.array(fc.nat(), { minLength: s.entries.length, maxLength: s.entries.length }),
				(keys) => {
					const shuffled = s.entries
						.map((e, i) => ({ e, k: keys[i]! }))
						.sort((a, b) => a.k - b.k)
						.map((x) => x.e);
					expect(JSON.stringify(view(s, T0 + 5 * DAY, shuffled))).toBe(expected);
				}
			),
			{ numRuns: 40 }
		);
	});
});

describe('attacks', () => {
	it('a forged parent: a fork naming a template nobody recorded is refused, and adopts nothing', () => {
		const s = new Scenario(T0, NAMES);
		const forged = { ...original(), parent: 'ab'.repeat(32) };
		s.write('Maya', T0 + DAY, protocols.TEMPLATE, { template: forged, published: true });
		expect(rejections(s)).toEqual(['template-parent-unknown']);
		expect(view(s, T0 + 2 * DAY).templates).toEqual([]);
	});

	it('a declared hash that is not the template’s own is refused (how a cycle would be forged)', () => {
		const s = new Scenario(T0, NAMES);
		const a = original();
		// A body claiming the hash of another template, so that a later "parent" could point back at it.
		const b = protocols.forkTemplate(a, { consentWindowDays: 3 });
		s.write('Maya', T0 + DAY, protocols.TEMPLATE, {
			template: a,
			published: true,
			hash: protocols.hashTemplate(b)
		});
		expect(rejections(s)).toEqual(['hash-mismatch']);
	});

	it('a cycle in lineage cannot be recorded: a parent must be known first, and a hash is computed', () => {
		// Two templates naming each other as parents: neither can be built from the other's hash
		// (content addressing), so whichever comes first names an unknown parent and is refused.
		const s = new Scenario(T0, NAMES);
		const x = { ...original(), parent: 'cd'.repeat(32) };
		const y = { ...original(), name: 'Other', parent: protocols.hashTemplate(x) };
		s.write('Maya', T0 + DAY, protocols.TEMPLATE, { template: y, published: true });
		s.write('Maya', T0 + DAY + 1, protocols.TEMPLATE, { template: x, published: true });
		expect(rejections(s)).toEqual(['template-parent-unknown', 'template-parent-unknown']);
		// And a walk up a long chain stops at the limit.
		const book = new protocols.ProtocolBook();
		let parent: string | null = null;
		let refused = 0;
		for (let i = 0; i <= protocols.LINEAGE_MAX + 1; i++) {
			const t: protocols.Template = { ...original(), name: `Gen ${i}`, parent };
			const h = protocols.hashTemplate(t);
			const r = book.record({
				hash: h,
				template: t,
				by: 'k' as never,
				at: i,
				entry: 'e' as never,
				published: true
			});
			if (r) refused++;
			parent = h;
		}
		expect(refused).toBeGreaterThan(0);
	});

	it('a template smuggling a member’s name or key is refused', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Maya', T0 + DAY, protocols.TEMPLATE, {
			template: { ...original(), text: 'Ask tomasz for the shed.' },
			published: true
		});
		s.write('Maya', T0 + DAY + 1, protocols.TEMPLATE, {
			template: { ...original(), text: `Pay ${s.keyOf('Zoë')}` },
			published: true
		});
		expect(rejections(s)).toEqual(['template-names-member', 'template-key']);
		// The builder refuses before signing.
		expect(() => protocols.templateBody({ ...original(), text: '<script>x</script>' }, true)).toThrow();
	});

	it('a template with code-like content in a parameter is refused by the fold', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Maya', T0 + DAY, protocols.TEMPLATE, {
			template: {
				...original(),
				params: [{ key: 'greeting', type: 'text', default: '<script>steal()</script>' }]
			},
			published: true
		});
		expect(rejections(s)).toEqual(['template-code']);
	});

	it('a report cannot name this circle itself or a template nobody recorded; a circle counts once', () => {
		const { s, hA } = forkStory();
		s.write('Maya', T0 + 3 * DAY, protocols.HEARD, protocols.heardBody(s.circle, hA));
		s.write('Maya', T0 + 3 * DAY + 1, protocols.HEARD, protocols.heardBody(B_CIRCLE, 'ef'.repeat(32)));
		s.write('Tomasz', T0 + 3 * DAY + 2, protocols.HEARD, protocols.heardBody(C_CIRCLE, hA));
		expect(rejections(s)).toEqual(['heard-own-circle', 'template-unknown']);
		expect(view(s, T0 + 4 * DAY).templates[0]!.usedBy).toBe(1);
	});

	it('a proposal naming a template this circle never recorded adopts nothing', () => {
		const s = new Scenario(T0, ['Maya']);
		const d = s.write('Maya', T0 + DAY, decision.PROPOSE, {
			...decision.proposeBody({ title: 'Adopt a ghost', outside: false }),
			protocol: 'aa'.repeat(32)
		});
		expect(s.id(d)).toBeTruthy();
		const v = view(s, T0 + 30 * DAY);
		expect(v.templates).toEqual([]);
		expect(v.pending).toEqual([]);
	});
});

describe('the protocol file', () => {
	it('round-trips a family, parents first, and plans an import of what is missing', () => {
		const a = original();
		const b = protocols.forkTemplate(a, { consentWindowDays: 5 });
		const text = protocols.encodeProtocolFile(
			[b, a],
			[{ circle: B_CIRCLE, template: protocols.hashTemplate(b) }]
		);
		const read = protocols.decodeProtocolFile(text);
		expect(read.ok).toBe(true);
		if (!read.ok) return;
		expect(read.file.templates.map(protocols.hashTemplate)).toEqual([a, b].map(protocols.hashTemplate));
		const plan = protocols.planImport(read.file, new Set([protocols.hashTemplate(a)]), () => false, C_CIRCLE);
		expect(plan.templates.map(protocols.hashTemplate)).toEqual([protocols.hashTemplate(b)]);
		expect(plan.uses).toHaveLength(1);
		expect(plan.orphans).toEqual([]);
		// Without the parent in the file or the circle, the child is an orphan.
		const lone = protocols.decodeProtocolFile(protocols.encodeProtocolFile([b], []));
		expect(lone.ok && protocols.planImport(lone.file, new Set(), () => false, C_CIRCLE).orphans).toHaveLength(
			1
		);
	});

	it.each([
		['x'.repeat(protocols.FILE_MAX + 1), 'file-too-large'],
		['{"kind": "circulate/protocols", "v": 1, "templ', 'file-corrupt'],
		['{"kind":"circulate/circle","v":1}', 'file-kind'],
		['{"kind":"circulate/protocols","v":9,"templates":[],"uses":[]}', 'file-version'],
		['{"kind":"circulate/protocols","v":1,"templates":[],"uses":[]}', 'file-templates'],
		['{"kind":"circulate/protocols","v":1,"templates":[{"v":1}],"uses":[]}', 'file-template']
	])('says what is wrong with a file: %#', (text, code) => {
		const read = protocols.decodeProtocolFile(text);
		expect(read.ok ? null : read.rejection.code).toBe(code);
	});

	it('never throws on any JSON', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (x) => {
				protocols.decodeProtocolFile(JSON.stringify(x));
				protocols.checkTemplate(x);
				protocols.decodeProtocolFile(
					JSON.stringify({ kind: 'circulate/protocols', v: 1, templates: [x], uses: [] })
				);
			})
		);
	});
});
