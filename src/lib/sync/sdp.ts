/**
 * Compact pairing codes for non-trickle WebRTC offers and answers. A full SDP is about
 * 2.5 KB; a data channel needs only the ICE credentials, the DTLS fingerprint, the
 * setup role and a few candidates. We keep those, pack them into bytes and spell them
 * in base32 (A–Z, 2–7) so the code uses a QR code's compact alphanumeric mode, can be
 * pasted without fear of case or punctuation, and stays well under 300 characters.
 *
 * Text form: `CO1:` (offer) or `CA1:` (answer), then base32 (RFC 4648, no padding) of:
 *   u8   format version (1)
 *   u8   setup role: 0 actpass, 1 active, 2 passive
 *   u8   ufrag length, then the ufrag (ASCII)
 *   u8   pwd length, then the pwd (ASCII)
 *   32   DTLS certificate fingerprint (sha-256)
 *   u8   number of candidates (UDP only, at most MAX_CANDIDATES)
 *   per candidate:
 *     u8   (type << 4) | address kind; type 0 host, 1 srflx, 2 prflx, 3 relay;
 *          kind 0 IPv4 (4 bytes), 1 IPv6 (16 bytes), 2 mDNS name <uuid>.local (16 bytes),
 *          3 other host name (u8 length + ASCII)
 *     ...  the address
 *     u16  port, big-endian
 * The other side rebuilds a minimal SDP from this (see toSdp). Details in docs/PROTOCOL.md.
 */
import { CodedError } from './failure';

export type Setup = 'actpass' | 'active' | 'passive';
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface Candidate {
	type: CandidateType;
	address: string;
	port: number;
}

export interface Essentials {
	kind: 'offer' | 'answer';
	ufrag: string;
	pwd: string;
	/** 32 bytes as upper-case hex pairs joined by ':' (as SDP writes it). */
	fingerprint: string;
	setup: Setup;
	candidates: Candidate[];
}

export const FORMAT_VERSION = 1;
export const MAX_CANDIDATES = 6;
const PREFIX = { offer: 'CO1:', answer: 'CA1:' } as const;

/** A pairing code that does not read, as a code the messages word (rule_pairing_*). */
export class PairingCodeError extends CodedError {}

const SETUPS: Setup[] = ['actpass', 'active', 'passive'];
const TYPES: CandidateType[] = ['host', 'srflx', 'prflx', 'relay'];

/** Reads what matters out of a full SDP (non-trickle: candidates are inline). */
export const extract = (sdp: string, kind: 'offer' | 'answer'): Essentials => {
	const lines = sdp.split(/\r?\n/);
	const value = (prefix: string): string | undefined =>
		lines
			.find((l) => l.startsWith(prefix))
			?.slice(prefix.length)
			.trim();
	const ufrag = value('a=ice-ufrag:');
	const pwd = value('a=ice-pwd:');
	const fp = value('a=fingerprint:');
	const setup = value('a=setup:') as Setup | undefined;
	if (!ufrag || !pwd || !fp || !setup) throw new PairingCodeError('pairing-detail-incomplete');
	const [algo, hash] = fp.split(/\s+/);
	if (algo?.toLowerCase() !== 'sha-256' || !hash) throw new PairingCodeError('pairing-detail-certificate');
	if (!SETUPS.includes(setup)) throw new PairingCodeError('pairing-detail-setup');
	const candidates: Candidate[] = [];
	for (const l of lines) {
		if (!l.startsWith('a=candidate:')) continue;
		const f = l.slice('a=candidate:'.length).trim().split(/\s+/);
		// foundation component transport priority address port "typ" type ...
		const [, component, transport, , address, port, typ, type] = f;
		if (component !== '1' || transport?.toLowerCase() !== 'udp' || typ !== 'typ') continue;
		if (!address || !port || !TYPES.includes(type as CandidateType)) continue;
		const c = { type: type as CandidateType, address, port: Number(port) };
		if (!candidates.some((x) => x.address === c.address && x.port === c.port)) candidates.push(c);
	}
	// Keep host candidates first (same Wi-Fi or hotspot is the main path), then the rest.
	candidates.sort((a, b) => TYPES.indexOf(a.type) - TYPES.indexOf(b.type));
	return {
		kind,
		ufrag,
		pwd,
		fingerprint: hash.toUpperCase(),
		setup,
		candidates: candidates.slice(0, MAX_CANDIDATES)
	};
};

