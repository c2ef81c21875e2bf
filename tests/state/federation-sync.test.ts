/**
 * Federation ledgers travel with the circle's sync (issue 14, item 3): after two phones sync a
 * circle over a channel (QR pairing or a room), each takes the federation ledgers it holds or its
 * circle has a mandate for, and gets what it lacks of them, every entry checked as a file's.
 * Attacks: a phone that pushes a forged entry (a signature that is not its author's), an entry it
 * signed itself with no standing, and a ledger the receiving phone's circle has nothing to do with.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { memoryPortPair } from '$lib/sync/port';
import { syncOverPort, type FederationExchange } from '$lib/sync/channel-sync';
import { cameraPayload, exportTextOf, federationsOf } from '$lib/sync/camera-transfer';
import { readExport } from '$lib/sync/file';
import type { CircleId } from '$lib/core/types';
import { FederationDocs, type KeyValue } from '$lib/state/federation-docs';
import { federationExchange } from '$lib/state/federation-sync';
import { entryId } from '$lib/core/entry';
import { FED_GENESIS, FED_JOIN, FED_PROPOSE, federationIdFor, type FederationId } from '$lib/core/federation';
import type { Entry } from '$lib/core/types';
import type { Person } from '../core/helpers';
import { certFor, FED_SEED, fedIdOf, garden, ISSUE, T0, tools } from '../core/federation/helpers';

const memory = (): KeyValue => {
	const m = new Map<string, string>();
	return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
};
const writer = (p: Person) => ({ key: p.key, secretKey: p.secret });
const hello = (name: string) => ({ circle: 'c1', name });

/** Syncs two phones' (empty) circle docs with their federation exchanges; both summaries. */
const pair = async (a: FederationExchange | undefined, b: FederationExchange | undefined) => {
	const [pa, pb] = memoryPortPair({ delay: () => 1 });
	const sa = syncOverPort(pa, { doc: new Y.Doc(), hello: hello('Ada'), federations: a });
	const sb = syncOverPort(pb, { doc: new Y.Doc(), hello: hello('Ben'), federations: b });
	const r = await Promise.all([sa.done, sb.done]);
	sa.close();
	return r;
};

/** Ada's phone holds a federation she founded for the garden, the tools joined and proposed. */
const founded = () => {
	const g = garden();
	const t = tools();
	const [ada] = g.members;
	const [maya] = t.members;
	const fed = fedIdOf(ada!);
	const adaPhone = new FederationDocs(memory());
	adaPhone.write(
		fed,
		writer(ada!),
		FED_GENESIS,
		{
			name: 'Valley Food Alliance',
			purpose: 'Buy flour together',
			seed: FED_SEED,
			consentDays: 7,
			termDays: 28,
			cert: certFor(fed, g, ada!)
		},
		T0
	);
	adaPhone.write(fed, writer(maya!), FED_JOIN, { cert: certFor(fed, t, maya!) }, T0 + 1000);
	return { g, t, ada: ada!, maya: maya!, fed, adaPhone };
};

