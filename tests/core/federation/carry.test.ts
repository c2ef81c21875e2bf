/**
 * Delegates carry the documents: the federation's ledger as a file, merged by id on the other
 * phone (twice, or both ways, changes nothing), and what changed since the last carry.
 */
import { describe, expect, it } from 'vitest';
import {
	carrySummary,
	federationFileText,
	foldFederation,
	mergeEntries,
	participants,
	readFederationFile,
	takeCarried,
	FED_GENESIS,
	FED_JOIN,
	FED_WITHDRAW
} from '$lib/core/federation';
import { RuleError } from '$lib/core/host/domain';
import { bakery, certFor, FED_SEED, fedIdOf, garden, T0, tools, World } from './helpers';

const DAY = 86_400_000;

const world = () => {
	const g = garden();
	const t = tools();
	const b = bakery();
	const ada = g.members[0]!;
	const fed = fedIdOf(ada);
	const w = new World(fed);
	w.write(ada, T0, FED_GENESIS, {
		name: 'Valley Food Alliance',
		purpose: 'Buy flour together',
		seed: FED_SEED,
		consentDays: 7,
		termDays: 28,
		cert: certFor(fed, g, ada)
	});
	w.write(t.members[0]!, T0 + 1000, FED_JOIN, { cert: certFor(fed, t, t.members[0]!) });
	return { fed, w, g, t, b };
};

describe('carrying the federation’s ledger', () => {
	it('travels as a file and merges by id: twice, or both ways, changes nothing', () => {
		const { fed, w, b } = world();
		const text = federationFileText(fed, w.entries);
		const read = readFederationFile(text);
		expect(read.federation).toBe(fed);
		const readIn = takeCarried(fed, [], read.entries);
		expect(readIn.entries).toHaveLength(2);
		// The bakery's delegate holds the file, joins, and carries the result back.
		const phone = new World(fed);
		phone.entries.push(...readIn.entries);
		phone.write(b.members[0]!, T0 + DAY, FED_JOIN, { cert: certFor(fed, b, b.members[0]!) });
		const back = readFederationFile(federationFileText(fed, phone.entries));
		const once = takeCarried(fed, w.entries, back.entries);
		expect(once.added).toBe(1);
		expect(once.aside).toEqual([]);
		const twice = takeCarried(fed, once.entries, back.entries);
		expect(twice.added).toBe(0);
		expect(participants(foldFederation(fed, twice.entries))).toHaveLength(3);
		// And the same state on both phones after carrying both ways.
		const other = mergeEntries(phone.entries, w.entries).entries;
		expect(foldFederation(fed, other).ids).toEqual(foldFederation(fed, twice.entries).ids);
	});

	it('what changed since the last carry, and the digest a carry records', () => {
		const { fed, w, t } = world();
		const first = carrySummary(foldFederation(fed, w.entries), new Set());
		expect(first).toMatchObject({ entries: 2, fresh: 2 });
		const e = w.write(t.members[0]!, T0 + 2 * DAY, FED_WITHDRAW, { circle: t.id });
		const s = foldFederation(fed, w.entries);
		const second = carrySummary(s, new Set(foldFederation(fed, w.entries.slice(0, 2)).ids));
		expect(second.entries).toBe(3);
		expect(second.fresh).toBe(1);
		expect(second.changed).toHaveLength(1);
		expect(s.refused).toEqual([]);
		expect(second.digest).not.toBe(first.digest);
		expect(e).toBeTruthy();
	});

	it('a file that is not a federation file says so; entries of another federation are set aside', () => {
		const code = (f: () => unknown) => {
			try {
				f();
				return null;
			} catch (err) {
				return err instanceof RuleError ? err.rejection.code : 'threw';
			}
		};
		expect(code(() => readFederationFile('not json'))).toBe('fed-file-corrupt');
		expect(code(() => readFederationFile('{"kind":"circulate-export"}'))).toBe('fed-file-kind');
		const { fed, w } = world();
		const other = fedIdOf(tools().members[0]!);
		const text = JSON.stringify({
			kind: 'circulate-federation',
			v: 1,
			federation: other,
			entries: w.entries
		});
		// The envelope reads; each entry is then taken as any carried entry is (takeCarried), and
		// entries of another federation are set aside with their reason.
		const read = readFederationFile(text);
		const taken = takeCarried(read.federation, [], read.entries);
		expect(taken.entries).toEqual([]);
		expect(taken.aside.map((a) => a.code)).toEqual(['fed-carry-foreign', 'fed-carry-foreign']);
		const own = readFederationFile(
			JSON.stringify({
				kind: 'circulate-federation',
				v: 1,
				federation: fed,
				entries: [...w.entries, { junk: 1 }]
			})
		);
		const t2 = takeCarried(fed, [], own.entries);
		expect(t2.entries).toHaveLength(2);
		expect(t2.aside).toEqual([{ id: null, code: 'fed-carry-unreadable' }]);
		// A second carry of the same entries adds nothing and loses nothing.
		expect(takeCarried(fed, t2.entries, own.entries).added).toBe(0);
		expect(readFederationFile(federationFileText(fed, [...w.entries, { junk: 1 }])).entries).toHaveLength(2);
	});
});
