/** Sentences for the federation's codes (core/federation): certificates, delegates, withdrawal. */
import type { Rejection } from '$lib/core/host/domain';

type Params = Rejection['params'];
const p = (x: Params, key: string): string => String(x?.[key] ?? '');

export const FEDERATION_MESSAGES: Record<string, (params: Params) => string> = {
	'fed-founder-key': () => 'a federation is founded by a member key (64 hex characters)',
	'fed-seed': () => 'a federation’s seed is 32 random bytes in hex',
	'fed-cert-shape': () => 'this is not a delegate’s certificate: it does not read',
	'fed-cert-issue': (x) => `A mandate is for one issue, named in at most ${p(x, 'max') || 80} characters.`,
	'fed-cert-window': (x) =>
		`A mandate ends after it starts${p(x, 'max') ? `, and lasts at most ${p(x, 'max')} days` : ''}.`,
	'fed-cert-roster': () => 'a certificate names the circle’s members, each once, in order',
	'fed-cert-delegate': () => 'The delegate must be a member of the circle.',
	'fed-cert-exit': (x) =>
		`The number of members who may take the circle out is at most a majority${p(x, 'max') ? ` (${p(x, 'max')})` : ''}.`,
	'fed-cert-sigs': () => 'a certificate carries its members’ signatures, one per member, in order',
	'fed-cert-nonmember': () => 'a signature on it is by someone who is not in the circle’s roster',
	'fed-cert-signature': () => 'a signature on it does not match what was signed',
	'fed-cert-quorum': (x) => `only ${p(x, 'have')} of the ${p(x, 'need')} members needed signed it`,
	'fed-cert-federation': () => 'this certificate is for another federation',
	'fed-cert-carrier': () =>
		'a certificate is carried in by the delegate it names (or a member of its circle)',
	'fed-cert-replayed': () => 'this certificate was already used, or a newer one replaced it',
	'fed-cert-old-roster': () => 'this certificate states an older roster than the federation already holds',
	'fed-exit-shape': () => 'this is not a withdrawal signed by members: it does not read',
	'fed-exit-circle': () => 'this withdrawal is for another circle or another federation',
	'fed-exit-quorum': (x) =>
		`only ${p(x, 'have')} of the ${p(x, 'need')} members needed signed the withdrawal`,
	'fed-mandate-window': () => 'the delegate’s mandate had not started or had already ended',
	'fed-mandate-issue': () => 'the delegate’s mandate is for another issue',
	'fed-not-delegate': () => 'its author is not a delegate of that circle',
	'fed-not-participant': () => 'that circle does not take part in this federation',
	'fed-already-joined': () => 'that circle already takes part in this federation',
	'fed-withdrawn': () => 'that circle has withdrawn from this federation',
	'fed-after-withdrawal': () =>
		'the circle’s withdrawal had not seen it, so it speaks for the circle no more',
	'fed-chain-pending': () =>
		'its author’s previous entry has not arrived yet: it counts once a carry brings that one',
	'fed-chain-broken': () =>
		'it does not follow its author’s previous entry (another number, another author, or an earlier date)',
	'fed-before-genesis': () => 'it came before the federation was founded',
	'fed-genesis-twice': () => 'a federation is founded once',
	'fed-genesis-unbound': () => 'this founding does not match the federation’s id',
	'fed-body': () => 'its body does not read',
	'fed-levy-not-participant': () => 'it asks something of a circle that does not take part',
	'fed-no-proposal': () => 'there is no such proposal in this federation',
	'fed-not-required': () => 'that circle joined after the proposal was made',
	'fed-object-reason': () => 'An objection says why.',
	'fed-proposal-closed': () => 'that proposal no longer waits for answers',
	'fed-unknown-type': () => 'this app does not know this kind of federation entry',
	'fed-link-federation': () => 'a federation’s id is 32 hex characters',
	'fed-link-name': (x) => `Name the federation in at most ${p(x, 'max')} characters.`,
	'fed-link-numbers': () => 'a mandate’s serial and exit number are whole numbers from 1',
	'fed-link-sign': () => 'a signature is 128 hex characters, for a mandate or a federation',
	'fed-link-unknown': () => 'the circle has recorded no such mandate or federation',
	'fed-link-signed': () => 'you have already signed it',
	'fed-file-large': (x) =>
		`This file is too large for a federation file (more than ${p(x, 'max')} characters). Nothing was imported.`,
	'fed-file-corrupt': () =>
		'This file is damaged or is not a federation file: it does not read. Nothing was imported.',
	'fed-file-kind': () => 'This is not a federation file. A circle’s file goes in Sync. Nothing was imported.',
	'fed-file-version': () =>
		'This federation file is from a newer version of Circulate; update the app to read it.',
	'fed-link-carry': () => 'a carry says how many entries came, how many were new, and their digest'
};
