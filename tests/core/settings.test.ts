/**
 * The settings domain (docs/protocol/settings.md; threat-model T20, T22): room servers, ICE
 * servers and the room secret change only through signed entries by active members; a
 * departure makes a rotation due, and the first rotation after it wins in any delivery order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '$lib/core/bytes';
import {
	settings,
	ICE,
	REKEY,
	ROOMS,
	SHARE,
	iceBody,
	roomsBody,
	type SettingsView
} from '$lib/core/settings';
import type { Entry, EntryId, MemberKey } from '$lib/core/types';
import { refusalOf } from './helpers';
import { DAY, Scenario, utc } from './scenario';

const T0 = utc(2026, 2, 2, 9);
const NAMES = ['Maya', 'Ravi', 'Zoë'];

const fakeBox = (tag: string) => sha256Hex(`box:${tag}`) + sha256Hex(`box2:${tag}`).slice(0, 32);
const rekey = (s: Scenario, tag: string, members: readonly string[]) => ({
	epk: sha256Hex(`epk:${tag}`),
	sealed: Object.fromEntries(members.map((n) => [s.keyOf(n), fakeBox(`${tag}:${n}`)]))
});
const viewOf = (s: Scenario, entries: readonly Entry[] = s.entries, now = T0 + 30 * DAY) =>
	s.open(entries).view<SettingsView>(settings, now);
const rejectedOf = (s: Scenario, entries: readonly Entry[] = s.entries) =>
	s.open(entries).host.rejected.map((r) => `${r.type}:${r.code}`);

/** Zoë is removed by Maya and Ravi (in a circle of three the charter's threshold is both others). */
const removeZoe = (s: Scenario, at: number) => {
	const p = s.write('Maya', at, 'member.remove.propose', { member: s.keyOf('Zoë'), reason: 'left town' });
	s.write('Ravi', at + 60_000, 'member.remove.second', { proposal: s.id(p) });
};

describe('settings: decoders', () => {
	const decode = (type: string, body: Record<string, unknown>) =>
		settings.kinds.find((k) => k.type === type)!.decode(body);
	it('accept room servers over ws:// and wss://, ICE over stun:, turn:, turns:', () => {
		expect(decode(ROOMS, { urls: ['wss://signal.example.org', 'ws://127.0.0.1:4444/x'] }).ok).toBe(true);
		expect(
			decode(ICE, { urls: ['stun:stun.example.org:3478', 'turn:t.example.org', 'turns:[::1]:5349'] }).ok
		).toBe(true);
		expect(decode(ROOMS, { urls: [] }).ok).toBe(true);
	});
	it('refuse anything else with a code', () => {
		const code = (type: string, body: Record<string, unknown>) => {
			const d = decode(type, body);
			return d.ok ? null : d.rejection.code;
		};
		expect(code(ROOMS, {})).toBe('settings-urls');
		expect(code(ROOMS, { urls: ['https://signal.example.org'] })).toBe('settings-room-url');
		expect(code(ROOMS, { urls: ['wss://a b'] })).toBe('settings-room-url');
		expect(code(ROOMS, { urls: ['wss://user@evil.example'] })).toBe('settings-room-url');
		expect(code(ROOMS, { urls: [`wss://${'a'.repeat(300)}.org`] })).toBe('settings-room-url');
		expect(code(ROOMS, { urls: ['wss://a.org', 'wss://a.org'] })).toBe('settings-url-repeated');
		expect(code(ROOMS, { urls: Array.from({ length: 9 }, (_, i) => `wss://s${i}.org`) })).toBe(
			'settings-urls-many'
		);
		expect(code(ICE, { urls: ['wss://signal.example.org'] })).toBe('settings-ice-url');
		expect(code(ICE, { urls: ['stun:'] })).toBe('settings-ice-url');
		expect(code(REKEY, { epk: 'zz', sealed: {} })).toBe('rekey-epk');
		expect(code(REKEY, { epk: 'aa'.repeat(32), sealed: {} })).toBe('rekey-sealed');
		expect(code(REKEY, { epk: 'aa'.repeat(32), sealed: { ['bb'.repeat(32)]: 'cc' } })).toBe('rekey-box');
		expect(code(REKEY, { epk: 'aa'.repeat(32), sealed: { nope: 'cc'.repeat(48) } })).toBe('rekey-box');
	});
	it('the builders refuse what a person could mistype, with the address', () => {
		expect(refusalOf(() => roomsBody(['https://x.org']))).toEqual({
			code: 'settings-room-url',
			params: { index: 0, url: 'https://x.org' }
		});
		expect(roomsBody([' wss://a.org ', 'wss://a.org', ''])).toEqual({ urls: ['wss://a.org'] });
		expect(refusalOf(() => iceBody(['stun:ok.org', 'http://x']))?.code).toBe('settings-ice-url');
	});
});

