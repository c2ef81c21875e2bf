// Every page of every end-to-end test is watched: an uncaught error in the page or a console
// error fails the test that was running, with the error's text. launchBrowser (browser.ts)
// watches every context the browser opens, and so every page in it (new tabs included);
// tests/e2e/support/setup.ts checks after each test. A test that provokes an error on purpose
// (a damaged file, a full disk) says which message it expects with allowPageErrors.
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';

export interface PageProblem {
	kind: 'pageerror' | 'console.error';
	text: string;
	/** Where: the page's URL, and the script position for console messages. */
	where: string;
}

interface Registry {
	problems: PageProblem[];
	allowed: (string | RegExp)[];
	watched: WeakSet<Page>;
}

// One registry per worker, whichever copy of this module a file or the setup file imported.
const registry: Registry = ((globalThis as { [key: symbol]: Registry })[
	Symbol.for('circulate.page-errors')
] ??= { problems: [], allowed: [], watched: new WeakSet() });

/** A problem as one line, `<where>: <text>`, which the allow-list is matched against. */
const line = (p: PageProblem): string => `${p.where}: ${p.text}`;

const isAllowed = (p: PageProblem): boolean =>
	registry.allowed.some((a) => (typeof a === 'string' ? line(p).includes(a) : a.test(line(p))));

const record = (problem: PageProblem): void => void registry.problems.push(problem);

/** Records the page's uncaught errors and console errors from now on. */
export function watchPage(page: Page): void {
	if (registry.watched.has(page)) return;
	registry.watched.add(page);
	page.on('pageerror', (error) =>
		record({ kind: 'pageerror', text: error.stack || error.message, where: page.url() })
	);
	page.on('console', (message: ConsoleMessage) => {
		if (message.type() !== 'error') return;
		const at = message.location();
		record({
			kind: 'console.error',
			text: message.text(),
			where: at.url ? `${at.url}:${at.lineNumber}:${at.columnNumber}` : page.url()
		});
	});
}

/** Watches every page the context has and will open. */
export function watchContext(context: BrowserContext): void {
	for (const page of context.pages()) watchPage(page);
	context.on('page', watchPage);
}

/**
 * For the current test only: page errors and console errors that contain `expected` (or match
 * it) are expected, and do not fail it. Each is matched against `<where>: <text>`, where is the
 * page or the resource, so a failed load can be named with its URL:
 * `allowPageErrors(/\/robots\.txt: Failed to load resource: net::ERR_FAILED$/)`. Keep them narrow: the
 * exact message the test provokes.
 */
export function allowPageErrors(...expected: (string | RegExp)[]): void {
	registry.allowed.push(...expected);
}

/** The problems recorded since the last check that were not allowed; all are then forgotten. */
export function takePageProblems(): PageProblem[] {
	return registry.problems.splice(0).filter((p) => !isAllowed(p));
}

/** Throws, listing them, when any page had an error that was not allowed; then starts afresh. */
export function failOnPageProblems(when = 'during this test'): void {
	const problems = takePageProblems();
	registry.allowed = [];
	if (problems.length === 0) return;
	const lines = problems.map((p) => `- ${p.kind} at ${p.where}:\n    ${p.text.replace(/\n/g, '\n    ')}`);
	throw new Error(
		`${problems.length} uncaught page error${problems.length === 1 ? '' : 's'} or console error${
			problems.length === 1 ? '' : 's'
		} ${when}:\n${lines.join('\n')}\n(If the test provokes this on purpose, allow that exact message with allowPageErrors.)`
	);
}
