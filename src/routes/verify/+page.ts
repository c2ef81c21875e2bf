import { loadRest } from '$lib/i18n/load';

/** Checking a record uses the rest of the language's messages (src/lib/i18n/load.ts). */
export const load = async (): Promise<void> => {
	await loadRest();
};
