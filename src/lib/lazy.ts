/**
 * A part of the app fetched once, whoever asks first (the circle machinery, a language's rest):
 * every caller shares the one fetch; a failed fetch (an update half installed, one bar dropping)
 * is forgotten, so the next caller tries again instead of inheriting the failure for ever.
 */
export const lazy = <T>(load: () => Promise<T>): (() => Promise<T>) => {
	let pending: Promise<T> | null = null;
	return () =>
		(pending ??= load().catch((err: unknown) => {
			pending = null;
			throw err;
		}));
};
