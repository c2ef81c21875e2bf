/** Side-by-side comparison of two charter versions, field by field. */
import * as canonical from '../canonical';
import type { Json } from '../canonical';
import type { CharterContent } from './content';

export interface Change {
	/** e.g. `roles.steward.maxConsecutive`, `thresholds.recall`, `text`. */
	path: string;
	kind: 'added' | 'removed' | 'changed';
	before: Json | null;
	after: Json | null;
}

const flatten = (value: Json, path: string, out: Map<string, Json>): void => {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		for (const k of Object.keys(value).sort()) flatten(value[k]!, path ? `${path}.${k}` : k, out);
	} else out.set(path, value);
};

const flattenCharter = (content: CharterContent, text: string): Map<string, Json> => {
	const out = new Map<string, Json>();
	const { roles, ...rest } = content;
	// Roles are compared by id, so reordering them is not a change.
	const byId: Record<string, Json> = {};
	for (const r of roles) byId[r.id] = r;
	flatten({ ...rest, roles: byId }, '', out);
	out.set('text', text);
	return out;
};

/** Field-level differences from version a to version b, sorted by path. */
export const diff = (
	a: { content: CharterContent; text?: string },
	b: { content: CharterContent; text?: string }
): Change[] => {
	const fa = flattenCharter(a.content, a.text ?? '');
	const fb = flattenCharter(b.content, b.text ?? '');
	const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort();
	const changes: Change[] = [];
	for (const path of paths) {
		const x = fa.get(path);
		const y = fb.get(path);
		if (x === undefined) changes.push({ path, kind: 'added', before: null, after: y! });
		else if (y === undefined) changes.push({ path, kind: 'removed', before: x, after: null });
		else if (canonical.encodeText(x) !== canonical.encodeText(y))
			changes.push({ path, kind: 'changed', before: x, after: y });
	}
	return changes;
};