/** A minimal SDP that Chromium, Firefox and Safari accept for a data channel. */
export const toSdp = (e: Essentials): string => {
	const pref = { host: 126, prflx: 110, srflx: 100, relay: 0 };
	const lines = [
		'v=0',
		'o=- 1 2 IN IP4 127.0.0.1', // i18n-ignore: SDP, the protocol's own text
		's=-',
		't=0 0',
		'a=group:BUNDLE 0',
		'a=msid-semantic: WMS',
		'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', // i18n-ignore: SDP
		'c=IN IP4 0.0.0.0', // i18n-ignore: SDP
		...e.candidates.map((c, i) => {
			const priority = pref[c.type] * 2 ** 24 + (65535 - i) * 2 ** 8 + 255;
			const related = c.type === 'host' ? '' : ' raddr 0.0.0.0 rport 0';
			return `a=candidate:${i + 1} 1 udp ${priority} ${c.address} ${c.port} typ ${c.type}${related} generation 0`;
		}),
		'a=end-of-candidates',
		`a=ice-ufrag:${e.ufrag}`,
		`a=ice-pwd:${e.pwd}`,
		`a=fingerprint:sha-256 ${e.fingerprint}`,
		`a=setup:${e.setup}`,
		'a=mid:0',
		'a=sctp-port:5000',
		'a=max-message-size:262144'
	];
	return lines.join('\r\n') + '\r\n';
};

// ---- bytes ----------------------------------------------------------------------

const MDNS = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\.local$/i;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

const hexBytes = (hex: string): number[] => (hex.match(/../g) ?? []).map((h) => parseInt(h, 16));

const parseIpv6 = (s: string): number[] | null => {
	if (!/^[0-9a-f:]+$/i.test(s) || s.split('::').length > 2) return null;
	const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
	const groups = (x: string | undefined) => (x ? x.split(':') : []);
	const h = groups(head);
	const t = groups(tail);
	const missing = 8 - h.length - t.length;
	if (missing < 0 || (tail === undefined && missing !== 0)) return null;
	const all = [...h, ...Array<string>(missing).fill('0'), ...t];
	if (all.some((g) => g.length === 0 || g.length > 4)) return null;
	return all.flatMap((g) => {
		const n = parseInt(g, 16);
		return [n >> 8, n & 0xff];
	});
};

const writeAscii = (out: number[], s: string, what: string) => {
	if (s.length > 255 || !/^[\x21-\x7e]*$/.test(s))
		throw new PairingCodeError('pairing-detail-encode', { what });
	out.push(s.length, ...[...s].map((c) => c.charCodeAt(0)));
};

export const encodeEssentials = (e: Essentials): Uint8Array => {
	const out: number[] = [FORMAT_VERSION, SETUPS.indexOf(e.setup)];
	writeAscii(out, e.ufrag, 'ufrag');
	writeAscii(out, e.pwd, 'pwd');
	const fp = hexBytes(e.fingerprint.replace(/:/g, ''));
	if (fp.length !== 32) throw new PairingCodeError('pairing-detail-fingerprint');
	out.push(...fp);
	const cands = e.candidates.slice(0, MAX_CANDIDATES);
	out.push(cands.length);
	for (const c of cands) {
		const type = TYPES.indexOf(c.type) << 4;
		const v4 = IPV4.exec(c.address);
		const mdns = MDNS.exec(c.address);
		const v6 = c.address.includes(':') ? parseIpv6(c.address) : null;
		if (v4) out.push(type | 0, ...v4.slice(1).map(Number));
		else if (v6) out.push(type | 1, ...v6);
		else if (mdns) out.push(type | 2, ...hexBytes(mdns.slice(1).join('').toLowerCase()));
		else {
			out.push(type | 3);
			writeAscii(out, c.address, 'a candidate address'); // i18n-ignore: placed in a pairing-detail-encode message (rare)
		}
		out.push(c.port >> 8, c.port & 0xff);
	}
	return Uint8Array.from(out);
};

