/**
 * What a person does with the federations this phone holds (issue 14, items 1–3), over
 * FederationDocs: found one with the founding circle's certificate, join with a certificate,
 * carry a newer one, propose and answer decisions among circles, withdraw by the delegate or by
 * the members' exit notice, and remember what was carried. Every write is folded first with the
 * entries held: an entry the federation's rules would refuse is never kept, and the refusal's
 * code is thrown (a RuleError the screen words). Pure of Svelte: the screen's reactive layer is
 * federation.svelte.ts; this module is tested with a Map for storage.
 */
import { bytesToHex } from '$lib/core/bytes';
import { entryId } from '$lib/core/entry';
import { reject, RuleError } from '$lib/core/host/domain';
import {
	FED_ANSWER,
	FED_CERTIFY,
	FED_GENESIS,
	FED_JOIN,
	FED_PROPOSE,
	FED_TEMPLATE,
	FED_WITHDRAW,
	carrySummary,
	federationIdFor,
	foldFederation,
	type Answer,
	type Certificate,
	type ExitNotice,
	type FederationId,
	type FederationState
} from '$lib/core/federation';
import type { Json } from '$lib/core/canonical';
import { hashTemplate, templateBody, type Template } from '$lib/core/protocols';
import type { CircleId, Entry, EntryId, MemberKey, Millis } from '$lib/core/types';
import { FederationDocs, PREFIX, type KeyValue, type Writer } from './federation-docs';

/** The longest name a founding or a join carries for its circle and delegate (display only). */
export const LABEL_MAX = 120;

/** What a founder chose before the circle signed: kept on the founder's phone until the founding. */
export interface FoundingDraft {
	seed: string;
	purpose: string;
	consentDays: number;
	termDays: number;
}

const label = (s: string): string => s.trim().slice(0, LABEL_MAX);

export class FederationPhone {
	readonly docs: FederationDocs;

	constructor(private readonly store: KeyValue) {
		this.docs = new FederationDocs(store);
	}

	/**
	 * A new federation's id for `founder` (who will be the founding circle's delegate) and its seed,
	 * remembered with the purpose and charter until the circle's certificate is ready.
	 */
	draftFounding(
		founder: MemberKey,
		draft: Omit<FoundingDraft, 'seed'>,
		random: (n: number) => Uint8Array
	): FederationId {
		if (!draft.purpose.trim() || draft.purpose.trim().length > 280) throw new RuleError(reject('fed-body'));
		if (!(draft.consentDays >= 1 && draft.consentDays <= 365)) throw new RuleError(reject('fed-body'));
		if (!(draft.termDays >= 1 && draft.termDays <= 3650)) throw new RuleError(reject('fed-body'));
		const seed = bytesToHex(random(32));
		const id = federationIdFor(founder, seed);
		this.store.setItem(
			`${PREFIX}draft:${id}`,
			JSON.stringify({ ...draft, purpose: draft.purpose.trim(), seed })
		);
		return id;
	}

	/** The founding this phone prepared for `federation`, if any. */
	draft(federation: string): FoundingDraft | null {
		try {
			const d = JSON.parse(
				this.store.getItem(`${PREFIX}draft:${federation}`) ?? 'null'
			) as FoundingDraft | null;
			return d && typeof d.seed === 'string' ? d : null;
		} catch {
			return null;
		}
	}

	/** Writes `type` with `body` if the federation's fold accepts it; throws the refusal's code otherwise. */
	private act(
		federation: FederationId,
		writer: Writer,
		type: string,
		body: { [key: string]: Json },
		now: Millis
	): Entry {
		const e = this.docs.write(federation, writer, type, body, now, (entries) => {
			const id = entryId(entries[entries.length - 1]!);
			const s = foldFederation(federation, entries);
			const refused = s.refused.find((r) => r.id === id);
			if (refused) return refused.rejection;
			if (type === FED_GENESIS && s.genesis?.id !== id) return reject('fed-genesis-twice');
			return null;
		});
		return e;
	}

	/** Founds the federation the certificate names, as its delegate (the founder of the draft). */
	found(
		cert: Certificate,
		writer: Writer,
		names: { name: string; circle: string; delegate: string },
		now: Millis
	) {
		const federation = cert.mandate.federation as FederationId;
		const draft = this.draft(federation);
		if (!draft || federationIdFor(writer.key, draft.seed) !== federation)
			throw new RuleError(reject('fed-genesis-unbound'));
		return this.act(
			federation,
			writer,
			FED_GENESIS,
			{
				name: label(names.name),
				purpose: draft.purpose,
				seed: draft.seed,
				consentDays: draft.consentDays,
				termDays: draft.termDays,
				cert,
				circleName: label(names.circle),
				delegateName: label(names.delegate)
			},
			now
		);
	}

	/** Brings a circle in with its first certificate (carried by the delegate it names). */
	join(cert: Certificate, writer: Writer, names: { circle: string; delegate: string }, now: Millis) {
		return this.act(
			cert.mandate.federation as FederationId,
			writer,
			FED_JOIN,
			{ cert, circleName: label(names.circle), delegateName: label(names.delegate) },
			now
		);
	}

