/**
 * A small harness for the governance stories: members with made-up keys (so the golden draws
 * in vectors/draws.json keep their keys), entries with a placeholder signature, all told
 * through the real ledger and domains (core/circle.ts). Signatures are an input to the ledger
 * (`sigValid`, `verifyJoin`); everything else is checked as on a phone: chains, membership,
 * embedded join requests, every domain's rules.
 */
import { sha256Hex } from '../../src/lib/core/bytes';
import { entryId } from '../../src/lib/core/entry';
import { circleIdFor } from '../../src/lib/core/membership/genesis';
import * as calendar from '../../src/lib/core/calendar';
import { openCircle, type Circle, type GovernanceState, type OpenOptions } from '../../src/lib/core/circle';
import type { Json } from '../../src/lib/core/canonical';
import type { MemberSpan } from '../../src/lib/core/membership/view';
import type { CircleId, Entry, EntryId, MemberKey, Millis } from '../../src/lib/core/types';

export const utc = (y: number, m: number, d: number, h = 0, min = 0): Millis =>
	calendar.daysFromCivil(y, m, d) * calendar.DAY_MS + h * calendar.HOUR_MS + min * 60_000;
export const DAY = calendar.DAY_MS;
export const HOUR = calendar.HOUR_MS;

export class Scenario {
	/** Bound to the founder's key and the genesis seed, as every circle id is (T19). */
	readonly circle: CircleId;
	readonly entries: Entry[] = [];
	readonly ids: EntryId[] = [];
	/** Membership as the story tells it (for picking actors; the ledger computes its own). */
	readonly members = new Map<MemberKey, MemberSpan>();
	readonly names = new Map<MemberKey, string>();
	private chains = new Map<MemberKey, { seq: number; prev: EntryId | null }>();
	private last = 0;
	private joins = 0;
	/** With `witnessing`: entries no entry names yet, and their authors (what a phone's nextFor names). */
	private heads = new Map<EntryId, MemberKey>();

	/**
	 * `witnessing`: every entry names the heads it saw (`seen`), as phones that sync all the time
	 * do, so each takes effect when the next member writes (fold.ts). Without it, the stories of
	 * the rotation tests keep every entry at its own stamp (nobody witnesses: the projection).
	 * `acknowledge` (with `witnessing`): after each entry, another active member's phone writes a
	 * `witness.ack` a minute later, as the app does after a sync, so every entry takes effect then.
	 */
	constructor(
		readonly start: Millis,
		names: string[],
		readonly seed = sha256Hex('genesis seed'),
		readonly options: { witnessing?: boolean; acknowledge?: boolean } = {}
	) {
		const keys = names.map((n) => this.keyOf(n));
		this.circle = circleIdFor(keys[0]!, seed);
		this.write(keys[0]!, start, 'circle.genesis', {
			name: 'Test circle',
			commons: 'tests',
			founder: names[0]!,
			seed
		});
		this.members.set(keys[0]!, {
			key: keys[0]!,
			name: names[0]!,
			since: start,
			until: null,
			spans: [{ since: start, until: null }]
		});
		names.slice(1).forEach((n, i) => this.join(n, start + (i + 1) * 60_000));
	}

	keyOf(name: string): MemberKey {
		const k = sha256Hex(`member:${name}`) as MemberKey;
		this.names.set(k, name);
		return k;
	}

	/** Admitted by the first active member, with a join request in the real format. */
	join(name: string, at: Millis): MemberKey {
		const k = this.keyOf(name);
		const admitter = [...this.members.values()].find((m) => m.until === null && m.key !== k)!.key;
		const n = this.joins++;
		const request = {
			v: 1,
			kind: 'circulate/join-request',
			circle: this.circle,
			key: k,
			name,
			nonce: sha256Hex(`nonce:${name}:${n}`).slice(0, 32),
			time: at,
			// Unique, since a request admits once (by its signature); checked by verifyJoin below.
			sig: sha256Hex(`sig:${name}:${n}`) + sha256Hex(`sig2:${name}:${n}`)
		};
		const e = this.write(admitter, at, 'member.admit', { member: k, name, request });
		const spans = [...(this.members.get(k)?.spans ?? []), { since: e.hlc[0], until: null }];
		this.members.set(k, { key: k, name, since: e.hlc[0], until: null, spans });
		return k;
	}

