import { loadRest } from '$lib/i18n/load';
import { app } from '$lib/state/app.svelte';

/**
 * The circle's screens wait for what opens a circle (the core, Yjs, signing) and for the rest of the
 * language's messages: neither comes with the first screen (README: first load).
 */
export const load = async (): Promise<void> => {
	await Promise.all([loadRest(), app.openCircles()]);
};
