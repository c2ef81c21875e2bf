/**
 * Auditing a published ledger: "the ledger is an auditable record; a circle can publish
 * a read-only snapshot, and anyone can verify it with a command" (DESIGN.md §1). The
 * snapshot is an export file, best a published one (sync/file.ts publishCircle: signed entries
 * only, no secret). This reads it without any device state: every signature is checked with
 * the strict rule, the ledger and the domains are folded from scratch, and every seal is
 * recomputed. It also looks for what a snapshot can hide by leaving things out or in
 * (DESIGN.md §10, "an audit catches omissions"): a hole in any author's chain (a seq missing
 * below one that is there), a fork (two signed entries for one author and seq), and entries held
 * as dated in the future of the `now` it used, which it states.
 *
 * This part needs no Yjs: it audits entries already read (from an export's document, audit.ts,
 * or from a record page's embedded lines, record-page.ts), so the standalone page carries no Yjs.
 */
import { openCircle } from '$lib/core/circle';
import * as seal from '$lib/core/rotation';
import { verifySignature } from '$lib/core/entry';
import type { Rejection } from '$lib/core/host/domain';
import type { CircleId, Entry, Millis } from '$lib/core/types';
import type { StoredEntry, UnreadableEntry } from './circle-doc';
import type { ExportKind } from './file';
import { recordOf, type PublicRecord } from './public-record';
import { charter as charterDomain } from '$lib/core/domains';
import type { CharterStatus } from '$lib/core/charter/book';
import { isPrivateType, kindOfType, privacyOf, type PrivateKind } from '$lib/core/privacy/section';
import { placeholderOf, type PrivateStub } from './private-stub';

/**
 * Which entry a finding is about, as its text says (a failed entry's text is not trusted, but a
 * reader must be able to find it: its author, their seq, its type). Missing parts are left out.
 */
export interface EntryClaims {
	author?: string;
	/** The author's name in this record, when the key is a member's. */
	name?: string;
	seq?: number;
	type?: string;
}

/** The snapshot's own description: from an export's envelope or a record page's header. */
export interface AuditHead {
	circle: string;
	circleName: string;
	kind: ExportKind;
	created: Millis;
}

/** An entry read under its id, with whether its signature verifies (checkSignatures). */
export interface CheckedEntry {
	id: string;
	entry: Entry;
	sigValid: boolean;
}

export interface AuditReport {
	circle: string;
	name: string;
	kind: ExportKind;
	/** When the snapshot was made (its `created`). */
	created: Millis;
	/** The clock the ledger was evaluated with, and where it came from. */
	now: Millis;
	nowFrom: 'given' | 'created';
	entries: number;
	accepted: number;
	/** Entries set aside, each with its reason, the case of it and what its sentence needs. */
	quarantined: ({
		id: string;
		reason: string;
		detail?: string;
		params?: Rejection['params'];
	} & EntryClaims)[];
	/**
	 * Stored values that are not entries at all, with the problem's code, and what the text
	 * still says it is (a value changed after signing reads as another entry's text under its id).
	 */
	unreadable: ({ id: string; problem: Rejection } & EntryClaims)[];
	pending: number;
	head: string;
	members: { name: string; key: string; active: boolean }[];
	holders: { role: string; term: number; holders: string[] }[];
	seals: { total: number; matching: number; flagged: { role: string; term: number; why: string }[] };
	/** Accepted entries that had no effect in their domain, with the reason's code. */
	noEffect: { id: string; type: string; code: string; params?: Rejection['params'] }[];
	/** Accepted entries of a type this version does not know (kept, no effect). */
	unknown: { id: string; type: string }[];
	/** Seqs missing below the highest seq of an author's signed entries, as ranges. */
	holes: { author: string; name: string; missing: { from: number; to: number }[]; after: number }[];
	/**
	 * Entries members named as seen (witness.md) that this snapshot lacks: an omitted tail shows
	 * here (T38), with who saw each. Named as a chain's `prev`, a missing entry is a hole instead; a
	 * value under the id that does not read is listed as unreadable instead.
	 */
	unseen: { id: string; namedBy: { author: string; name: string; seq: number }[] }[];
	/** Authors who signed two or more different entries with one seq. */
	forks: { author: string; name: string; seq: number; ids: string[] }[];
	/** Entries held as dated more than the allowed skew after `now`. */
	future: { id: string; author: string; name: string; seq: number; at: Millis }[];
	/** The file carries circle settings (the room secret, servers): it is not one to publish. */
	carriesSettings: boolean;
	/**
	 * Entries the file carries as private stubs (private-stub.ts): their bodies left out, as the
	 * charter in force when the snapshot was made keeps their kind private. Each allowed stub stands in
	 * its author's chain with no effect. `vouched`: a signed entry names the id (the author's next
	 * entry as its prev, or a member as seen); `unvouched`: nothing signed names it (the last of its
	 * author's chain), so only the ledger hash, compared with a member's phone, can vouch for it;
	 * `refused`: a kind the charter does not keep private (or another circle's): the file withholds
	 * what it must show, and it fails.
	 */
	private: {
		vouched: PrivateFinding[];
		unvouched: PrivateFinding[];
		refused: PrivateFinding[];
	};
	/** Nothing set aside or unreadable, no flagged seal, no hole, no unseen entry, no fork. */
	verified: boolean;
	/** What the circle decided and who held what: the page `/verify` shows it (public-record.ts). */
	record: PublicRecord;
}

