/**
 * A protocol file: templates travelling between circles outside any ledger (a share sheet, a USB
 * stick, an email). Its text is canonical JSON:
 *
 *   {kind: "circulate/protocols", v: 1, templates: [Template…], uses: [{circle, template}…]}
 *
 * `templates` is a family: the chosen template, its ancestors and the descendants the exporting
 * circle knows, parents before children. `uses` reports which circles the exporter knows use which
 * of them (itself, if it adopted one). The reader checks everything a circle file gets checked for —
 * too large, not JSON, another kind of file, a template that is not one — and says which; nothing
 * is recorded from a file that fails.
 */
import * as canonical from '../canonical';
import type { Rejection } from '../host/domain';
import type { CircleId } from '../types';
import { checkTemplate, hashTemplate, type Template, type TemplateHash } from './template';

export const FILE_KIND = 'circulate/protocols';
/** The largest protocol file read (characters): a family of templates is far smaller. */
export const FILE_MAX = 1_000_000;
export const FILE_TEMPLATES_MAX = 200;

export interface ProtocolFile {
	kind: typeof FILE_KIND;
	v: 1;
	templates: Template[];
	uses: { circle: CircleId; template: TemplateHash }[];
}

const r = (code: string, params?: Rejection['params']): Rejection => (params ? { code, params } : { code });

/** Parents before children (a stable order: by depth inside the file, then hash). */
const ordered = (templates: Template[]): Template[] => {
	const byHash = new Map(templates.map((t) => [hashTemplate(t), t]));
	const depth = (t: Template): number => {
		let d = 0;
		let p = t.parent;
		while (p !== null && byHash.has(p) && d <= byHash.size) {
			d++;
			p = byHash.get(p)!.parent;
		}
		return d;
	};
	return [...byHash.entries()]
		.map(([h, t]) => ({ h, t, d: depth(t) }))
		.sort((a, b) => a.d - b.d || (a.h < b.h ? -1 : 1))
		.map((x) => x.t);
};

export const encodeProtocolFile = (
	templates: Template[],
	uses: { circle: CircleId; template: TemplateHash }[]
): string =>
	canonical.encodeText({
		kind: FILE_KIND,
		v: 1,
		templates: ordered(templates),
		uses: [...uses].sort((a, b) =>
			a.template < b.template ? -1 : a.template > b.template ? 1 : a.circle < b.circle ? -1 : 1
		)
	});

/** Reads a protocol file, or says exactly what is wrong with it. Total: never throws. */
export const decodeProtocolFile = (
	text: string
): { ok: true; file: ProtocolFile } | { ok: false; rejection: Rejection } => {
	const fail = (code: string, params?: Rejection['params']) => ({
		ok: false as const,
		rejection: r(code, params)
	});
	if (text.length > FILE_MAX) return fail('file-too-large', { max: FILE_MAX });
	let x: unknown;
	try {
		x = JSON.parse(text);
	} catch {
		return fail('file-corrupt');
	}
	if (typeof x !== 'object' || x === null || Array.isArray(x)) return fail('file-corrupt');
	const f = x as Record<string, unknown>;
	if (f.kind !== FILE_KIND)
		return fail('file-kind', { kind: typeof f.kind === 'string' ? f.kind.slice(0, 60) : '' });
	if (f.v !== 1) return fail('file-version');
	if (!Array.isArray(f.templates) || !f.templates.length || f.templates.length > FILE_TEMPLATES_MAX)
		return fail('file-templates', { max: FILE_TEMPLATES_MAX });
	for (let i = 0; i < f.templates.length; i++) {
		const problem = checkTemplate(f.templates[i]);
		if (problem) return fail('file-template', { index: i + 1, problem: problem.code });
	}
	if (!Array.isArray(f.uses)) return fail('file-corrupt');
	const uses: ProtocolFile['uses'] = [];
	for (const u of f.uses) {
		const o = u as Record<string, unknown>;
		if (
			typeof o !== 'object' ||
			o === null ||
			typeof o.circle !== 'string' ||
			!/^[0-9a-f]{32}$/.test(o.circle) ||
			typeof o.template !== 'string' ||
			!/^[0-9a-f]{64}$/.test(o.template)
		)
			return fail('file-corrupt');
		uses.push({ circle: o.circle as CircleId, template: o.template });
	}
	return {
		ok: true,
		file: { kind: FILE_KIND, v: 1, templates: ordered(f.templates as Template[]), uses }
	};
};

/**
 * What importing a file into a circle would record, parents first: the templates this circle does
 * not know yet, and the uses of other circles it has not heard of. A template whose parent is in
 * neither the file nor the circle cannot be recorded (its lineage would be a hash nobody can show):
 * it is listed in `orphans` and the import records nothing.
 */
export const planImport = (
	file: ProtocolFile,
	known: ReadonlySet<TemplateHash>,
	heard: (hash: TemplateHash, circle: CircleId) => boolean,
	self: CircleId
): {
	templates: Template[];
	uses: { circle: CircleId; template: TemplateHash }[];
	orphans: TemplateHash[];
} => {
	const have = new Set(known);
	const templates: Template[] = [];
	const orphans: TemplateHash[] = [];
	for (const t of file.templates) {
		const h = hashTemplate(t);
		if (have.has(h)) continue;
		if (t.parent !== null && !have.has(t.parent)) {
			orphans.push(h);
			continue;
		}
		have.add(h);
		templates.push(t);
	}
	const uses = file.uses.filter(
		(u) => u.circle !== self && have.has(u.template) && !heard(u.template, u.circle)
	);
	return { templates, uses, orphans };
};
