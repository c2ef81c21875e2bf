// Calls `window.__circulate` (src/lib/state/test-hook.ts) in a page. The app installs the hook
// once it has started, a moment after every navigation, so each call first waits for it: a
// call right after `page.goto` otherwise finds no hook (seen once in CI).
import type { Page } from 'playwright-core';

export const callHook = async <T>(page: Page, fn: string, ...args: unknown[]): Promise<T> => {
	await page.waitForFunction(() => '__circulate' in window);
	return (await page.evaluate(
		async ([fn, args]) =>
			(window as unknown as { __circulate: Record<string, (...a: unknown[]) => Promise<unknown>> })
				.__circulate[fn as string]!(...(args as unknown[])),
		[fn, args] as const
	)) as T;
};