/** A private entry as its stub says it is (its type and header cannot be checked without its body). */
export interface PrivateFinding {
	id: string;
	type: string;
	/** The private kind the type belongs to, or null for a type that can never be private. */
	kind: PrivateKind | null;
	author: string;
	name?: string;
	seq: number;
	at: Millis;
}

/** Ids named in `seen` by signed entries of this circle that are not among the entries. */
const unseenOf = (
	entries: readonly { id: string; entry: Entry; sigValid: boolean }[],
	circle: string,
	damaged: readonly string[]
) => {
	// A value under the id that does not read is listed as unreadable (named), not as missing.
	const present = new Set([...entries.map((e) => e.id), ...damaged]);
	const named = new Map<string, { author: string; seq: number }[]>();
	for (const { entry, sigValid } of entries) {
		// A forgery names nothing: only what members really signed counts as seen.
		if (!sigValid || entry.circle !== circle) continue;
		for (const id of entry.seen ?? [])
			if (!present.has(id))
				named.set(id, [...(named.get(id) ?? []), { author: entry.author, seq: entry.seq }]);
	}
	return [...named].map(([id, namedBy]) => ({ id, namedBy })).sort((a, b) => (a.id < b.id ? -1 : 1));
};

/** Seqs of each author's signed entries: the holes below the highest, and the seqs signed twice. */
const chainsOf = (entries: readonly { id: string; entry: Entry; sigValid: boolean }[], circle: string) => {
	const byAuthor = new Map<string, Map<number, string[]>>();
	for (const { id, entry, sigValid } of entries) {
		// Only what the author really signed, for this circle: a forgery fills no hole and forks nobody.
		if (!sigValid || entry.circle !== circle) continue;
		const seqs = byAuthor.get(entry.author) ?? new Map<number, string[]>();
		byAuthor.set(entry.author, seqs);
		seqs.set(entry.seq, [...(seqs.get(entry.seq) ?? []), id]);
	}
	const holes: { author: string; missing: { from: number; to: number }[]; after: number }[] = [];
	const forks: { author: string; seq: number; ids: string[] }[] = [];
	for (const [author, seqs] of [...byAuthor].sort(([a], [b]) => (a < b ? -1 : 1))) {
		const sorted = [...seqs.keys()].sort((a, b) => a - b);
		const missing: { from: number; to: number }[] = [];
		let next = 1;
		for (const seq of sorted) {
			if (seq > next) missing.push({ from: next, to: seq - 1 });
			next = seq + 1;
			const ids = seqs.get(seq)!;
			if (ids.length > 1) forks.push({ author, seq, ids: ids.sort() });
		}
		if (missing.length) {
			const firstGap = missing[0]!.from;
			holes.push({ author, missing, after: sorted.filter((s) => s > firstGap).length });
		}
	}
	return { holes, forks };
};

