/**
 * Where focus goes when a screen changes under the person: after a navigation, to the page's
 * heading; after a submit, to the heading of what replaced the form or to the status message
 * it left. A keyboard or screen-reader user then starts reading where the change is, instead
 * of at a button that has gone (focus falls back to <body>).
 */

/** Focuses the element with this id (made focusable if it is not); false when it is not there. */
export const focusHeading = (id: string, doc: Document = document): boolean => {
	const el = doc.getElementById(id);
	if (!el) return false;
	if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
	el.focus({ preventScroll: false });
	return doc.activeElement === el;
};

/**
 * The element to focus after a navigation inside `root`: the first level-one heading, else the
 * first level-two heading (a circle's inner screens title their content with h2 under a shared
 * h1), else null.
 */
export const pageHeading = (root: ParentNode): HTMLElement | null =>
	root.querySelector<HTMLElement>('h1') ?? root.querySelector<HTMLElement>('h2');

/** Moves focus to the page's heading (see pageHeading) unless focus is already inside `main`. */
export const focusPage = (main: HTMLElement | null): HTMLElement | null => {
	if (!main) return null;
	const heading = pageHeading(main);
	if (!heading) return null;
	if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
	heading.focus();
	return heading;
};

const focusable = (el: HTMLElement): HTMLElement => {
	if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
	el.focus();
	return el;
};

/**
 * After navigation: focus the new page's heading once it is there (a circle's screens render
 * a moment after the route changes while the ledger opens). Gives up after `waitMs`.
 */
export const focusPageSoon = (main: HTMLElement | null, waitMs = 1500): Promise<HTMLElement | null> =>
	new Promise((resolve) => {
		const start = Date.now();
		const attempt = () => {
			const heading = main ? pageHeading(main) : null;
			if (heading) return resolve(focusable(heading));
			if (Date.now() - start > waitMs) return resolve(null);
			setTimeout(attempt, 50);
		};
		attempt();
	});

const STATUS = '[role="status"],[role="alert"]';

/**
 * After a form is submitted inside `root`: when a status or alert message appears (what the
 * submit did, or why it did not), focus it, so a keyboard or screen-reader user is told and
 * starts from there. Stops at the first message, after `waitMs`, or when `cancel` is called
 * (a navigation: the new page's heading takes focus instead). Returns the stop function.
 */
export const followSubmits = (
	root: HTMLElement,
	waitMs = 10_000
): { stop: () => void; cancel: () => void } => {
	let pending: (() => void) | null = null;
	const cancel = () => {
		pending?.();
		pending = null;
	};
	const onSubmit = () => {
		cancel();
		const before = new Set(root.querySelectorAll(STATUS));
		const observer = new MutationObserver(() => {
			const found = [...root.querySelectorAll<HTMLElement>(STATUS)].find(
				(el) => !before.has(el) && el.textContent?.trim() && el.getClientRects().length
			);
			if (!found) return;
			cancel();
			focusable(found);
		});
		observer.observe(root, { childList: true, subtree: true, characterData: true });
		const timer = setTimeout(cancel, waitMs);
		pending = () => {
			observer.disconnect();
			clearTimeout(timer);
		};
	};
	root.addEventListener('submit', onSubmit, true);
	return {
		cancel,
		stop: () => {
			cancel();
			root.removeEventListener('submit', onSubmit, true);
		}
	};
};
