/**
 * A book whose state is one map of records by entry id, rewound cheaply: every replacement is
 * journaled, a checkpoint is the journal's length, and a rewind undoes back to it, so the map is
 * never copied at a checkpoint. Records are replaced, never edited in place. The journal is a
 * private field: not part of the book's state, no law compares it. Shared by the books of
 * reciprocity and the scorecard, which kept the same journal each.
 */
import type { EntryId } from '../types';

export abstract class JournaledRecords<V extends { id: EntryId }> {
	records = new Map<EntryId, V>();
	#journal: [EntryId, V | undefined][] = [];

	snapshot(): number {
		return this.#journal.length;
	}

	rewind(to: number): this {
		while (this.#journal.length > to) {
			const [id, was] = this.#journal.pop()!;
			if (was) this.records.set(id, was);
			else this.records.delete(id);
		}
		return this;
	}

	/** Sets a record, remembering what it replaced (or that there was none). */
	protected put(r: V): void {
		this.#journal.push([r.id, this.records.get(r.id)]);
		this.records.set(r.id, r);
	}

	/** `into` with a copy of the records (and a journal of its own, empty): for `clone`. */
	protected copyInto<B extends JournaledRecords<V>>(into: B): B {
		into.records = new Map(this.records);
		return into;
	}
}
