/** The sentences for the core's codes live in src/lib/messages (shared with state and the CLI). */
export * from '$lib/messages';
