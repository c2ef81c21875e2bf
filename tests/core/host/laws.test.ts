/**
 * The law suite every domain passes (DESIGN.md §9). It runs over the registry, so a domain
 * added to src/lib/core/domains.ts is tested by adding it there:
 *
 * 1. decode is total: any JSON object gives a typed body or a rejection, never a throw;
 * 2. apply never throws, and an entry it rejects leaves the book exactly as it was;
 * 3. fold ≡ rewind to a checkpoint then replay: an entry arriving late, at any place, gives
 *    the same books and views as a fresh fold;
 * 4. incremental ≡ fresh: any delivery order and batching gives the same books and views;
 * 5. a view is deep-equal anywhere inside the span of time it says it is valid for.
 *
 * The stories are the demo circle (a year of everything a circle does, real keys and
 * signatures). fast-check prints the seed and path of any failure; replay with { seed, path }.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { demoCircle } from '$lib/core/demo';
import { openCircle, replay, type Circle } from '$lib/core/circle';
import { DOMAINS, registry } from '$lib/core/domains';
import { entryId } from '$lib/core/entry';
import type { AnyDomain, FoldContext } from '$lib/core/host/domain';
import { sha256Hex } from '$lib/core/bytes';
import type { Entry, EntryId, Millis } from '$lib/core/types';

const demo = demoCircle('laws', { days: 200 });
const END = demo.end;
const ENTRIES = demo.entries;

/** A book as plain data: Maps and Sets as lists, caches (rebuilt on demand) left out. */
const CACHES = new Set(['memo', 'ended', 'endedPrefix']);
const plain = (x: unknown): unknown => {
	if (x instanceof Map) return [...x.entries()].map(([k, v]) => [plain(k), plain(v)]);
	if (x instanceof Set) return [...x].map(plain);
	if (Array.isArray(x)) return x.map(plain);
	if (x && typeof x === 'object') {
		const out: Record<string, unknown> = {};
		for (const k of Object.keys(x)) if (!CACHES.has(k)) out[k] = plain((x as Record<string, unknown>)[k]);
		return out;
	}
	return x;
};

/** Everything a circle knows: the ledger's head, every domain's book, the composed state. */
const everything = (c: Circle, now: Millis) =>
	JSON.stringify({
		head: c.ledger.head(),
		books: DOMAINS.map((d) => plain(c.host.book(d as AnyDomain))),
		rejected: c.host.rejected,
		unknown: c.host.unknown,
		state: c.state(now)
	});

const fresh = everything(replay(demo.circle, ENTRIES, END), END);

/** Bodies seen in the story, by type: the garbage below is built around them. */
const samples = new Map<string, Record<string, unknown>[]>();
for (const e of ENTRIES) {
	const list = samples.get(e.type) ?? [];
	list.push(e.body as Record<string, unknown>);
	samples.set(e.type, list);
}
const ids = ENTRIES.map((e) => entryId(e));
const leaf = fc.oneof(
	fc.constantFrom<unknown>(
		null,
		true,
		0,
		-1,
		1,
		2,
		0.5,
		2 ** 53,
		1e308,
		-1e308,
		'',
		'steward',
		'facilitator',
		[]
	),
	fc.constantFrom(...ids.slice(0, 40)),
	fc.constantFrom(...demo.keys.map((k) => k.key)),
	fc.integer(),
	fc.integer({ min: ENTRIES[0]!.hlc[0] - 10 * 86_400_000, max: END + 400 * 86_400_000 }),
	fc.string({ maxLength: 8 }),
	fc.jsonValue({ maxDepth: 3 })
);
const garbage = (type: string): fc.Arbitrary<Record<string, unknown>> => {
	const seen = samples.get(type) ?? [{}];
	const keys = [...new Set(seen.flatMap((b) => Object.keys(b)))];
	return fc.oneof(
		// A real body with one field replaced, dropped or added.
		fc
			.tuple(fc.constantFrom(...seen), fc.constantFrom(...(keys.length ? keys : ['x'])), leaf, fc.boolean())
			.map(([b, k, v, drop]) => {
				const out = { ...b, [k]: v };
				if (drop) delete out[k];
				return out;
			}),
		fc.dictionary(fc.constantFrom(...(keys.length ? keys : ['x'])), leaf, { maxKeys: 6 }),
		fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 })
	);
};

/** Circles folded up to a prefix of the story, shared by the apply laws (each run works on clones). */
const prefixes: Record<number, Circle> = {};