describe('federation ledgers travel with the circle’s sync', () => {
	it('a member’s phone gets the ledger its circle has a mandate for, and only what it lacks', async () => {
		const { fed, adaPhone, maya } = founded();
		const benPhone = new FederationDocs(memory());
		// Ben's circle ledger has a mandate for `fed`; his phone does not hold the ledger yet.
		const [ra, rb] = await pair(
			federationExchange(adaPhone, async () => []),
			federationExchange(benPhone, async () => [fed])
		);
		expect(benPhone.list()).toEqual([fed]);
		expect(benPhone.entries(fed).map(entryId).sort()).toEqual(adaPhone.entries(fed).map(entryId).sort());
		expect(rb.federations).toEqual({ ledgers: 1, added: 2, aside: [] });
		expect(ra.federations).toEqual({ ledgers: 0, added: 0, aside: [] });
		expect(benPhone.state(fed).circles.size).toBe(2);

		// Ben's phone writes; the next sync brings Ada only that entry, and Ben nothing.
		benPhone.write(
			fed,
			writer(maya),
			FED_PROPOSE,
			{ circle: founded().t.id, issue: ISSUE, title: 'Order 200 kg', text: '', levy: [] },
			T0 + 5000
		);
		let sent = 0;
		const counting: FederationExchange = {
			...federationExchange(benPhone, async () => []),
			lacking: (f, ids) => {
				const out = benPhone.lacking(f as FederationId, ids);
				sent += out.length;
				return out;
			}
		};
		const [again] = await pair(
			federationExchange(adaPhone, async () => []),
			counting
		);
		expect(sent).toBe(1);
		expect(again.federations?.added).toBe(1);
		expect(adaPhone.state(fed).proposals.size).toBe(1);
	});

	it('both phones hold a ledger: each gets the other’s entries', async () => {
		const { fed, adaPhone, maya, t } = founded();
		const mayaPhone = new FederationDocs(memory());
		mayaPhone.importFile(adaPhone.exportFile(fed));
		mayaPhone.write(
			fed,
			writer(maya),
			FED_PROPOSE,
			{ circle: t.id, issue: ISSUE, title: 'Shared oven', text: '', levy: [] },
			T0 + 9000
		);
		const [ra] = await pair(
			federationExchange(adaPhone, async () => []),
			federationExchange(mayaPhone, async () => [])
		);
		expect(ra.federations?.added).toBe(1);
		expect(adaPhone.entries(fed).length).toBe(mayaPhone.entries(fed).length);
	});

	it('attack: a forged entry is set aside with its reason; a self-signed one is kept and refused by the fold', async () => {
		const { fed, adaPhone, maya, t } = founded();
		const benPhone = new FederationDocs(memory());
		benPhone.importFile(adaPhone.exportFile(fed));
		const before = benPhone.entries(fed).length;
		// Mallory's modified app: a proposal "by Ada" with another signature, and one she signs herself.
		const mallory = garden().members[4]!;
		const held = adaPhone.entries(fed);
		const forged: Entry = { ...held[1]!, body: { cert: certFor(fed, t, maya, { serial: 2 }) } };
		const own = new FederationDocs(memory());
		own.importFile(adaPhone.exportFile(fed));
		const selfSigned = own.write(
			fed,
			writer(mallory),
			FED_PROPOSE,
			{ circle: garden().id, issue: ISSUE, title: 'Levy the tools', text: '', levy: [] },
			T0 + 2000
		);
		const pushy: FederationExchange = {
			want: async () => [],
			lacking: () => [forged, selfSigned, { not: 'an entry' }, { ...selfSigned, circle: 'f'.repeat(32) }],
			take: () => ({ added: 0, aside: [] })
		};
		const [, rb] = await pair(
			pushy,
			federationExchange(benPhone, async () => [fed])
		);
		expect(rb.federations?.added).toBe(1);
		expect(rb.federations?.aside.map((a) => a.code).sort()).toEqual([
			'fed-carry-foreign',
			'fed-carry-signature',
			'fed-carry-unreadable'
		]);
		expect(rb.federations?.aside.find((a) => a.code === 'fed-carry-signature')?.id).toBe(entryId(forged));
		// Nothing held was lost; the self-signed proposal is kept as evidence and counts for nothing.
		expect(benPhone.entries(fed).length).toBe(before + 1);
		const s = benPhone.state(fed);
		expect(s.proposals.size).toBe(0);
		expect(s.refused.find((r) => r.id === entryId(selfSigned))?.rejection.code).toBe('fed-not-delegate');
		expect(s.genesis?.id).toBe(entryId(held[0]!));
	});

	it('attack: a ledger the receiving circle has nothing to do with is not asked for, and never kept', async () => {
		const { fed } = founded();
		// Another federation, founded by a stranger with a valid ledger of its own.
		const stranger = tools().members[3]!;
		const other = federationIdFor(stranger.key, FED_SEED);
		const otherPhone = new FederationDocs(memory());
		otherPhone.write(
			other,
			writer(stranger),
			FED_GENESIS,
			{
				name: 'Elsewhere',
				purpose: 'Not yours',
				seed: FED_SEED,
				consentDays: 7,
				termDays: 28,
				cert: certFor(other, tools(), stranger)
			},
			T0
		);
		const benPhone = new FederationDocs(memory());
		// Asked honestly: Ben's phone names only `fed`; the other phone offers nothing else.
		const [, honest] = await pair(
			federationExchange(otherPhone, async () => []),
			federationExchange(benPhone, async () => [fed])
		);
		expect(honest.federations).toEqual({ ledgers: 0, added: 0, aside: [] });
		// Pushed anyway: a modified app sends the unasked ledger; it is set aside whole.
		const pushing: FederationExchange = {
			want: async () => [],
			lacking: () => otherPhone.entries(other),
			take: () => ({ added: 0, aside: [] })
		};
		// The pushing side answers Ben's want for `fed` with the other ledger's entries under `fed`'s name.
		const [, rb] = await pair(
			pushing,
			federationExchange(benPhone, async () => [fed])
		);
		expect(rb.federations?.aside.map((a) => a.code)).toEqual(['fed-carry-foreign']);
		expect(benPhone.list()).toEqual([]);
		// And a message for a ledger Ben never asked for, sent before anything was asked.
		const ex = federationExchange(benPhone, async () => [fed]);
		expect(ex.take(other, otherPhone.entries(other), false)).toEqual({
			added: 0,
			aside: [{ id: null, code: 'fed-carry-unasked' }]
		});
		expect(benPhone.list()).toEqual([]);
	});

	it('a phone without the exchange syncs the circle as before', async () => {
		const { adaPhone, fed } = founded();
		const [ra, rb] = await pair(
			federationExchange(adaPhone, async () => [fed]),
			undefined
		);
		expect(ra.federations).toBeUndefined();
		expect(rb.federations).toBeUndefined();
	});

	it('a phone whose storage is full keeps what it held, and the circle’s sync still ends', async () => {
		const { fed, adaPhone } = founded();
		const benPhone = new FederationDocs(memory());
		const full: FederationExchange = {
			...federationExchange(benPhone, async () => [fed]),
			take: () => {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			}
		};
		const [, rb] = await pair(
			federationExchange(adaPhone, async () => []),
			full
		);
		expect(rb.federations?.aside).toEqual([{ federation: fed, id: null, code: 'fed-carry-unstored' }]);
		expect(benPhone.list()).toEqual([]);
	});

	it('the camera path: the sender offers the ledgers its circle names, the receiver takes them as a file’s', () => {
		const { fed, adaPhone, t, maya } = founded();
		const doc = new Y.Doc();
		doc.getMap<string>('entries').set('x', 'y');
		const circle = { id: '0'.repeat(32) as CircleId, name: 'Elm St Tools' };
		// Ada's phone also holds a ledger her circle does not name: it is not offered.
		const stranger = tools().members[3]!;
		const other = federationIdFor(stranger.key, FED_SEED);
		adaPhone.write(
			other,
			writer(stranger),
			FED_GENESIS,
			{
				name: 'Elsewhere',
				purpose: 'Not yours',
				seed: FED_SEED,
				consentDays: 7,
				termDays: 28,
				cert: certFor(other, tools(), stranger)
			},
			T0
		);
		const sender = federationExchange(
			adaPhone,
			async () => [fed],
			() => {},
			() => [fed]
		);
		const offered = sender.offer!();
		expect(offered.map((o) => o.id)).toEqual([fed]);
		// A modified sender slips in a forged entry and the unrelated ledger.
		const forged = { ...adaPhone.entries(fed)[1]!, body: { cert: certFor(fed, t, maya, { serial: 2 }) } };
		const payload = cameraPayload(doc, circle, T0, Y.encodeStateVector(new Y.Doc()), [
			{ id: fed, entries: [...offered[0]!.entries, forged] },
			{ id: other, entries: adaPhone.entries(other) }
		]);
		// The circle's export rebuilds without them (the file reader takes it as ever).
		const text = exportTextOf(payload);
		expect(text).not.toContain('federations');
		expect(readExport(text).envelope.circle).toBe(circle.id);
		const carried = federationsOf(payload);
		expect(carried.map((c) => c.id)).toEqual([fed, other]);
		// The receiver's circle names `fed` only.
		const benPhone = new FederationDocs(memory());
		const receiver = federationExchange(benPhone, async () => [fed]);
		const r1 = receiver.take(fed, carried[0]!.entries, true);
		expect(r1.added).toBe(2);
		expect(r1.aside.map((a) => a.code)).toEqual(['fed-carry-signature']);
		expect(receiver.take(other, carried[1]!.entries, false).aside).toEqual([
			{ id: null, code: 'fed-carry-unasked' }
		]);
		expect(benPhone.list()).toEqual([fed]);
	});
});
