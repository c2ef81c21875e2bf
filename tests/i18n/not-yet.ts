// .svelte files not converted to the message files yet (issue 11). The list only shrinks: the
// literal-text test fails for a listed file that is already clean. Other screens are being changed by
// other work this session (meeting, charter, mandates, now, calendar, sync, pair audit, mentorship).
export const NOT_YET: string[] = [
	'src/lib/ui/charter/CharterBanner.svelte',
	'src/lib/ui/charter/CharterDraft.svelte',
	'src/lib/ui/charter/CharterScreen.svelte',
	'src/lib/ui/charter/CharterSummary.svelte',
	'src/lib/ui/charter/ProposalCard.svelte',
	'src/lib/ui/charter/VersionCompare.svelte',
	'src/lib/ui/meeting/MeetingScreen.svelte',
	'src/lib/ui/meeting/MeetingSummary.svelte',
	'src/lib/ui/proposal/DecisionsScreen.svelte',
	'src/routes/circle/[id]/charter/+page.svelte',
	'src/routes/circle/[id]/decisions/+page.svelte'
];
