/**
 * Protocols that travel inside federation ledgers (issue 14, item 4), for the Protocols screen:
 * the lineage tree of the templates the circle's own ledger records joined with those the
 * federation ledgers this phone holds record (`protocol.template`, published there by a delegate
 * for their circle), and "used by N circles we know" counting the circles that published a
 * template into a federation beside those the circle heard of and itself when it adopted one.
 * A template found only in a federation shows where it was found; keeping it in the circle (its
 * ancestors first) makes it the circle's to adopt or fork. Pure: the screens pass the views.
 */
import type { FederationState } from '$lib/core/federation';
import type { ProtocolsView, Template, TemplateHash, TemplateView } from '$lib/core/protocols';
import type { CircleId } from '$lib/core/types';

export interface LineageNode extends TemplateView {
	/** Recorded in the circle's own ledger (adoptable), or found only in federation ledgers. */
	recorded: boolean;
	/** The federations (ids) whose ledgers record it, and the circle that published it in each. */
	federations: { federation: string; circle: CircleId }[];
}

/** The circle's templates and the federations' as one lineage, parents before children. */
export const lineage = (
	view: ProtocolsView,
	feds: readonly FederationState[],
	self: CircleId
): LineageNode[] => {
	const nodes = new Map<TemplateHash, LineageNode>();
	for (const t of view.templates) nodes.set(t.hash, { ...t, children: [], recorded: true, federations: [] });
	for (const f of feds)
		for (const ft of [...f.templates.values()].sort((a, b) => a.at - b.at || (a.hash < b.hash ? -1 : 1))) {
			const n = nodes.get(ft.hash);
			if (n) {
				n.federations.push({ federation: f.id, circle: ft.circle });
				continue;
			}
			nodes.set(ft.hash, {
				hash: ft.hash,
				template: ft.template,
				by: '' as TemplateView['by'],
				at: ft.at,
				published: false,
				parent: ft.template.parent,
				children: [],
				depth: 0,
				adoptedAt: null,
				heardFrom: [],
				usedBy: 0,
				recorded: false,
				federations: [{ federation: f.id, circle: ft.circle }]
			});
		}
	for (const n of nodes.values()) {
		// Depth through the joined set (a federation's fold records a fork's parent first).
		let d = 0;
		for (let p = n.parent; p !== null && d <= 64; p = nodes.get(p)?.parent ?? null) {
			if (!nodes.has(p)) break;
			d++;
		}
		n.depth = d;
		if (n.parent !== null) nodes.get(n.parent)?.children.push(n.hash);
		const users = new Set<string>(n.heardFrom);
		for (const x of n.federations) if (x.circle !== self) users.add(x.circle);
		n.usedBy = users.size + (n.adoptedAt !== null ? 1 : 0);
	}
	for (const n of nodes.values()) n.children.sort();
	return [...nodes.values()].sort((a, b) => a.depth - b.depth || a.at - b.at || (a.hash < b.hash ? -1 : 1));
};

/** `hash` and its ancestors the joined set knows, oldest first (what keeping or publishing it carries). */
export const chainOf = (nodes: ReadonlyMap<TemplateHash, LineageNode>, hash: TemplateHash): LineageNode[] => {
	const out: LineageNode[] = [];
	for (let at: TemplateHash | null = hash; at !== null && out.length <= 64;) {
		const n = nodes.get(at);
		if (!n) break;
		out.unshift(n);
		at = n.parent;
	}
	return out;
};

/** The templates of a chain, as a protocol file's list (what the circle's import records). */
export const templatesOf = (chain: readonly LineageNode[]): Template[] => chain.map((n) => n.template);