describe('the law suite, for every registered domain', { timeout: 180_000 }, () => {
	for (const domain of DOMAINS as readonly AnyDomain[]) {
		describe(domain.name, () => {
			it.each(domain.kinds.map((k) => [k.type, k] as const))(
				'%s: decode is total on any JSON object',
				(_, k) => {
					fc.assert(
						fc.property(garbage(k.type), (body) => {
							const d = k.decode(body);
							expect(typeof d.ok).toBe('boolean');
							if (!d.ok) expect(typeof d.rejection.code).toBe('string');
						}),
						{ numRuns: 300 }
					);
				}
			);

			it.each(domain.kinds.map((k) => [k.type, k] as const))(
				'%s: apply never throws; a rejected entry leaves the book as it was',
				(_, k) => {
					const author = demo.keys[1]!.key;
					fc.assert(
						fc.property(fc.integer({ min: 1, max: ENTRIES.length }), garbage(k.type), (upTo, body) => {
							const c =
								upTo in prefixes
									? prefixes[upTo]!
									: (prefixes[upTo] = replay(demo.circle, ENTRIES.slice(0, upTo), END));
							const members = { members: c.ledger.state().members };
							const ctx: FoldContext = { circle: demo.circle, members, book: (d) => c.host.book(d) };
							const book = domain.clone(c.host.book(domain));
							const before = JSON.stringify(plain(book));
							const at = ENTRIES[upTo - 1]!.hlc[0] + 1;
							const entry = { ...ENTRIES[upTo - 1]!, author, type: k.type, body, hlc: [at, 0] } as Entry;
							const d = k.decode(body);
							const id = sha256Hex(`garbage:${JSON.stringify(body)}`) as EntryId;
							const out = d.ok ? k.apply(book, { entry, id, body: d.body, author, at }, ctx) : d.rejection;
							if (out) expect(JSON.stringify(plain(book))).toBe(before);
						}),
						{ numRuns: 60 }
					);
				}
			);

			it('its view is the same anywhere inside the span it declares', () => {
				const kept = replay(demo.circle, ENTRIES, END);
				const members = () => ({ members: kept.ledger.state().members });
				const start = ENTRIES[0]!.hlc[0];
				fc.assert(
					fc.property(
						fc.integer({ min: start, max: END + 120 * 86_400_000 }),
						fc.double({ min: 0, max: 1, noNaN: true }),
						(now, where) => {
							const span = kept.host.span(domain, now, members());
							expect(span.validFrom).toBeLessThanOrEqual(now);
							expect(span.validUntil).toBeGreaterThan(now);
							const hi = Math.min(span.validUntil - 1, now + 400 * 86_400_000);
							const lo = Math.max(span.validFrom, now - 400 * 86_400_000);
							const t = Math.floor(lo + (hi - lo) * where);
							const other = replay(demo.circle, ENTRIES, END);
							const again = other.host.view(domain, t, { members: other.ledger.state().members });
							expect(JSON.stringify(plain(again))).toBe(JSON.stringify(plain(span.value)));
						}
					),
					{ numRuns: 25 }
				);
			});
		});
	}
});

describe('the host: incremental with the ledger', { timeout: 180_000 }, () => {
	it('an entry arriving late, anywhere, gives what a fresh fold gives (rewind to a checkpoint, replay)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: ENTRIES.length - 1 }),
				fc.constantFrom(1, 3, 8, 512),
				(late, every) => {
					const c = openCircle(demo.circle, { checkpointEvery: every });
					c.add(
						ENTRIES.filter((_, i) => i !== late).map((entry) => ({ entry, sigValid: true })),
						END
					);
					c.state(END); // views cached before the late entry, to be sure they are not reused wrongly
					c.add([{ entry: ENTRIES[late]!, sigValid: true }], END);
					expect(everything(c, END)).toBe(fresh);
				}
			),
			{ numRuns: 40 }
		);
	});

	it('any delivery order and batching gives what a fresh fold gives', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer(), { minLength: ENTRIES.length, maxLength: ENTRIES.length }),
				fc.integer({ min: 1, max: 40 }),
				fc.constantFrom(2, 16, 512),
				(order, batch, every) => {
					const shuffled = ENTRIES.map((e, i) => ({ e, k: order[i]! }))
						.sort((a, b) => a.k - b.k)
						.map((x) => x.e);
					const c = openCircle(demo.circle, { checkpointEvery: every });
					for (let i = 0; i < shuffled.length; i += batch) {
						c.add(
							shuffled.slice(i, i + batch).map((entry) => ({ entry, sigValid: true })),
							END
						);
						if (i % (batch * 5) === 0) c.state(END - 30 * 86_400_000);
					}
					expect(everything(c, END)).toBe(fresh);
				}
			),
			{ numRuns: 25 }
		);
	});
});

describe('the registry', () => {
	it('lists every domain once, each reading only domains before it', () => {
		expect(registry.domains.map((d) => d.name)).toEqual(DOMAINS.map((d) => d.name));
		registry.domains.forEach((d, i) => {
			for (const r of d.reads) expect(registry.indexOf(r)).toBeLessThan(i);
		});
	});
});
