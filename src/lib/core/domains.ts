/**
 * THE list of domains, in the order they fold. Adding a domain touches this list only (and
 * its own folder, protocol file and law-suite run). A domain reads only those before it;
 * the registry checks that, and refuses an entry type claimed twice.
 */
import { createRegistry } from './host/registry';
import { membership } from './membership/domain';
import { charter } from './charter/domain';
import { reset } from './reset/domain';
import { seeds } from './seeds/domain';
import { meeting } from './meeting/domain';
import { rotation } from './rotation/domain';
import { mandates } from './mandates/domain';
import { decision } from './decision/domain';
import { discussion } from './discussion/domain';
import { settings } from './settings/domain';
import { credit } from './credit/domain';
import { library } from './library/domain';
import { reciprocity } from './reciprocity/domain';
import { scorecard } from './scorecard/domain';
import { witness } from './witness/domain';
import { pairaudit } from './pairaudit/domain';
import { mentorship } from './mentorship/domain';
import { rituals } from './rituals/domain';
import { protocols } from './protocols/domain';
import { federation } from './federation/domain';

export const DOMAINS = [
	membership,
	charter,
	reset,
	seeds,
	meeting,
	rotation,
	mandates,
	decision,
	discussion,
	settings,
	credit,
	library,
	reciprocity,
	scorecard,
	pairaudit,
	mentorship,
	witness,
	rituals,
	protocols,
	federation
] as const;

export const registry = createRegistry(DOMAINS);

export {
	membership,
	charter,
	reset,
	seeds,
	meeting,
	rotation,
	mandates,
	decision,
	discussion,
	settings,
	credit,
	library,
	reciprocity,
	scorecard,
	pairaudit,
	mentorship,
	witness,
	rituals,
	protocols,
	federation
};