	leave(name: string, at: Millis): void {
		const k = this.keyOf(name);
		const e = this.write(k, at, 'member.leave', {});
		const m = this.members.get(k)!;
		const spans = (m.spans ?? [m]).map((x, i, all) =>
			i === all.length - 1 ? { since: x.since, until: e.hlc[0] } : { since: x.since, until: x.until }
		);
		this.members.set(k, { ...m, until: e.hlc[0], spans });
	}

	write(author: MemberKey | string, at: Millis, type: string, body: Json): Entry {
		const e = this.draft(author, at, type, body);
		this.last = e.hlc[0];
		const id = entryId(e);
		for (const named of [e.prev, ...(e.seen ?? [])]) if (named) this.heads.delete(named);
		this.heads.set(id, e.author);
		this.chains.set(e.author, { seq: e.seq, prev: id });
		this.entries.push(e);
		this.ids.push(id);
		if (this.options.witnessing && this.options.acknowledge && type !== 'witness.ack') this.acknowledge(e);
		return e;
	}

	/** The next active member after `e`'s author (in key order) acknowledges it a minute later. */
	private acknowledge(e: Entry): void {
		const active = [...this.members.values()]
			.filter((m) => m.until === null && m.key !== e.author)
			.map((m) => m.key)
			.sort();
		const by = active.find((k) => k > e.author) ?? active[0];
		if (by) this.write(by, e.hlc[0] + 60_000, 'witness.ack', {});
	}

	/** The entry `write` would add next, without adding it. */
	draft(author: MemberKey | string, at: Millis, type: string, body: Json): Entry {
		const a = (author.length === 64 ? author : this.keyOf(author)) as MemberKey;
		const c = this.chains.get(a) ?? { seq: 0, prev: null };
		const t = Math.max(at, this.last + 1);
		const e: Entry = {
			v: 1,
			circle: this.circle,
			author: a,
			seq: c.seq + 1,
			prev: c.prev,
			hlc: [t, 0],
			type,
			body,
			sig: '00'.repeat(64)
		};
		const seen = this.options.witnessing
			? [...this.heads].filter(([, by]) => by !== a).map(([id]) => id)
			: [];
		if (seen.length) e.seen = seen.sort().slice(0, 8);
		return e;
	}

	/** The heads another member's phone holds now (all but that member's own). */
	headsFor(author: MemberKey | string): EntryId[] {
		const a = author.length === 64 ? author : this.keyOf(author);
		return [...this.heads].filter(([, by]) => by !== a).map(([id]) => id);
	}

	id(e: Entry): EntryId {
		return entryId(e);
	}

	/** A circle that has taken in `entries` (default: all of them), in one go. */
	open(entries: readonly Entry[] = this.entries, options: OpenOptions = {}): Circle {
		const c = openCircle(this.circle, { verifyJoin: () => true, ...options });
		const last = entries.reduce((t, e) => Math.max(t, e.hlc[0]), this.last);
		c.add(
			entries.map((entry) => ({ entry, sigValid: true })),
			last + 1
		);
		return c;
	}

	fold(now: Millis): GovernanceState {
		return this.open().state(now);
	}

	/** Holders of a role's segments as names: "term.segment:Name+Name". */
	story(state: GovernanceState, role: string): string[] {
		return state.history
			.filter((h) => h.role === role)
			.map(
				(h) =>
					`${h.term}.${h.segment}:${h.holders.map((m) => this.names.get(m) ?? m.slice(0, 6)).join('+') || '-'}`
			);
	}
}
