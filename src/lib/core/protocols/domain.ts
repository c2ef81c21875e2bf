/**
 * The protocols domain: templates that travel between circles (DESIGN.md §13, issue 14 item 4).
 * docs/protocol/protocols.md.
 *
 *   protocol.template {template, published}   any member records a template: this circle's own
 *                                              (published) or one carried in from another circle
 *   protocol.heard    {circle, template}       any member records that another circle uses a
 *                                              template (a report carried in with its file)
 *
 * Adopting is a decision of the circle, through the machinery that already exists: a charter
 * proposal (`charter.propose`) or a general decision (`decision.propose`) whose body names the
 * template (`protocol: <hash>`, a field those domains keep, hash and ignore). This domain observes
 * them, and the template counts as adopted when, and only when, that proposal comes into force.
 * The body this domain keeps is generic (a template and nothing of the circle's), so a federation
 * ledger can carry the same entry type.
 */
import { membership } from '../membership/domain';
import { spanAround } from '../membership/view';
import { charter } from '../charter/domain';
import { PROPOSE as CHARTER_PROPOSE } from '../charter/content';
import type { CharterStatus } from '../charter/book';
import { decision, PROPOSE as DECISION_PROPOSE } from '../decision/domain';
import type { DecisionView } from '../decision/book';
import { bad, isObject, kind, ok, refuse, type Decoded, type Domain } from '../host/domain';
import type { CircleId, MemberKey, Millis } from '../types';
import { ProtocolBook, type Link } from './book';
import { checkTemplate, hashTemplate, namesIn, type Template, type TemplateHash } from './template';

export const TEMPLATE = 'protocol.template';
export const HEARD = 'protocol.heard';

export type TemplateBody = { template: Template; published: boolean; hash: TemplateHash };
export type HeardBody = { circle: CircleId; template: TemplateHash };

const CIRCLE = /^[0-9a-f]{32}$/;
const HASH = /^[0-9a-f]{64}$/;

const decodeTemplate = (b: { [key: string]: unknown }): Decoded<TemplateBody> => {
	const problem = checkTemplate(b.template);
	if (problem) return { ok: false, rejection: problem };
	if (typeof b.published !== 'boolean') return bad('template-published');
	const template = b.template as Template;
	// Never declared, always computed: a body that claims a hash must claim the true one.
	const hash = hashTemplate(template);
	if ('hash' in b && b.hash !== hash) return bad('hash-mismatch');
	return ok({ template, published: b.published, hash });
};

const decodeHeard = (b: { [key: string]: unknown }): Decoded<HeardBody> => {
	if (typeof b.circle !== 'string' || !CIRCLE.test(b.circle)) return bad('heard-circle');
	if (typeof b.template !== 'string' || !HASH.test(b.template)) return bad('template-unknown');
	return ok({ circle: b.circle as CircleId, template: b.template });
};

/** One template as the screens show it. */
export interface TemplateView {
	hash: TemplateHash;
	template: Template;
	by: MemberKey;
	at: Millis;
	published: boolean;
	/** Its parent's hash when this phone knows the parent (always, by the fold's rule), else null. */
	parent: TemplateHash | null;
	children: TemplateHash[];
	/** Ancestors back to the original (0 for an original). */
	depth: number;
	/** When this circle adopted it (a proposal naming it came into force), else null. */
	adoptedAt: Millis | null;
	/** Other circles known to use it, sorted. */
	heardFrom: CircleId[];
	/** Circles we know use it: this one (if adopted) and every other circle heard of. */
	usedBy: number;
}

export interface ProtocolsView {
	/** Every template, originals first, then by when recorded (hash breaks ties). */
	templates: TemplateView[];
	/** The proposals naming a template that are still open. */
	pending: Link[];
}

