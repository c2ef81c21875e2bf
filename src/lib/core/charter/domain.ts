/**
 * The charter domain: the circle's rules as data, versioned and expiring. "All governing
 * documents should expire or require re-ratification at predictable intervals" (the essay,
 * Reversible Charters and Hard Resets). docs/protocol/charter.md.
 *
 *   charter.propose {content, text, hash}            a draft, frozen from the shared Y.Text
 *   charter.consent {proposal}                       a member consents
 *   charter.object  {proposal, reason}               a member objects (a later consent withdraws it)
 *   charter.ratify  {proposal, content, text, hash}  anyone records ratification, embedding the content
 */
import { membership } from '../membership/domain';
import { spanAround } from '../membership/view';
import { bad, kind, ok, refuse, type Decoded, type Domain } from '../host/domain';
import { CharterBook, type CharterStatus, type Proposal } from './book';
import {
	CONSENT,
	OBJECT,
	PROPOSE,
	RATIFY,
	TEXT_MAX,
	canonicalOrNull,
	checkContent,
	hashCharter,
	type CharterContent
} from './content';
import type { EntryId } from '../types';

export { PROPOSE, CONSENT, OBJECT, RATIFY } from './content';

export type ProposeBody = {
	content: CharterContent;
	text: string;
	hash: string;
};
export type StanceBody = {
	proposal: EntryId;
	/** Empty for a consent. */
	reason: string;
};
export type RatifyBody = {
	proposal: EntryId;
	hash: string;
	text: string;
	/** The embedded content's canonical text, compared with the proposal's. */
	contentText: string | null;
};

const REASON_MAX = 1000;

const decodePropose = (b: { [key: string]: unknown }): Decoded<ProposeBody> => {
	const problem = checkContent(b.content);
	if (problem) return { ok: false, rejection: problem };
	if (typeof b.text !== 'string' || b.text.length > TEXT_MAX) return bad('charter-text', { max: TEXT_MAX });
	// Extra fields (and other domains' sections) are kept, so they must be ledger values too.
	if (canonicalOrNull(b.content) === null) return bad('not-canonical');
	const content = b.content as CharterContent;
	if (b.hash !== hashCharter(content, b.text)) return bad('hash-mismatch');
	return ok({ content, text: b.text, hash: b.hash });
};

const decodeStance = (b: { [key: string]: unknown }): Decoded<StanceBody> =>
	ok({
		proposal: b.proposal as EntryId,
		reason: typeof b.reason === 'string' ? b.reason.slice(0, REASON_MAX) : ''
	});

const decodeRatify = (b: { [key: string]: unknown }): Decoded<RatifyBody> => {
	if (!('content' in b)) return bad('ratify-without-content');
	return ok({
		proposal: b.proposal as EntryId,
		hash: typeof b.hash === 'string' ? b.hash : '',
		text: typeof b.text === 'string' ? b.text : '',
		contentText: canonicalOrNull(b.content)
	});
};

export const charter: Domain<CharterBook, CharterStatus> = {
	name: 'charter',
	version: 1,
	reads: [membership],
	init: () => new CharterBook(),
	clone: (book) => book.clone(),
	kinds: [
		kind({
			type: PROPOSE,
			decode: decodePropose,
			apply: (book, e) => book.propose(e.id, e.author, e.at, e.body)
		}),
		kind({
			type: CONSENT,
			decode: decodeStance,
			apply: (book, e) => book.stance(e.author, e.at, e.body, 'consent')
		}),
		kind({
			type: OBJECT,
			decode: (b) => {
				const d = decodeStance(b);
				return d.ok && !d.body.reason.trim() ? bad('objection-needs-reason') : d;
			},
			apply: (book, e) => book.stance(e.author, e.at, e.body, 'object')
		}),
		kind({
			type: RATIFY,
			decode: decodeRatify,
			apply: (book, e, ctx) => book.ratify(e.id, e.author, e.at, e.body, ctx.members)
		})
	],
	view: (book, now, ctx) => {
		const value = book.status(ctx.members, now);
		// It changes when a version is ratified or expires, a consent window ends, or the roster changes.
		const times: number[] = [];
		for (const v of book.versions) times.push(v.ratifiedAt, v.expiresAt);
		for (const p of book.proposals.values()) times.push(p.windowEndsAt);
		return { value, ...spanAround(ctx.members, now, times) };
	}
};

// ---- builders: the bodies this phone writes ----

export const proposalBody = (content: CharterContent, text: string): ProposeBody => {
	const problem = checkContent(content);
	if (problem) refuse(problem.code, problem.params);
	return { content, text, hash: hashCharter(content, text) };
};
export const consentBody = (proposal: EntryId) => ({ proposal });
export const objectionBody = (proposal: EntryId, reason: string) => {
	if (!reason.trim()) refuse('objection-needs-reason');
	return { proposal, reason: reason.slice(0, REASON_MAX) };
};
export const ratifyBody = (p: Proposal) => ({
	proposal: p.id,
	content: p.content,
	text: p.text,
	hash: p.hash
});
