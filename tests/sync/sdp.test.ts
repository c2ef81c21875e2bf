import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as sdp from '$lib/sync/sdp';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/sdp/${name}`, import.meta.url), 'utf8');

const cases: [string, 'offer' | 'answer'][] = [
	['chromium-offer-mdns.sdp', 'offer'],
	['chromium-answer-mdns.sdp', 'answer'],
	['chromium-offer-ip-srflx-tcp.sdp', 'offer']
];

describe('compact pairing codes', () => {
	for (const [name, kind] of cases) {
		it(`${name}: round-trips to a short code and back to an equivalent SDP`, () => {
			const full = fixture(name);
			const code = sdp.encodeCode(full, kind);
			expect(code.length).toBeLessThan(300);
			expect(code).toMatch(/^C[OA]1:[A-Z2-7]+$/);
			const back = sdp.decodeCode(code, kind);
			const original = sdp.extract(full, kind);
			expect(back).toEqual({
				...original,
				// IPv6 comes back in full form; compare it parsed
				candidates: original.candidates.map((c) =>
					c.address.includes('::')
						? { ...c, address: back.candidates.find((x) => x.port === c.port)!.address }
						: c
				)
			});
			const rebuilt = sdp.toSdp(back);
			// the rebuilt SDP carries the same essentials again
			expect(sdp.extract(rebuilt, kind)).toEqual(back);
			expect(rebuilt).toContain('m=application 9 UDP/DTLS/SCTP webrtc-datachannel');
			expect(rebuilt).toContain('a=end-of-candidates');
		});
	}

	it('keeps UDP component-1 candidates only, hosts first', () => {
		const e = sdp.extract(fixture('chromium-offer-ip-srflx-tcp.sdp'), 'offer');
		expect(e.candidates.map((c) => `${c.type} ${c.address} ${c.port}`)).toEqual([
			'host 192.168.1.23 56143',
			'host 2001:db8:85a3::8a2e:370:7334 56144',
			'srflx 203.0.113.7 56143'
		]);
		const back = sdp.decodeCode(sdp.encodeCode(fixture('chromium-offer-ip-srflx-tcp.sdp'), 'offer'), 'offer');
		expect(back.candidates[1]!.address).toBe('2001:db8:85a3:0:0:8a2e:370:7334');
	});

	it('accepts pasted codes with spaces, line breaks and lower case', () => {
		const code = sdp.encodeCode(fixture('chromium-offer-mdns.sdp'), 'offer');
		const messy = ` ${code.slice(0, 20).toLowerCase()}\n${code.slice(20)} `;
		expect(sdp.decodeCode(messy, 'offer')).toEqual(sdp.decodeCode(code, 'offer'));
	});

	it('says clearly what is wrong with a code', () => {
		const offer = sdp.encodeCode(fixture('chromium-offer-mdns.sdp'), 'offer');
		const answer = sdp.encodeCode(fixture('chromium-answer-mdns.sdp'), 'answer');
		const table: [string, 'offer' | 'answer', RegExp][] = [
			['hello world', 'offer', /not a Circulate pairing code/],
			['https://example.org/', 'answer', /not a Circulate pairing code/],
			['CO7:AAAA', 'offer', /newer Circulate/],
			[answer, 'offer', /is an answer/],
			[offer, 'answer', /needs the answer/],
			[offer.slice(0, 40), 'offer', /does not read.*cut short/],
			[offer + 'AAAAAAAA', 'offer', /does not read.*extra bytes/],
			[offer.slice(0, 10) + '1' + offer.slice(11), 'offer', /does not read/]
		];
		for (const [text, expect_, re] of table) expect(() => sdp.decodeCode(text, expect_), text).toThrow(re);
	});

	it('base32 round-trips any bytes', () => {
		for (let n = 0; n < 40; n++) {
			const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
			expect([...sdp.base32Decode(sdp.base32Encode(b))]).toEqual([...b]);
		}
		expect(sdp.base32Encode(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI');
	});
});
