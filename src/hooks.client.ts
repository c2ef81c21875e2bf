import { startI18n } from '$lib/i18n/load';

/** Before the app mounts: the member's language is loaded, so every screen renders in it. */
export const init = async (): Promise<void> => {
	await startI18n();
};
