/**
 * Every sentence a person reads about a rule's outcome, keyed by the code the core returns
 * or throws (STYLE.md: "a rule's outcome is a code with parameters; the sentence is in the
 * UI's messages"). One place, ready for translation; tests/ui/messages.test.ts fails when the
 * core can return a code that has no sentence here. Plain TypeScript, no Svelte: the UI, the
 * state modules and `npm run verify` all word codes with it.
 */
import type { Rejection } from '$lib/core/host/domain';
import { CREDIT_MESSAGES } from './credit';
import { LIBRARY_MESSAGES } from './library';
import { RECIPROCITY_MESSAGES } from './reciprocity';
import { SCORECARD_MESSAGES } from './scorecard';
import { MEETING_MESSAGES } from './meeting';
import { RITUAL_MESSAGES } from './rituals';
import { PAIRAUDIT_MESSAGES } from './pairaudit';
import { PROTOCOL_MESSAGES } from './protocols';
import { FEDERATION_MESSAGES } from './federation';

export type Params = Rejection['params'];
export const p = (params: Params, key: string): string => String(params?.[key] ?? '');
const days = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const RULE_MESSAGES: Record<string, (params: Params) => string> = {
	// the host
	'not-object': () => 'its body is not an object',
	// entries that do not read (entry.decodeEntry): completed as "It cannot be read: …."
	'entry-not-object': () => 'an entry must be an object',
	'entry-fields': (x) => `unexpected fields: ${p(x, 'fields')}`,
	'entry-newer': (x) =>
		`entry format v${p(x, 'v')} is newer than this app understands (v${p(x, 'max')}); update Circulate`,
	'entry-format': (x) => `unknown entry format ${p(x, 'v')}`,
	'entry-circle': () => 'circle must be 32 hex characters',
	'entry-author': () => 'author must be a 32-byte public key in hex',
	'entry-seq': () => 'seq must be a positive integer',
	'entry-prev': () => 'prev must be null for seq 1, else an entry id',
	'entry-hlc': () => 'hlc must be [milliseconds, counter]',
	'entry-type': () => 'type must look like "member.admit"',
	'entry-body': () => 'body must be an object',
	'entry-sig': () => 'sig must be 64 bytes in hex',
	'entry-seen': (x) => `seen must list 1 to ${p(x, 'max')} entry ids in ascending order`,
	'entry-body-canonical': (x) => `body is not canonical JSON: ${problemText(x)}`,
	unreadable: () => 'it does not read as an entry',
	// stored values that are not entries (sync/circle-doc.ts readEntry)
	'stored-not-text': () => 'the stored value is not text',
	'stored-not-json': () => 'the stored text is not JSON',
	'stored-id-mismatch': () => 'the entry does not hash to the id it is stored under',
	'stored-not-canonical': () => 'the stored text is not exactly the entry’s canonical bytes',
	// canonical JSON (canonical.encode)
	'canonical-too-deep': (x) => `${p(x, 'path')} nests more than ${p(x, 'max')} levels deep`,
	'canonical-string-long': (x) => `${p(x, 'path')} is longer than ${p(x, 'max')} characters`,
	'entry-too-large': (x) => `it is ${p(x, 'bytes')} bytes, more than the ${p(x, 'max')} an entry may have`,
	'canonical-integer': (x) => `${p(x, 'path')} must be a safe integer, got ${p(x, 'value')}`,
	'canonical-undefined': (x) => `${p(x, 'path')} is undefined`,
	'canonical-type': (x) => `${p(x, 'path')} is not a ledger value (${p(x, 'kind')})`,
	'canonical-none': () => 'value has no canonical form',
	// membership: what a person typed
	'circle-name': () => 'Give the circle a name.',
	'circle-name-length': (x) => `Keep the name under ${p(x, 'max')} characters.`,
	'commons-length': (x) => `Keep the commons under ${p(x, 'max')} characters.`,
	'circle-name-control': () =>
		'A circle name cannot contain control, direction or invisible formatting characters.',
	'commons-control': () =>
		'The commons cannot contain control, direction or invisible formatting characters.',
	'text-not-nfc': () => 'not in Unicode NFC',
	'surrounding-spaces': () => 'no surrounding spaces',
	'genesis-seed-hex': () => 'the genesis seed must be 32 bytes of hex',
	'genesis-founder-key': () => 'the founder’s key must be 32 bytes of hex',
	'member-name': () => 'Write the name the circle will know you by.',
	'member-name-length': (x) => `Keep your name under ${p(x, 'max')} characters.`,
	'member-name-control': () => 'Names cannot contain control, direction or invisible formatting characters.',
	// membership: join requests (membership/join.ts)
	'invite-circle': () => 'This invite does not carry a valid circle id.',
	'device-key': () => 'Your device key is not a valid public key.',
	'request-nonce': () => 'The request nonce must be 16 random bytes in hex.',
	'join-not-object': () => 'This is not a join request.',
	'join-kind': () => 'This is not a Circulate join request.',
	'join-fields': () => 'This join request has missing or extra fields.',
	'join-newer': () => 'This join request was made by a newer version of Circulate; update the app.',
	'join-circle': () => 'The join request names no valid circle.',
	'join-key': () => 'The join request carries no valid key.',
	'join-name': () => 'The join request carries no usable name.',
	'join-nonce': () => 'The join request nonce is not 16 bytes of hex.',
	'join-time': () => 'The join request time is not a time.',
	'join-unsigned': () => 'The join request is not signed.',
	// membership: admitting and removing (membership/fold.ts builders)
	'join-other-circle': () =>
		'This join request is for another circle. Ask them to scan this circle’s invite.',
	'admit-self': () => 'You are already a member; you cannot admit yourself.',
	'join-already-member': (x) => `${p(x, 'name')} is already a member.`,
	'join-signature': () => 'This join request’s signature does not check out. Ask them to make a new one.',
	'join-expired': (x) =>
		`This join request is more than ${p(x, 'days')} days old (or dated ahead of today). Ask them to make a new one.`,
	'removal-member': () => 'Choose the member to remove.',
	'removal-self': () => 'You cannot propose your own removal; leave the circle instead.',
	'removal-reason': () => 'Say why, so the others can decide whether to support it.',
	'reason-length': (x) => `Keep the reason under ${p(x, 'max')} characters.`,
	'removal-proposal': () => 'Choose the removal proposal to support.',
	// charter content
	'charter-not-object': () => 'The charter must be an object.',
	'charter-roles': (x) => `The charter needs a list of at most ${p(x, 'max')} roles.`,
	'role-not-object': () => 'Each role must be an object.',
	'role-id': () => 'Role ids are lower-case words like "steward".',
	'role-twice': (x) => `The role "${p(x, 'role')}" appears twice.`,
	'role-name': (x) => `Give the role "${p(x, 'role')}" a name under ${p(x, 'max')} characters.`,
	'role-duties': (x) => `Keep the duties of "${p(x, 'role')}" under ${p(x, 'max')} characters.`,
	'role-term': (x) => `The term of "${p(x, 'role')}" must be whole days or months.`,
	'role-seats': (x) => `"${p(x, 'role')}" needs between ${p(x, 'min')} and ${p(x, 'max')} seats.`,
	'role-max-consecutive': (x) => `"${p(x, 'role')}": max consecutive terms must be at least 1.`,
	'role-cooldown': (x) => `"${p(x, 'role')}": cooldown must be 0 or more terms.`,
	'charter-thresholds': () => 'The charter needs thresholds.',
	'threshold-recall': () => 'The recall threshold must be at least 1 member.',
	'threshold-removal': () => 'The removal threshold must be at least 1 member.',
	'threshold-reset-count': () => 'A reset needs at least 2 members.',
	'threshold-reset-window': (x) => `The reset window must be ${p(x, 'min')} to ${p(x, 'max')} days.`,
	'consent-window': (x) => `The consent window must be ${p(x, 'min')} to ${p(x, 'max')} days.`,
	validity: (x) => `A charter must be valid for ${p(x, 'min')} days to 10 years.`,
	'freeze-hours': (x) => `The freeze lead must be ${p(x, 'min')} to ${p(x, 'max')} hours.`,
	'charter-rituals': () => 'The charter needs its rituals.',
	'ritual-meetings': (x) => `Meetings must happen every ${p(x, 'min')} to ${p(x, 'max')} days.`,
	'ritual-pair-audit': (x) => `Pair audits must happen every ${p(x, 'min')} to ${p(x, 'max')} months.`,
	'ritual-mentorship': (x) =>
		`Mentorship inversion must happen every ${p(x, 'min')} to ${p(x, 'max')} months.`,
	'ritual-meeting-day': () => 'Pick the meeting day from Monday to Sunday.',
	'ritual-meeting-time': () => 'Pick a meeting time between 00:00 and 23:59.',
	'utc-offset': (x) =>
		`The circle’s time must be an offset some place keeps: from UTC${p(x, 'min')}:00 to UTC+${p(x, 'max')}:00, in steps of 15 minutes.`,
	'not-canonical': () => 'it holds a value that is not canonical JSON (a fraction or a huge number)',
	// charter entries
	'charter-text': (x) => `the charter text is missing or longer than ${p(x, 'max')} characters`,
	'hash-mismatch': () => 'the hash does not match the content',
	'ratify-without-content': () => 'a ratification must embed the content it ratifies',
	'objection-needs-reason': () => 'An objection needs a reason the circle can answer.',
	'no-such-proposal': () => 'there is no such proposal',
	'already-ratified': () => 'that proposal was already ratified',
	'ratify-differs': () => 'the ratified content differs from the proposal',
	'amend-not-proposer': () => 'only the member who proposed it can amend a proposal',
	'amend-unchanged': () => 'an amendment must change something',
	'answer-outdated': () => 'that answer was to an earlier version; the proposal has been amended since',
	'answer-version': () => 'an answer names the version it answers by its hash',
	'no-such-decision': () => 'there is no such decision',
	'decision-in-force': () => 'that decision is already in force',
	'decision-title': (x) => `a decision needs a one-line summary of at most ${p(x, 'max')} characters`,
	'decision-text': (x) => `the decision’s text is longer than ${p(x, 'max')} characters`,
	'decision-outside': () => 'say whether the decision needs anyone outside the circle’s permission',
	'decision-deadline': (x) => `the deadline must be after now and at most ${p(x, 'maxDays')} days away`,
	'implementer-is-proposer': () => 'whoever proposed a decision never implements it',
	'already-volunteered': () => 'you already volunteered for this',
	objections: (x) => `${p(x, 'count')} member(s) object`,
	waiting: (x) =>
		`waiting for ${p(x, 'silent')} member(s) or the window ending ${days(Number(x?.windowEndsAt ?? 0))}`,
	// seeds
	'ceremony-id': () => 'the ceremony id must be 16–64 hex characters',
	'commitment-hash': () => 'a commitment is a SHA-256 hash in hex',
	'ceremony-complete': () => 'that ceremony is already complete',
	'already-committed': () => 'this member already made this commitment',
	'no-commitments': () => 'there are no commitments for that ceremony',
	'close-list': () => 'a close must list the commitments it counts',
	'close-not-committed': () =>
		'a close names a commitment that is not on the ledger before it (or a member twice)',
	'close-quorum': (x) =>
		`a close counts ${p(x, 'count')} commitment(s); it needs at least ${p(x, 'quorum')}, so nobody closes a ceremony alone`,
	'close-id': () => 'a reveal or a new seed must name the close it answers',
	'no-such-close': () => 'the close it names is not on the ledger before it',
	'not-counted': () => 'the close does not count this phone’s commitment: it cannot reveal there',
	'already-revealed': () => 'this phone has already revealed in this ceremony',
	'reveal-mismatch': () => 'the revealed value does not match the commitment',
	'reveal-not-committed': () => 'a reveal names a member the close does not count (or twice)',
	'reveals-missing': () => 'every phone the close counts must reveal, naming that close',
	'reveals-list': () => 'the reveals must be a list',
	'dice-digits': () => 'Type the dice as digits 1 to 6, nothing else.',
	'seed-mismatch': () => 'the recorded seed is not the hash of the previous seed and the reveals',
	// rotation
	'seal-names': () => 'a seal names a role, a term and a segment',
	'seal-holders': () => 'a seal’s holders must be member keys',
	'seal-inputs': () => 'a seal’s inputs must be a SHA-256 hash',
	'stepdown-names': () => 'a step-down names a role and a term',
	'bench-member': () => 'only an active member can be benched',
	'bench-role': () => 'a bench names a role, or none for every role',
	'bench-span': (x) => `a bench ends after it starts and within ${p(x, 'maxDays')} days`,
	'bench-self': () => 'nobody proposes benching themselves (declare an absence instead)',
	'bench-proposal': () => 'there is no such bench proposal',
	'bench-in-force': () => 'that bench already has the support it needs',
	'bench-own-support': () => 'nobody supports their own bench',
	'bench-already-supported': () => 'this member already supports that bench',
	'bench-over': () => 'that bench would already have ended',
	'absence-span': (x) => `an absence runs from a start to a later end, within ${p(x, 'maxDays')} days`,
	'absence-past': () => 'an absence cannot be declared for the past',
	// mandates
	'task-length': (x) => `A mandate needs a task under ${p(x, 'max')} characters.`,
	'sunset-range': (x) => `The sunset must be after the proposal and within ${p(x, 'maxDays')} days.`,
	'no-such-mandate': () => 'there is no such mandate',
	'mandate-ended': (x) => `that mandate has already ended (${p(x, 'status')})`,
	'mandate-in-force': () => 'that mandate is no longer waiting for answers',
	'ack-fields': () => 'an acknowledgement has an empty body',
	'not-the-holder': () => 'only the mandate’s holder can mark it done or hand it back',
	'own-recall': () => 'the holder cannot vote on their own recall',
	'already-voted': () => 'this member already voted to recall',
	// settings: room servers, ICE servers, the room secret (core/settings, device/room-secret.ts)
	'settings-urls': () => 'the servers must be a list of addresses',
	'settings-urls-many': (x) => `A circle can list at most ${p(x, 'max')} servers of each kind.`,
	'settings-url-repeated': (x) => `The address ${p(x, 'url') || `number ${p(x, 'index')}`} is listed twice.`,
	'settings-room-url': (x) =>
		`${p(x, 'url') || `Address number ${p(x, 'index')}`}: a room server address starts with wss:// (or ws:// on this computer), like wss://signal.example.org.`,
	'settings-ice-url': (x) =>
		`${p(x, 'url') || `Address number ${p(x, 'index')}`}: a STUN or TURN address looks like stun:stun.example.org:3478 or turn:turn.example.org.`,
	'rekey-epk': () => 'a new room secret must carry its 32-byte ephemeral key',
	'rekey-sealed': () => 'a new room secret must be sealed to at least one member',
	'rekey-box': () => 'each sealed copy of the room secret must be 48 bytes for a member’s key',
	'rekey-not-due': () =>
		'the room secret was not due to change (another phone already changed it, or nobody has left)',
	'rekey-recipients': (x) =>
		`a new room secret must be sealed to exactly the ${p(x, 'members')} active members (it was sealed to ${p(x, 'sealed')})`,
	'share-rotation': () => 'a shared room secret must name the rotation it shares',
	'share-not-current': () => 'only the current room secret can be shared',
	'share-not-needed': () =>
		'the room secret can only be shared with active members who have no copy of it yet (another phone may have shared it first)',
	'secret-box-not-yours': () => 'the room secret was not sealed to this phone’s member',
	'secret-box-tampered': () => 'the sealed room secret was altered or damaged: it does not open',
	'room-no-secret': () =>
		'This phone has no room secret for this circle yet. A member’s phone makes one; a new member’s comes with the invite.',
	// a phone restored from a backup (state/catch-up.svelte.ts)
	'restored-sync-first': () =>
		'This phone was restored from a backup, so it may not have what you signed since. Sync with another member first (in person, the room or a file); if your old phone is lost and wrote nothing this one lacks, say so on this circle’s screen.',
	// credit (core/credit): mutual credit
	...CREDIT_MESSAGES,
	// library (core/library)
	...LIBRARY_MESSAGES,
	// reciprocity and the scorecard (core/reciprocity, core/scorecard)
	...RECIPROCITY_MESSAGES,
	...SCORECARD_MESSAGES,
	...MEETING_MESSAGES,
	...RITUAL_MESSAGES,
	...PAIRAUDIT_MESSAGES,
	...PROTOCOL_MESSAGES,
	...FEDERATION_MESSAGES
};

/** The sentence for a rule's outcome; an unknown code (a newer phone's) is shown as it is. */
export const ruleText = (r: Rejection): string => RULE_MESSAGES[r.code]?.(r.params) ?? r.code;

/**
 * The sentence for a problem another check found, carried as parameters: `problem` is its
 * code and `problemParams` its own parameters (core/quarantine.ts problemOf).
 */
export function problemText(params: Params): string {
	const inner = params?.problemParams;
	const own = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner : undefined;
	return ruleText({ code: p(params, 'problem'), params: own });
}

/** What a flagged seal means (the audit screen). */
export const SEAL_WHY: Record<string, string> = {
	'inputs-differ': 'same holders, but the inputs differ: entries arrived after the seal',
	'holders-differ': 'the seal names other holders than the rule picks from this ledger',
	'not-eligible': 'seal ignored: it named someone the rule could not seat'
};

/** The thrown error's sentence: a rule's code from a builder, else the error's own message. */
export const errorText = (err: unknown): string => {
	const r = (err as { rejection?: Rejection })?.rejection;
	if (r && typeof r.code === 'string') return ruleText(r);
	return err instanceof Error ? err.message : String(err);
};
