/** Shared by the credit tests: a circle's credit view (forks marked) and a charter with an economy. */
import * as credit from '$lib/core/credit';
import { credit as domain } from '$lib/core/domains';
import { defaultCharter } from '$lib/core/charter/content';
import { proposalBody, ratifyBody, consentBody, PROPOSE, CONSENT, RATIFY } from '$lib/core/charter/domain';
import type { Circle } from '$lib/core/circle';
import type { Entry, Millis } from '$lib/core/types';
import { HOUR, Scenario } from '../scenario';

/** The credit view as the app shows it: the domain's view with forked accounts flagged. */
export const creditOf = (c: Circle, now: Millis): credit.CreditView =>
	credit.markForks(c.view<credit.CreditView>(domain, now), c.ledger.forks);

export const viewOf = (s: Scenario, now: Millis, entries: readonly Entry[] = s.entries): credit.CreditView =>
	creditOf(s.open(entries), now);

/** Ratifies a charter with an economy section, every named member consenting. */
export const ratifyEconomy = (
	s: Scenario,
	at: Millis,
	economy: Record<string, unknown>,
	names: string[]
): void => {
	const content = { ...defaultCharter(), economy } as ReturnType<typeof defaultCharter>;
	const p = s.write(names[0]!, at, PROPOSE, proposalBody(content, 'With an economy.'));
	const pid = s.id(p);
	names.slice(1).forEach((n, i) => s.write(n, at + (i + 1) * 60_000, CONSENT, consentBody(pid)));
	const proposal = s
		.open()
		.state(at + HOUR)
		.charter.proposals.find((x) => x.id === pid)!;
	s.write(names[0]!, at + HOUR, RATIFY, ratifyBody(proposal));
};
