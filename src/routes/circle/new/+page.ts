import { loadRest } from '$lib/i18n/load';

/** Only Home renders with the first part of the messages; this screen waits for the rest (load.ts). */
export const load = async (): Promise<void> => {
	await loadRest();
};
