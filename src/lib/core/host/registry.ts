/**
 * The registry: the domains of a circle in the order they fold, and which domain owns each
 * entry type. Built once from one static list (src/lib/core/domains.ts); registering a
 * type twice, or a domain that reads or observes one listed after it, throws at start-up —
 * a programming error, never a ledger outcome.
 */
import type { AnyDomain, Kind } from './domain';

export interface Registry {
	readonly domains: readonly AnyDomain[];
	/** Owner of each entry type, with its kind. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	readonly owners: ReadonlyMap<string, { domain: AnyDomain; index: number; kind: Kind<any, any> }>;
	/** For each entry type, the domains (by index) that observe it after its owner. */
	readonly observers: ReadonlyMap<string, readonly number[]>;
	indexOf(domain: AnyDomain): number;
}

export class RegistryError extends Error {}

export const createRegistry = (domains: readonly AnyDomain[]): Registry => {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const owners = new Map<string, { domain: AnyDomain; index: number; kind: Kind<any, any> }>();
	const observers = new Map<string, number[]>();
	const index = new Map<AnyDomain, number>();
	const names = new Set<string>();
	domains.forEach((d, i) => {
		if (names.has(d.name)) throw new RegistryError(`domain "${d.name}" is registered twice`);
		names.add(d.name);
		for (const r of d.reads)
			if (!index.has(r))
				throw new RegistryError(`domain "${d.name}" reads "${r.name}", which is not listed before it`);
		for (const k of d.kinds) {
			const owner = owners.get(k.type);
			if (owner)
				throw new RegistryError(
					`entry type "${k.type}" is owned by "${owner.domain.name}" and claimed again by "${d.name}"`
				);
			owners.set(k.type, { domain: d, index: i, kind: k });
		}
		for (const t of d.observes ?? []) {
			const owner = owners.get(t);
			if (!owner || owner.index >= i)
				throw new RegistryError(`domain "${d.name}" observes "${t}", which no earlier domain owns`);
			if (!d.observe) throw new RegistryError(`domain "${d.name}" observes types but has no observe()`);
			let list = observers.get(t);
			if (!list) observers.set(t, (list = []));
			list.push(i);
		}
		index.set(d, i);
	});
	return {
		domains,
		owners,
		observers,
		indexOf: (d) => {
			const i = index.get(d);
			if (i === undefined) throw new RegistryError(`domain "${d.name}" is not registered`);
			return i;
		}
	};
};
