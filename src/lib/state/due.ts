/**
 * What the due list (needs.ts) reads beyond the governance: the circle's offset (its days), the
 * library (loans due and overdue) and the rituals, each the core's view at the same `now`.
 */
import type { Circle, GovernanceState } from '$lib/core/circle';
import { offsetOf } from '$lib/core/charter/content';
import { decision, library, mentorship, pairaudit, rituals } from '$lib/core/domains';
import type { DecisionView } from '$lib/core/decision/book';
import type { LibraryView } from '$lib/core/library/view';
import type { Ritual } from '$lib/core/rituals/domain';
import type { DueContext } from './needs';
import type { PairAuditView } from '$lib/core/pairaudit/domain';
import type { MentorshipView } from '$lib/core/mentorship/domain';

export const dueContext = (book: Circle, s: GovernanceState): DueContext => ({
	off: offsetOf(s.charter.inForce),
	library: book.view<LibraryView>(library, s.now),
	rituals: book.view<Ritual[]>(rituals, s.now),
	pairAudit: book.view<PairAuditView>(pairaudit, s.now),
	mentorship: book.view<MentorshipView>(mentorship, s.now),
	decisions: book.view<DecisionView[]>(decision, s.now)
});