describe('settings: servers', () => {
	it('the last in total order wins, whoever wrote it', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Ravi', T0 + DAY, ROOMS, roomsBody(['wss://one.example']));
		s.write('Zoë', T0 + 2 * DAY, ROOMS, roomsBody(['wss://two.example']));
		s.write('Maya', T0 + 3 * DAY, ICE, iceBody(['stun:stun.example.org']));
		const v = viewOf(s);
		expect(v.rooms).toEqual(['wss://two.example']);
		expect(v.ice).toEqual(['stun:stun.example.org']);
		expect(v.roomsSet?.author).toBe(s.keyOf('Zoë'));
	});

	it('an ex-member’s or a non-member’s settings entry changes nothing', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Maya', T0 + DAY, ROOMS, roomsBody(['wss://ours.example']));
		s.leave('Zoë', T0 + 2 * DAY);
		s.write('Zoë', T0 + 3 * DAY, ROOMS, roomsBody(['wss://zoe.example']));
		s.write('Mallory', T0 + 3 * DAY, ROOMS, roomsBody(['wss://mallory.example']));
		s.write('Mallory', T0 + 3 * DAY + 1, REKEY, rekey(s, 'm', ['Maya', 'Ravi']));
		const c = s.open();
		const v = c.view<SettingsView>(settings, T0 + 30 * DAY);
		expect(v.rooms).toEqual(['wss://ours.example']);
		expect(v.secret).toBeNull();
		const reasons = c.ledger.quarantine.map((q) => q.reason);
		expect(reasons.filter((r) => r === 'not-a-member').length).toBeGreaterThanOrEqual(3);
	});
});

