/**
 * The protocols book: the templates this circle's ledger carries (its own, published, and those it
 * imported), which proposals adopt one (a charter proposal or a decision that names it), and which
 * other circles are known to use one (reports carried in from their files).
 *
 * Everything is keyed by content (a template's hash, a circle's id), so the same entries in any
 * order give the same book: recording a template twice keeps the first record in the fold's order.
 */
import { reject, type Rejection } from '../host/domain';
import type { CircleId, EntryId, MemberKey, Millis } from '../types';
import type { Template, TemplateHash } from './template';

export interface Recorded {
	hash: TemplateHash;
	template: Template;
	/** Who recorded it and when (the first record in the fold's order). */
	by: MemberKey;
	at: Millis;
	entry: EntryId;
	/** Published by this circle (its own), or carried in from another circle's file or ledger. */
	published: boolean;
}

/** A proposal that, in force, means this circle adopts the template. */
export interface Link {
	proposal: EntryId;
	hash: TemplateHash;
	via: 'charter' | 'decision';
	at: Millis;
}

/** How deep a lineage may go: a walk never follows more parents than this. */
export const LINEAGE_MAX = 64;

export class ProtocolBook {
	readonly templates = new Map<TemplateHash, Recorded>();
	readonly links = new Map<EntryId, Link>();
	/** Other circles known to use a template: hash → circle → when we heard. */
	readonly heard = new Map<TemplateHash, Map<CircleId, Millis>>();

	clone(): ProtocolBook {
		const c = new ProtocolBook();
		for (const [k, v] of this.templates) c.templates.set(k, v);
		for (const [k, v] of this.links) c.links.set(k, v);
		for (const [k, v] of this.heard) c.heard.set(k, new Map(v));
		return c;
	}

	/** How many ancestors `parent` has in this book (0 for an original), or null past the limit. */
	depthOf(parent: TemplateHash | null): number | null {
		let depth = 0;
		let at = parent;
		while (at !== null) {
			const t = this.templates.get(at);
			if (!t) return null;
			if (++depth > LINEAGE_MAX) return null;
			at = t.template.parent;
		}
		return depth;
	}

	record(r: Recorded): Rejection | null {
		if (this.templates.has(r.hash)) return null; // already known: the first record stays
		const parent = r.template.parent;
		// A parent must be here first: lineage is a chain of templates this phone can show and diff,
		// never a hash someone typed (a forged parent is refused, not shown as a relative).
		if (parent !== null && !this.templates.has(parent)) return reject('template-parent-unknown');
		if (this.depthOf(parent) === null) return reject('template-lineage-deep', { max: LINEAGE_MAX });
		this.templates.set(r.hash, r);
		return null;
	}

	link(l: Link): void {
		if (this.templates.has(l.hash) && !this.links.has(l.proposal)) this.links.set(l.proposal, l);
	}

	hear(hash: TemplateHash, circle: CircleId, at: Millis): Rejection | null {
		if (!this.templates.has(hash)) return reject('template-unknown');
		const m = this.heard.get(hash) ?? new Map<CircleId, Millis>();
		if (!m.has(circle)) m.set(circle, at);
		this.heard.set(hash, m);
		return null;
	}
}
