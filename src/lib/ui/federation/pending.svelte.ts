import { fedError } from './words';

/** One action at a time for a federation card or form: `busy` while it runs, the sentence when it is refused. */
export class FedPending {
	busy = $state(false);
	error = $state('');
	done = $state('');

	run = async (f: () => unknown, done?: () => string): Promise<void> => {
		this.busy = true;
		this.error = '';
		this.done = '';
		try {
			await f();
			this.done = done?.() ?? '';
		} catch (err) {
			this.error = fedError(err);
		} finally {
			this.busy = false;
		}
	};
}