describe('settings: the room secret rotates when someone leaves', () => {
	const story = () => {
		const s = new Scenario(T0, NAMES);
		s.write('Maya', T0 + DAY, REKEY, rekey(s, 'first', NAMES));
		removeZoe(s, T0 + 5 * DAY);
		return s;
	};

	it('the first secret may be written by any member, sealed to exactly the active members', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Ravi', T0 + DAY, REKEY, rekey(s, 'short', ['Maya', 'Ravi']));
		expect(rejectedOf(s)).toEqual([`${REKEY}:rekey-recipients`]);
		s.write('Ravi', T0 + DAY + 1, REKEY, rekey(s, 'first', NAMES));
		const v = viewOf(s);
		expect(v.secret?.recipients).toEqual(NAMES.map((n) => s.keyOf(n)).sort());
		expect(v.rekeyDue).toBe(false);
	});

	it('a rotation that nobody’s departure called for is refused', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Maya', T0 + DAY, REKEY, rekey(s, 'first', NAMES));
		s.write('Zoë', T0 + 2 * DAY, REKEY, rekey(s, 'takeover', NAMES));
		expect(rejectedOf(s)).toEqual([`${REKEY}:rekey-not-due`]);
		expect(viewOf(s).secret?.author).toBe(s.keyOf('Maya'));
	});

	it('a removal makes a rotation due; the rotation may not include the removed member', () => {
		const s = story();
		expect(viewOf(s).rekeyDue).toBe(true);
		expect(viewOf(s).roster).toEqual(['Maya', 'Ravi'].map((n) => s.keyOf(n)).sort());
		s.write('Ravi', T0 + 6 * DAY, REKEY, rekey(s, 'with-zoe', NAMES));
		expect(rejectedOf(s)).toEqual([`${REKEY}:rekey-recipients`]);
		s.write('Ravi', T0 + 6 * DAY + 1, REKEY, rekey(s, 'second', ['Maya', 'Ravi']));
		const v = viewOf(s);
		expect(v.rekeyDue).toBe(false);
		expect(v.secret?.recipients).not.toContain(s.keyOf('Zoë'));
		expect(v.rotations).toHaveLength(2);
	});

	it('several phones rotate at once: the first in total order wins, in any delivery order', () => {
		const s = story();
		s.write('Ravi', T0 + 6 * DAY, REKEY, rekey(s, 'ravi', ['Maya', 'Ravi']));
		s.write('Maya', T0 + 6 * DAY + 5, REKEY, rekey(s, 'maya', ['Maya', 'Ravi']));
		const winner = s.id(s.entries[s.entries.length - 2]!);
		const fresh = viewOf(s);
		expect(fresh.secret?.id).toBe(winner);
		expect(rejectedOf(s)).toEqual([`${REKEY}:rekey-not-due`]);
		fc.assert(
			fc.property(
				fc.array(fc.integer(), { minLength: s.entries.length, maxLength: s.entries.length }),
				(keys) => {
					const shuffled = s.entries
						.map((e, i) => ({ e, k: keys[i]! }))
						.sort((a, b) => a.k - b.k)
						.map((x) => x.e);
					const c = s.open([]);
					for (const e of shuffled) c.add([{ entry: e, sigValid: true }], T0 + 30 * DAY);
					const v = c.view<SettingsView>(settings, T0 + 30 * DAY);
					expect(v.secret?.id).toBe(winner);
					expect(v.rotations.map((r) => r.id)).toEqual(fresh.rotations.map((r) => r.id));
				}
			),
			{ numRuns: 40, seed: 20261130 }
		);
	});

	it('leaving makes a rotation due too, and whoever remains is sealed to', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Maya', T0 + DAY, REKEY, rekey(s, 'first', NAMES));
		s.leave('Ravi', T0 + 2 * DAY);
		expect(viewOf(s).rekeyDue).toBe(true);
		s.write('Zoë', T0 + 3 * DAY, REKEY, rekey(s, 'after', ['Maya', 'Zoë']));
		expect(viewOf(s).rekeyDue).toBe(false);
		expect(viewOf(s).secret?.author).toBe(s.keyOf('Zoë'));
	});

	it('a newcomer does not make a rotation due (the invite carries the secret)', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Maya', T0 + DAY, REKEY, rekey(s, 'first', NAMES));
		s.join('Kwame', T0 + 2 * DAY);
		expect(viewOf(s).rekeyDue).toBe(false);
	});

	it('a member admitted after the secret (who has it from their invite) leaving makes a rotation due', () => {
		const s = new Scenario(T0, ['Maya']);
		s.write('Maya', T0 + DAY, REKEY, rekey(s, 'first', ['Maya']));
		s.join('Ravi', T0 + 2 * DAY);
		s.join('Zoë', T0 + 3 * DAY);
		expect(viewOf(s).rekeyDue).toBe(false);
		removeZoe(s, T0 + 5 * DAY);
		expect(viewOf(s).rekeyDue).toBe(true);
		s.write('Ravi', T0 + 6 * DAY, REKEY, rekey(s, 'after', ['Maya', 'Ravi']));
		expect(rejectedOf(s)).toEqual([]);
		expect(viewOf(s).rekeyDue).toBe(false);
	});

	it('a member admitted after the secret gets it shared by their admitter, once', () => {
		const s = new Scenario(T0, ['Maya']);
		const first = s.write('Maya', T0 + DAY, REKEY, rekey(s, 'first', ['Maya']));
		s.join('Ravi', T0 + 2 * DAY);
		expect(viewOf(s).unshared).toEqual([{ member: s.keyOf('Ravi'), by: s.keyOf('Maya') }]);
		const share = (tag: string, names: string[], rotation = s.id(first)) => ({
			rotation,
			...rekey(s, tag, names)
		});
		s.write('Maya', T0 + 2 * DAY + 1, SHARE, share('ravi', ['Ravi']));
		expect(viewOf(s).unshared).toEqual([]);
		expect(viewOf(s).secret?.shared[s.keyOf('Ravi')]?.box).toBe(fakeBox('ravi:Ravi'));
		// again, to someone who already has it, to a non-member, or of another rotation: refused
		s.write('Ravi', T0 + 2 * DAY + 2, SHARE, share('again', ['Ravi']));
		s.write('Ravi', T0 + 2 * DAY + 3, SHARE, share('maya', ['Maya']));
		s.write('Ravi', T0 + 2 * DAY + 4, SHARE, share('zoe', ['Zoë']));
		s.write('Ravi', T0 + 2 * DAY + 5, SHARE, share('old', ['Ravi'], sha256Hex('old') as EntryId));
		expect(rejectedOf(s)).toEqual([
			`${SHARE}:share-not-needed`,
			`${SHARE}:share-not-needed`,
			`${SHARE}:share-not-needed`,
			`${SHARE}:share-not-current`
		]);
		// A departure after it: the next rotation is sealed to both, with no share needed.
		s.join('Zoë', T0 + 3 * DAY);
		s.leave('Zoë', T0 + 4 * DAY);
		expect(viewOf(s).rekeyDue).toBe(true);
		s.write('Ravi', T0 + 5 * DAY, REKEY, rekey(s, 'second', ['Maya', 'Ravi']));
		expect(viewOf(s).secret?.shared).toEqual({});
		expect(viewOf(s).unshared).toEqual([]);
	});

	it('the view changes when the roster does, and not inside its span', () => {
		const s = story();
		const c = s.open();
		const before = c.host.span(settings, T0 + 2 * DAY, { members: c.ledger.state().members });
		expect(before.value.rekeyDue).toBe(false);
		expect(before.validUntil).toBeLessThanOrEqual(T0 + 5 * DAY + 60_000);
	});
});

export const keys = (s: Scenario, names: string[]): MemberKey[] => names.map((n) => s.keyOf(n));
