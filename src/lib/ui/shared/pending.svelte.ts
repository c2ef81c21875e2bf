import { errorText } from './dates';

/**
 * One async action at a time for a card or form: `busy` while it runs, `error` holds the
 * message when it throws. Shared by the governance cards and screens.
 */
export class Pending {
	busy = $state(false);
	error = $state('');

	/** Runs `f`; on success runs `then` before `busy` clears. Errors are shown, never thrown. */
	run = async (f: () => Promise<unknown>, then?: () => void): Promise<void> => {
		this.busy = true;
		this.error = '';
		try {
			await f();
			then?.();
		} catch (err) {
			this.error = errorText(err);
		} finally {
			this.busy = false;
		}
	};
}

/**
 * A reason form's action (an objection, a recall vote): `open` while the form shows, the
 * `reason` typed into it; when an action succeeds the form closes and the reason is cleared.
 */
export class ReasonAction extends Pending {
	open = $state(false);
	reason = $state('');

	act = (f: () => Promise<unknown>): Promise<void> =>
		this.run(f, () => {
			this.open = false;
			this.reason = '';
		});
}