	/** A newer certificate for a circle that takes part (another delegate, issue or roster). */
	certify(cert: Certificate, writer: Writer, names: { delegate: string }, now: Millis) {
		return this.act(
			cert.mandate.federation as FederationId,
			writer,
			FED_CERTIFY,
			{ cert, delegateName: label(names.delegate) },
			now
		);
	}

	propose(
		federation: FederationId,
		writer: Writer,
		p: { circle: CircleId; issue: string; title: string; text: string },
		now: Millis
	) {
		if (!p.title.trim()) throw new RuleError(reject('fed-body'));
		return this.act(
			federation,
			writer,
			FED_PROPOSE,
			{ circle: p.circle, issue: p.issue, title: p.title.trim(), text: p.text.trim(), levy: [] },
			now
		);
	}

	answer(
		federation: FederationId,
		writer: Writer,
		a: { proposal: EntryId; circle: CircleId; answer: Answer; reason: string },
		now: Millis
	) {
		if (a.answer === 'object' && !a.reason.trim()) throw new RuleError(reject('fed-object-reason'));
		return this.act(
			federation,
			writer,
			FED_ANSWER,
			{ proposal: a.proposal, circle: a.circle, answer: a.answer, reason: a.reason.trim() },
			now
		);
	}

	/**
	 * Relays the circle's decided answer (federation.decide in its own ledger) with its members'
	 * signatures: the federation checks them against the roster it recorded (the relay rule).
	 */
	relay(
		federation: FederationId,
		writer: Writer,
		a: {
			proposal: EntryId;
			circle: CircleId;
			answer: Answer;
			reason: string;
			sigs: { key: string; sig: string }[];
		},
		now: Millis
	) {
		return this.act(
			federation,
			writer,
			FED_ANSWER,
			{
				proposal: a.proposal,
				circle: a.circle,
				answer: a.answer,
				reason: a.reason,
				decision: { sigs: a.sigs.map((x) => ({ key: x.key, sig: x.sig })) }
			},
			now
		);
	}

	/**
	 * Publishes templates into the federation as a delegate of a circle taking part (FED_TEMPLATE,
	 * the circle entry's body unchanged), ancestors first, skipping what the federation already
	 * records. Each is folded first: a refusal is thrown and nothing after it is written.
	 */
	publishTemplates(
		federation: FederationId,
		writer: Writer,
		chain: readonly { template: Template; published: boolean }[],
		now: Millis
	): number {
		let n = 0;
		for (const c of chain) {
			if (this.docs.state(federation).templates.has(hashTemplate(c.template))) continue;
			this.act(federation, writer, FED_TEMPLATE, templateBody(c.template, c.published), now);
			n++;
		}
		return n;
	}

	/** The circle leaves: by its delegate (no notice) or by its members' exit notice (anyone carries it). */
	withdraw(
		federation: FederationId,
		writer: Writer,
		circle: CircleId,
		notice: ExitNotice | null,
		now: Millis
	) {
		return this.act(federation, writer, FED_WITHDRAW, notice ? { circle, notice } : { circle }, now);
	}

	/** The entry ids this phone held at `circle`'s last recorded carry of `federation` (null: none). */
	lastCarried(circle: string, federation: string): Set<string> | null {
		try {
			const raw = JSON.parse(
				this.store.getItem(`${PREFIX}carried:${circle}:${federation}`) ?? 'null'
			) as unknown;
			return Array.isArray(raw) ? new Set(raw.filter((x): x is string => typeof x === 'string')) : null;
		} catch {
			return null;
		}
	}

	/** What changed since the last carry to `circle`, and what a carry now records. */
	sinceCarry(circle: string, federation: FederationId) {
		return carrySummary(this.docs.state(federation), this.lastCarried(circle, federation) ?? new Set());
	}

	/** Remembers what was carried (after the circle's ledger recorded it). */
	noteCarried(circle: string, federation: FederationId, state: FederationState): void {
		this.store.setItem(`${PREFIX}carried:${circle}:${federation}`, JSON.stringify([...state.ids].sort()));
	}

	/** The names foundings and joins carried for circles and delegates (display only; never trusted). */
	names(federation: FederationId, state: FederationState) {
		const refused = new Set(state.refused.map((r) => r.id));
		const circles = new Map<string, string>();
		const delegates = new Map<string, string>();
		for (const e of this.docs.entries(federation)) {
			const id = entryId(e);
			if (refused.has(id) || !state.ids.has(id)) continue;
			if (e.type !== FED_GENESIS && e.type !== FED_JOIN && e.type !== FED_CERTIFY) continue;
			const b = e.body as Record<string, unknown>;
			const cert = b.cert as Certificate | undefined;
			if (!cert?.mandate) continue;
			if (typeof b.circleName === 'string' && b.circleName.trim())
				circles.set(cert.mandate.circle, label(b.circleName));
			if (typeof b.delegateName === 'string' && b.delegateName.trim())
				delegates.set(cert.mandate.delegate, label(b.delegateName));
		}
		return { circles, delegates };
	}

	/** The entries among `ids` this phone holds (for "what changed"), in fold order. */
	entriesOf(federation: FederationId, ids: readonly string[]): { id: EntryId; entry: Entry }[] {
		const want = new Set(ids);
		return this.docs
			.entries(federation)
			.map((entry) => ({ id: entryId(entry) as EntryId, entry }))
			.filter((x) => want.has(x.id));
	}
}
