// .svelte files not converted to the message files yet (issue 11). The list only shrinks: the
// literal-text test fails for a listed file that is already clean. Other screens are being changed by
// other work this session (meeting, charter, mandates, now, calendar, sync, pair audit, mentorship).
export const NOT_YET: string[] = [];
