/**
 * The protocols domain's intents: publish one of the circle's ways of working as a template (its
 * names, keys and dates stripped), import a protocol file (every template it lacks, parents first,
 * and which other circles use them), and adopt or fork a template by a decision — a charter
 * proposal filled from its parameters, or a general decision — naming the template.
 */
import { PROPOSE as CHARTER_PROPOSE, proposalBody, type CharterContent } from '$lib/core/charter';
import { PROPOSE as DECISION_PROPOSE, proposeBody } from '$lib/core/decision';
import {
	HEARD,
	TEMPLATE,
	charterFrom,
	checkTemplate,
	decodeProtocolFile,
	fillsCharter,
	hashTemplate,
	heardBody,
	planImport,
	stripTemplate,
	templateBody,
	type ProtocolFile,
	type Template,
	type TemplateHash
} from '$lib/core/protocols';
import { RuleError } from '$lib/core/host/domain';
import type { CircleId, EntryId } from '$lib/core/types';
import type { Signer } from './signer';

/** Publishes a template as this circle's own, stripped of its members' names, its own name, keys and dates. */
export const publish = (
	s: Signer,
	template: Template,
	names: readonly string[],
	circleName: string
): Promise<EntryId> => s.sign(TEMPLATE, templateBody(stripTemplate(template, names, circleName), true));

/** Reads a protocol file's text; throws the rule's code (the screen words it) when it is not one. */
export const readFile = (text: string): ProtocolFile => {
	const read = decodeProtocolFile(text);
	if (!read.ok) throw new RuleError(read.rejection);
	return read.file;
};

/**
 * Records what a file brings that the circle lacks: templates parents first, then other circles'
 * uses. A template whose parent is nowhere refuses the whole import before anything is signed.
 */
export const importFile = async (
	s: Signer,
	file: ProtocolFile,
	known: ReadonlySet<TemplateHash>,
	heard: (hash: TemplateHash, circle: CircleId) => boolean
): Promise<{ templates: number; uses: number }> => {
	s.member();
	const plan = planImport(file, known, heard, s.session.circle);
	if (plan.orphans.length) throw new RuleError({ code: 'template-parent-unknown' });
	for (const t of plan.templates) await s.sign(TEMPLATE, templateBody(t, false));
	for (const u of plan.uses) await s.sign(HEARD, heardBody(u.circle, u.template));
	return { templates: plan.templates.length, uses: plan.uses.length };
};

/**
 * Adopts `template` by a decision of the circle. A fork (`parent` given and different) is recorded
 * first as this circle's own template. A charter or rotation template proposes the charter in
 * force with its parameters written in (the charter's round decides); any other kind proposes a
 * general decision. Either proposal names the template (`protocol`), so it counts as adopted
 * when, and only when, that proposal comes into force.
 */
export const adopt = async (
	s: Signer,
	b: {
		template: Template;
		/** True when the template is new here (a fork): it is recorded first. */
		record: boolean;
		title: string;
		text: string;
		charterInForce: CharterContent;
	}
): Promise<EntryId> => {
	const problem = checkTemplate(b.template);
	if (problem) throw new RuleError(problem);
	s.member();
	const hash = hashTemplate(b.template);
	if (b.record) await s.sign(TEMPLATE, templateBody(b.template, true));
	if (fillsCharter(b.template)) {
		const content = charterFrom(b.template, b.charterInForce);
		return s.sign(CHARTER_PROPOSE, { ...proposalBody(content, b.text), protocol: hash });
	}
	return s.sign(DECISION_PROPOSE, {
		...proposeBody({ title: b.title, text: b.text, outside: false }),
		protocol: hash
	});
};

export const intents = { publish, importFile, adopt };
