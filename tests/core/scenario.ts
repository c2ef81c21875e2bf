/**
 * A small harness for governance tests: members with made-up keys, entries with a
 * placeholder signature (the governance fold never checks signatures: the ledger did),
 * and a membership view built by hand.
 */
import { sha256Hex } from '../../src/lib/core/bytes';
import { entryId } from '../../src/lib/core/entry';
import * as calendar from '../../src/lib/core/calendar';
import * as governance from '../../src/lib/core/governance';
import type { Json } from '../../src/lib/core/canonical';
import type { MemberSpan } from '../../src/lib/core/membership-view';
import type { CircleId, Entry, EntryId, MemberKey, Millis } from '../../src/lib/core/types';

export const utc = (y: number, m: number, d: number, h = 0, min = 0): Millis =>
	calendar.daysFromCivil(y, m, d) * calendar.DAY_MS + h * calendar.HOUR_MS + min * 60_000;
export const DAY = calendar.DAY_MS;
export const HOUR = calendar.HOUR_MS;

export class Scenario {
	readonly circle = sha256Hex('scenario').slice(0, 32) as CircleId;
	readonly entries: Entry[] = [];
	readonly members = new Map<MemberKey, MemberSpan>();
	readonly names = new Map<MemberKey, string>();
	private chains = new Map<MemberKey, { seq: number; prev: EntryId | null }>();
	private last = 0;

	constructor(
		readonly start: Millis,
		names: string[],
		readonly seed = sha256Hex('genesis seed')
	) {
		const keys = names.map((n) => this.keyOf(n));
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

	join(name: string, at: Millis): MemberKey {
		const k = this.keyOf(name);
		const e = this.write([...this.members.keys()][0]!, at, 'member.admit', { member: k, name });
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
		const a = (author.length === 64 ? author : this.keyOf(author)) as MemberKey;
		const c = this.chains.get(a) ?? { seq: 0, prev: null };
		const t = Math.max(at, this.last + 1);
		this.last = t;
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
		this.chains.set(a, { seq: e.seq, prev: entryId(e) });
		this.entries.push(e);
		return e;
	}

	id(e: Entry): EntryId {
		return entryId(e);
	}

	view() {
		return { members: this.members };
	}

	fold(now: Millis) {
		return governance.fold(this.entries, this.view(), now);
	}

	/** Holders of a role's segments as names: "term.segment:Name+Name". */
	story(state: governance.GovernanceState, role: string): string[] {
		return state.history
			.filter((h) => h.role === role)
			.map(
				(h) =>
					`${h.term}.${h.segment}:${h.holders.map((m) => this.names.get(m) ?? m.slice(0, 6)).join('+') || '-'}`
			);
	}
}