/** When each linked proposal came into force, from the charter's and the decisions' own views. */
const adoptions = (
	links: Iterable<Link>,
	status: CharterStatus,
	decisions: DecisionView[]
): { inForce: Map<string, Millis>; pending: Link[] } => {
	const inForce = new Map<string, Millis>();
	const pending: Link[] = [];
	const versions = new Map(status.versions.map((v) => [v.proposal as string, v.ratifiedAt]));
	const decided = new Map(decisions.map((d) => [d.id as string, d]));
	for (const l of links) {
		let at: Millis | null = null;
		let open = false;
		if (l.via === 'charter') {
			at = versions.get(l.proposal) ?? null;
			open = at === null && status.proposals.some((p) => p.id === l.proposal && p.status === 'open');
		} else {
			const d = decided.get(l.proposal);
			if (d?.status === 'in-force') at = d.inForceAt ?? d.at;
			else open = d?.status === 'open';
		}
		if (at !== null) {
			const before = inForce.get(l.hash);
			if (before === undefined || at < before) inForce.set(l.hash, at);
		} else if (open) pending.push(l);
	}
	return { inForce, pending };
};

export const protocols: Domain<ProtocolBook, ProtocolsView> = {
	name: 'protocols',
	version: 1,
	reads: [membership, charter, decision],
	init: () => new ProtocolBook(),
	clone: (book) => book.clone(),
	kinds: [
		kind({
			type: TEMPLATE,
			decode: decodeTemplate,
			apply: (book, e, ctx) => {
				// A template never carries the name of anyone who is or was in this circle.
				const names = [...ctx.members.members.values()].map((m) => m.name);
				if (namesIn(e.body.template, names).length) return { code: 'template-names-member' };
				return book.record({
					hash: e.body.hash,
					template: e.body.template,
					by: e.author,
					at: e.at,
					entry: e.id,
					published: e.body.published
				});
			}
		}),
		kind({
			type: HEARD,
			decode: decodeHeard,
			apply: (book, e, ctx) =>
				e.body.circle === ctx.circle
					? { code: 'heard-own-circle' }
					: book.hear(e.body.template, e.body.circle, e.at)
		})
	],
	observes: [CHARTER_PROPOSE, DECISION_PROPOSE],
	observe: (book, entry, id) => {
		const body = entry.body;
		if (!isObject(body) || typeof body.protocol !== 'string') return;
		book.link({
			proposal: id,
			hash: body.protocol,
			via: entry.type === CHARTER_PROPOSE ? 'charter' : 'decision',
			at: entry.hlc[0]
		});
	},
	view: (book, now, ctx) => {
		const { inForce, pending } = adoptions(
			book.links.values(),
			ctx.view(charter, now),
			ctx.view(decision, now)
		);
		const children = new Map<TemplateHash, TemplateHash[]>();
		for (const t of book.templates.values())
			if (t.template.parent !== null) {
				const list = children.get(t.template.parent) ?? [];
				list.push(t.hash);
				children.set(t.template.parent, list);
			}
		const templates: TemplateView[] = [...book.templates.values()].map((t) => {
			const heardFrom = [...(book.heard.get(t.hash)?.keys() ?? [])].sort();
			const adoptedAt = inForce.get(t.hash) ?? null;
			return {
				hash: t.hash,
				template: t.template,
				by: t.by,
				at: t.at,
				published: t.published,
				parent: t.template.parent,
				children: (children.get(t.hash) ?? []).sort(),
				depth: book.depthOf(t.template.parent) ?? 0,
				adoptedAt,
				heardFrom,
				usedBy: heardFrom.length + (adoptedAt !== null ? 1 : 0)
			};
		});
		templates.sort((a, b) => a.depth - b.depth || a.at - b.at || (a.hash < b.hash ? -1 : 1));
		// It changes when a charter version or a decision comes into force: the times those views turn at.
		const times: number[] = [...ctx.book(charter).times()];
		for (const d of ctx.book(decision).decisions.values()) times.push(d.round.windowEndsAt, d.inForceAt ?? 0);
		return {
			value: {
				templates,
				pending: pending.sort((a, b) => a.at - b.at || (a.proposal < b.proposal ? -1 : 1))
			},
			...spanAround(ctx.members, now, times)
		};
	}
};

// ---- builders ----

export const templateBody = (template: Template, published: boolean) => {
	const problem = checkTemplate(template);
	if (problem) refuse(problem.code, problem.params);
	return { template, published };
};

export const heardBody = (circle: CircleId, template: TemplateHash) => ({ circle, template });
