/**
 * Every domain's intents in one typed map, bound to a circle's signer: the screens call
 * `circle.intents.charter.consent(id)`, `circle.intents.rotation.stepDown(role, term, note)`.
 * Each intent checks what a person could get wrong (with the sentence they read), builds the
 * body with its domain's builder, signs it and resolves to the id of the entry it wrote.
 * A new domain adds its module here (Actual's feature folders with one combined intent map).
 */
import * as charter from './charter';
import * as credit from './credit';
import * as decision from './decision';
import * as discussion from './discussion';
import * as federation from './federation';
import * as library from './library';
import * as mandates from './mandates';
import * as meeting from './meeting';
import * as mentorship from './mentorship';
import * as pairaudit from './pairaudit';
import * as protocols from './protocols';
import * as reciprocity from './reciprocity';
import * as reset from './reset';
import * as rituals from './rituals';
import * as rotation from './rotation';
import * as scorecard from './scorecard';
import * as seeds from './seeds';
import * as settings from './settings';
import type { Signer } from './signer';

export { signerFor, type Signer, type SignerDeps } from './signer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Intent = (s: Signer, ...args: any[]) => unknown;
type Bound<M> = {
	[K in keyof M]: M[K] extends (s: Signer, ...args: infer A) => infer R ? (...args: A) => R : never;
};

const bind = <M extends Record<string, Intent>>(intents: M, s: Signer): Bound<M> =>
	Object.fromEntries(
		Object.entries(intents).map(([name, intent]) => [name, (...args: unknown[]) => intent(s, ...args)])
	) as Bound<M>;

export const INTENTS = {
	charter: charter.intents,
	rotation: rotation.intents,
	mandates: mandates.intents,
	decision: decision.intents,
	discussion: discussion.intents,
	reset: reset.intents,
	seeds: seeds.intents,
	settings: settings.intents,
	credit: credit.intents,
	library: library.intents,
	meeting: meeting.intents,
	reciprocity: reciprocity.intents,
	scorecard: scorecard.intents,
	pairaudit: pairaudit.intents,
	mentorship: mentorship.intents,
	rituals: rituals.intents,
	federation: federation.intents,
	protocols: protocols.intents
};

export type Intents = { [D in keyof typeof INTENTS]: Bound<(typeof INTENTS)[D]> };

/** The intents of every domain, writing as this device through `s`. */
export const intentsFor = (s: Signer): Intents =>
	Object.fromEntries(Object.entries(INTENTS).map(([d, m]) => [d, bind(m, s)])) as Intents;
