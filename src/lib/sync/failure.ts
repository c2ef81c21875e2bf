/**
 * A failure the sync layer reports, as a code with parameters (STYLE.md: "a rule's outcome is a
 * code with parameters; the sentence a person reads is in the UI's messages"). The sync layer
 * words nothing: its errors carry `rejection` ({ code, params }, the shape the core's refusals
 * have), and src/lib/messages words them in the member's language (`rule_<code>`, errorText). So
 * that an error's `message` reads too (a log, a test), the messages module lends its wording
 * here once it loads (wordFailuresWith); until then a message is its code.
 */
import type { Rejection } from '$lib/core/host/domain';

export type Failure = Rejection;

let word: (f: Failure) => string = (f) => f.code;

/** How failures read (src/lib/messages installs ruleText). */
export const wordFailuresWith = (fn: (f: Failure) => string): void => {
	word = fn;
};

/** A failure as the member reads it (its code until the messages load). */
export const worded = (f: Failure): string => word(f);

/** An error that is a code with parameters; its message is worded when read. */
export class CodedError extends Error {
	readonly rejection: Failure;
	constructor(code: string, params?: Failure['params']) {
		super();
		this.rejection = params ? { code, params } : { code };
		this.name = new.target.name;
		Object.defineProperty(this, 'message', { get: () => word(this.rejection), configurable: true });
	}
}
