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