export const decodeEssentials = (b: Uint8Array, kind: 'offer' | 'answer'): Essentials => {
	let pos = 0;
	const need = (n: number) => {
		if (pos + n > b.length) throw new PairingCodeError('pairing-detail-cut-short');
	};
	const u8 = () => {
		need(1);
		return b[pos++]!;
	};
	const bytes = (n: number) => {
		need(n);
		const s = b.subarray(pos, pos + n);
		pos += n;
		return [...s];
	};
	const ascii = () => String.fromCharCode(...bytes(u8()));
	const hex = (xs: number[]) => xs.map((x) => x.toString(16).padStart(2, '0')).join('');
	const version = u8();
	if (version !== FORMAT_VERSION) throw new PairingCodeError('pairing-detail-newer', { version });
	const setup = SETUPS[u8()];
	if (!setup) throw new PairingCodeError('pairing-detail-setup');
	const ufrag = ascii();
	const pwd = ascii();
	const fingerprint = bytes(32)
		.map((x) => x.toString(16).padStart(2, '0').toUpperCase())
		.join(':');
	const n = u8();
	const candidates: Candidate[] = [];
	for (let i = 0; i < n; i++) {
		const tag = u8();
		const type = TYPES[tag >> 4];
		if (!type) throw new PairingCodeError('pairing-detail-candidate');
		let address: string;
		switch (tag & 0xf) {
			case 0:
				address = bytes(4).join('.');
				break;
			case 1: {
				const v = bytes(16);
				address = Array.from({ length: 8 }, (_, j) => ((v[2 * j]! << 8) | v[2 * j + 1]!).toString(16)).join(
					':'
				);
				break;
			}
			case 2: {
				const h = hex(bytes(16));
				address = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}.local`;
				break;
			}
			case 3:
				address = ascii();
				break;
			default:
				throw new PairingCodeError('pairing-detail-address');
		}
		const port = (u8() << 8) | u8();
		candidates.push({ type, address, port });
	}
	if (pos !== b.length) throw new PairingCodeError('pairing-detail-extra-bytes');
	return { kind, ufrag, pwd, fingerprint, setup, candidates };
};

// ---- base32 (RFC 4648 alphabet, no padding) ----------------------------------------

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const base32Encode = (b: Uint8Array): string => {
	let out = '';
	let bits = 0;
	let value = 0;
	for (const x of b) {
		value = (value << 8) | x;
		bits += 8;
		while (bits >= 5) {
			out += B32[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
		value &= (1 << bits) - 1;
	}
	if (bits > 0) out += B32[(value << (5 - bits)) & 31];
	return out;
};

export const base32Decode = (s: string): Uint8Array => {
	const out: number[] = [];
	let bits = 0;
	let value = 0;
	for (const ch of s.toUpperCase()) {
		const v = B32.indexOf(ch);
		if (v < 0) throw new PairingCodeError('pairing-detail-characters');
		value = (value << 5) | v;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
		value &= (1 << bits) - 1;
	}
	return Uint8Array.from(out);
};

// ---- text codes -------------------------------------------------------------------

/** The code shown as a QR (and as text to paste) for an offer or an answer SDP. */
export const encodeCode = (sdp: string, kind: 'offer' | 'answer'): string =>
	PREFIX[kind] + base32Encode(encodeEssentials(extract(sdp, kind)));

/**
 * Reads a scanned or pasted code. `expect` says which kind this step needs, so a person
 * who scans the wrong phone's code is told what happened.
 */
export const decodeCode = (text: string, expect: 'offer' | 'answer'): Essentials => {
	const t = text.replace(/\s+/g, '').toUpperCase();
	const kind = t.startsWith(PREFIX.offer) ? 'offer' : t.startsWith(PREFIX.answer) ? 'answer' : null;
	if (!kind) {
		if (/^C[OA]\d+:/.test(t)) throw new PairingCodeError('pairing-newer-code');
		throw new PairingCodeError('pairing-not-code');
	}
	if (kind !== expect)
		throw new PairingCodeError(kind === 'offer' ? 'pairing-wrong-offer' : 'pairing-wrong-answer');
	try {
		return decodeEssentials(base32Decode(t.slice(PREFIX[kind].length)), kind);
	} catch (err) {
		if (err instanceof PairingCodeError)
			throw new PairingCodeError('pairing-code-unreadable', { detail: err.message });
		throw err;
	}
};
