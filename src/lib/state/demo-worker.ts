/**
 * Builds the demo circle off the page's thread: a year of signed history takes over a second
 * of CPU on a phone, which on the main thread would freeze the screen (issue 13). Asked with
 * `{ now, seed }`, answers `{ demo }` or `{ error }`.
 */
import { builtDemo } from './demo-build';

const scope = self as unknown as Worker;

scope.onmessage = (event: MessageEvent<{ now: number; seed: string }>) => {
	try {
		scope.postMessage({ demo: builtDemo(event.data.now, event.data.seed) });
	} catch (err) {
		scope.postMessage({ error: err instanceof Error ? err.message : String(err) });
	}
};
