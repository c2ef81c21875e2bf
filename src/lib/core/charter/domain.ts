/**
 * The charter domain: the circle's rules as data, versioned and expiring. "All governing
 * documents should expire or require re-ratification at predictable intervals" (the essay,
 * Reversible Charters and Hard Resets). docs/protocol/charter.md.
 *
 *   charter.propose     {content, text, hash}            a draft, frozen from the shared Y.Text
 *   charter.amend       {proposal, content, text, hash}  the proposer integrates objections: a new version, a new round (v2)
 *   charter.consent     {proposal, note?, version?}      a member consents (a later consent withdraws an objection)
 *   charter.object      {proposal, reason, version?}     a member objects, with a reason
 *   charter.stand-aside {proposal, note?, version?}      a member stands aside (v2)
 *   charter.ratify      {proposal, content, text, hash}  a record of a version coming into force (a duty, v2)
 * A proposal comes into force from the fold itself (book.ts); `version` is the hash of the version answered.
 */
import { membership } from '../membership/domain';
import { spanAround } from '../membership/view';
import { bad, kind, ok, refuse, type Decoded, type Domain } from '../host/domain';
import { CharterBook, type CharterStatus, type Proposal } from './book';
import {
	AMEND,
	CONSENT,
	OBJECT,
	PROPOSE,
	RATIFY,
	STAND_ASIDE,
	TEXT_MAX,
	canonicalOrNull,
	checkContent,
	hashCharter,
	type CharterContent
} from './content';
import type { EntryId } from '../types';

export { PROPOSE, AMEND, CONSENT, OBJECT, STAND_ASIDE, RATIFY } from './content';

export type ProposeBody = {
	content: CharterContent;
	text: string;
	hash: string;
};
export type AmendBody = ProposeBody & { proposal: EntryId };
export type StanceBody = {
	proposal: EntryId;
	/** The objection's reason, or a consent's or stand-aside's note (may be empty). */
	reason: string;
	/** The hash of the version answered (null in v1 entries: the version current when applied). */
	hash: string | null;
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

const decodeStance = (b: { [key: string]: unknown }): Decoded<StanceBody> => {
	const note = typeof b.reason === 'string' ? b.reason : typeof b.note === 'string' ? b.note : '';
	if ('version' in b && typeof b.version !== 'string') return bad('answer-version');
	return ok({
		proposal: b.proposal as EntryId,
		reason: note.slice(0, REASON_MAX),
		hash: typeof b.version === 'string' ? b.version : null
	});
};

const decodeAmend = (b: { [key: string]: unknown }): Decoded<AmendBody> => {
	const d = decodePropose(b);
	return d.ok ? ok({ ...d.body, proposal: b.proposal as EntryId }) : d;
};

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
			apply: (book, e, ctx) => book.propose(e.id, e.author, e.at, e.body, ctx.members)
		}),
		kind({
			type: AMEND,
			decode: decodeAmend,
			apply: (book, e, ctx) => book.amend(e.id, e.author, e.at, e.body, ctx.members)
		}),
		kind({
			type: CONSENT,
			decode: decodeStance,
			apply: (book, e, ctx) => book.stance(e.author, e.at, e.body, 'consent', ctx.members)
		}),
		kind({
			type: STAND_ASIDE,
			decode: decodeStance,
			apply: (book, e, ctx) => book.stance(e.author, e.at, e.body, 'stand-aside', ctx.members)
		}),
		kind({
			type: OBJECT,
			decode: (b) => {
				const d = decodeStance(b);
				return d.ok && !d.body.reason.trim() ? bad('objection-needs-reason') : d;
			},
			apply: (book, e, ctx) => book.stance(e.author, e.at, e.body, 'object', ctx.members)
		}),
		kind({
			type: RATIFY,
			decode: decodeRatify,
			apply: (book, e, ctx) => book.ratify(e.id, e.author, e.at, e.body, ctx.members)
		})
	],
	view: (book, now, ctx) => {
		const value = book.status(ctx.members, now);
		// It changes when a version comes into force or expires, a consent window ends, or the roster changes.
		return { value, ...spanAround(ctx.members, now, book.times()) };
	}
};

// ---- builders: the bodies this phone writes ----

export const proposalBody = (content: CharterContent, text: string): ProposeBody => {
	const problem = checkContent(content);
	if (problem) refuse(problem.code, problem.params);
	return { content, text, hash: hashCharter(content, text) };
};
export const amendBody = (proposal: EntryId, content: CharterContent, text: string): AmendBody => ({
	proposal,
	...proposalBody(content, text)
});
/** A consent, with an optional note and the hash of the version answered (omitted: v1 bodies). */
export const consentBody = (proposal: EntryId, note = '', version?: string) => ({
	proposal,
	...(note.trim() ? { note: note.trim().slice(0, REASON_MAX) } : {}),
	...(version ? { version } : {})
});
export const standAsideBody = (proposal: EntryId, note = '', version?: string) =>
	consentBody(proposal, note, version);
export const objectionBody = (proposal: EntryId, reason: string, version?: string) => {
	if (!reason.trim()) refuse('objection-needs-reason');
	return { proposal, reason: reason.slice(0, REASON_MAX), ...(version ? { version } : {}) };
};
export const ratifyBody = (p: Pick<Proposal, 'id' | 'content' | 'text' | 'hash'>) => ({
	proposal: p.id,
	content: p.content,
	text: p.text,
	hash: p.hash
});