/** What a stored value says it is, read leniently: a damaged text is still named if it can be. */
export const claimsOf = (value: unknown): EntryClaims => {
	if (typeof value !== 'string') return {};
	let o: Record<string, unknown> | null = null;
	try {
		const raw: unknown = JSON.parse(value);
		if (raw && typeof raw === 'object' && !Array.isArray(raw)) o = raw as Record<string, unknown>;
	} catch {
		// Not JSON any more (a quote or brace changed): pick the members out of the text.
		const str = (k: string) => new RegExp(`"${k}":"([^"\\\\]{1,200})"`).exec(value)?.[1];
		const seq = /"seq":(\d{1,15})[,}]/.exec(value)?.[1];
		const claims: EntryClaims = {};
		const author = str('author');
		const type = str('type');
		if (author) claims.author = author;
		if (type) claims.type = type;
		if (seq) claims.seq = Number(seq);
		return claims;
	}
	const claims: EntryClaims = {};
	if (o && typeof o.author === 'string') claims.author = o.author.slice(0, 200);
	if (o && Number.isSafeInteger(o.seq)) claims.seq = o.seq as number;
	if (o && typeof o.type === 'string') claims.type = o.type.slice(0, 200);
	return claims;
};

/** Checks every signature at once (the CLI and the worker; the record page slices this itself). */
export const checkSignatures = (entries: readonly StoredEntry[]): CheckedEntry[] =>
	entries.map(({ id, entry }) => ({ id, entry, sigValid: verifySignature(entry) }));

/**
 * Audits entries already read and signature-checked. `unreadable` may carry what each value
 * claims (claimsOf). `given`: the clock to evaluate with; without it, the snapshot's `created`.
 */
