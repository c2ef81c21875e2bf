/**
 * The next charter's prose, drafted together: a Y.Text in the circle's doc, so every phone
 * that syncs sees the same draft and concurrent edits merge. "Propose" (intents/charter.ts)
 * freezes it into a signed entry; until then it is only a shared draft, never in the ledger.
 */
import type * as Y from 'yjs';
import { charterDraftOf } from '$lib/sync/circle-doc';

export class CharterDraft {
	constructor(private readonly doc: Y.Doc) {}

	get text(): string {
		return charterDraftOf(this.doc).toString();
	}

	/** Follows changes to the shared draft; returns the unsubscribe function. */
	onChange(listener: (text: string) => void): () => void {
		const text = charterDraftOf(this.doc);
		const handler = () => listener(text.toString());
		text.observe(handler);
		return () => text.unobserve(handler);
	}

	/** Replaces the draft with `next`, as the smallest edit (so concurrent edits elsewhere merge). */
	set(next: string): void {
		const text = charterDraftOf(this.doc);
		const prev = text.toString();
		if (prev === next) return;
		let a = 0;
		while (a < prev.length && a < next.length && prev[a] === next[a]) a++;
		let b = 0;
		while (
			b < prev.length - a &&
			b < next.length - a &&
			prev[prev.length - 1 - b] === next[next.length - 1 - b]
		)
			b++;
		this.doc.transact(() => {
			if (prev.length - a - b > 0) text.delete(a, prev.length - a - b);
			if (next.length - a - b > 0) text.insert(a, next.slice(a, next.length - b));
		});
	}
}