export const auditEntries = (
	head: AuditHead,
	checked: readonly CheckedEntry[],
	unreadable: readonly (UnreadableEntry & EntryClaims)[],
	carriesSettings: boolean,
	given?: Millis,
	stubs: readonly { id: string; stub: PrivateStub }[] = []
): AuditReport => {
	const now = given ?? head.created;
	// The same composition as the app's (core/circle.ts), so both agree on every rule.
	const circle = openCircle(head.circle as CircleId);
	const ledger = circle.ledger;
	// The ids signed entries of this circle vouch for; a real entry under a stub's id wins over it.
	const present = new Set(checked.map((c) => c.id));
	const vouchedIds = new Set<string>();
	for (const { entry, sigValid } of checked) {
		if (!sigValid || entry.circle !== head.circle) continue;
		if (entry.prev) vouchedIds.add(entry.prev);
		for (const id of entry.seen ?? []) vouchedIds.add(id);
	}
	const ownStubs = stubs.filter((s) => !present.has(s.id));
	// A run of private entries: the signed entry after it vouches for the last, and each stub so
	// vouched for names the one before. Its seq is signed, so the run can be neither longer nor shorter.
	const stubById = new Map(ownStubs.map((s) => [s.id, s.stub]));
	const walk = [...vouchedIds];
	while (walk.length) {
		const prev = stubById.get(walk.pop()!)?.prev;
		if (prev && !vouchedIds.has(prev)) {
			vouchedIds.add(prev);
			walk.push(prev);
		}
	}
	ledger.add(checked as { id: never; entry: Entry; sigValid: boolean }[], now);
	// Every stub the charter allows stands in the fold, vouched for or not: it has no effect, and
	// so the ledger hash is the one members' phones show (a stub made up by the publisher changes
	// it; one at a seq that does not follow leaves a hole, named). The charter is the one in force
	// when the snapshot was made (the exporter's rule), read from the signed entries alone: no stub
	// is of a kind that could change it, and the ledger's result does not depend on batching.
	const privacy = privacyOf(circle.view<CharterStatus>(charterDomain, head.created).inForce);
	const allowed = (s: { stub: PrivateStub }) =>
		s.stub.circle === head.circle && isPrivateType(privacy, s.stub.type);
	const standing = ownStubs.filter(allowed);
	const standingIds = new Set(standing.map((s) => s.id));
	const placeholders = standing.map((s) => ({ id: s.id, entry: placeholderOf(s.stub), sigValid: true }));
	if (placeholders.length) ledger.add(placeholders as { id: never; entry: Entry; sigValid: boolean }[], now);
	const state = ledger.state();
	const gov = circle.state(now);
	const nameOf = (k: string) => state.members.get(k as never)?.name ?? k.slice(0, 8);
	const named = (c: EntryClaims): EntryClaims => {
		const member = c.author ? state.members.get(c.author as never) : undefined;
		return member ? { ...c, name: member.name } : c;
	};
	const verdicts = gov.history.filter((h) => h.seal).map((h) => ({ h, v: seal.verify(h) }));
	const { holes, forks } = chainsOf([...checked, ...placeholders], head.circle);
	const finding = ({ id, stub }: { id: string; stub: PrivateStub }): PrivateFinding => {
		const member = state.members.get(stub.author as never);
		return {
			id,
			type: stub.type,
			kind: kindOfType(stub.type),
			author: stub.author,
			...(member ? { name: member.name } : {}),
			seq: stub.seq,
			at: stub.hlc[0]
		};
	};
	const privateFindings = {
		vouched: standing.filter((s) => vouchedIds.has(s.id)).map(finding),
		unvouched: standing.filter((s) => !vouchedIds.has(s.id)).map(finding),
		refused: ownStubs.filter((s) => !allowed(s)).map(finding)
	};
	const unseen = unseenOf(
		[...checked, ...placeholders],
		head.circle,
		unreadable.map((u) => u.id)
	).map((u) => ({
		id: u.id,
		namedBy: u.namedBy.map((n) => ({ ...n, name: nameOf(n.author) }))
	}));
	const future = ledger.quarantine
		.filter((q) => q.reason === 'future-timestamp' && q.entry)
		.map(({ id, entry }) => ({
			id,
			author: entry!.author,
			name: nameOf(entry!.author),
			seq: entry!.seq,
			at: entry!.hlc[0]
		}));
	const quarantined = ledger.quarantine.map(({ id, reason, detail, params, entry }) => ({
		id,
		reason,
		detail,
		params,
		...(entry ? named({ author: entry.author, seq: entry.seq, type: entry.type }) : {})
	}));
	const flagged = verdicts
		.filter((x) => x.v === 'flagged')
		.map((x) => ({ role: x.h.roleName, term: x.h.term, why: x.h.seal?.why ?? 'flagged' }));
	return {
		circle: head.circle,
		name: state.name || head.circleName,
		kind: head.kind,
		created: head.created,
		now,
		nowFrom: given === undefined ? 'created' : 'given',
		entries: checked.length + unreadable.length + ownStubs.length,
		accepted: ledger.accepted.length,
		quarantined,
		unreadable: unreadable.map((u) => ({ ...named(u), id: u.id, problem: u.problem })),
		pending: ledger.pending.length,
		head: ledger.head(),
		members: [...state.members.values()]
			.map((m) => ({ name: m.name, key: m.key, active: state.roster.includes(m.key) }))
			.sort((a, b) => (a.key < b.key ? -1 : 1)),
		holders: gov.holders.map((h) => ({ role: h.roleName, term: h.term, holders: h.holders.map(nameOf) })),
		seals: {
			total: verdicts.length,
			matching: verdicts.filter((x) => x.v === 'matches').length,
			flagged
		},
		noEffect: gov.rejected.map((r) => ({ id: r.id, type: r.type, code: r.code, params: r.params })),
		// Placeholders are reported as private entries; a signed entry of their type is still unknown.
		unknown: circle.host.unknown
			.filter((u) => !standingIds.has(u.id))
			.map((u) => ({ id: u.id, type: u.type })),
		holes: holes.map((h) => ({ ...h, name: nameOf(h.author) })),
		unseen,
		forks: forks.map((f) => ({ ...f, name: nameOf(f.author) })),
		future,
		carriesSettings,
		private: privateFindings,
		record: recordOf(circle, gov, now, nameOf),
		verified:
			quarantined.length === 0 &&
			privateFindings.refused.length === 0 &&
			unreadable.length === 0 &&
			flagged.length === 0 &&
			holes.length === 0 &&
			unseen.length === 0 &&
			forks.length === 0
	};
};
