// Accessibility check with axe-core, injected from node_modules (no network). Fails on serious and
// critical violations, the bar issue 2 sets for every page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	helpUrl: string;
	nodes: { target: string[]; failureSummary?: string }[];
}

export interface AxeOptions {
	/** Impacts that fail the check; serious and critical unless given. */
	failOn?: string[];
	/** axe rule ids to skip (say why next to the call). */
	disableRules?: string[];
	/** CSS selector to limit the check to. */
	include?: string;
}

/** Runs axe on the page as it is now and returns the violations at the failing impacts. */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<AxeViolation[]> {
	axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
	const hasAxe = await page.evaluate(() => 'axe' in window);
	if (!hasAxe) await page.addScriptTag({ content: axeSource });
	const failOn = options.failOn ?? ['serious', 'critical'];
	const rules = Object.fromEntries((options.disableRules ?? []).map((id) => [id, { enabled: false }]));
	const violations = await page.evaluate(
		async ({ include, rules }) => {
			const axe = (
				window as unknown as {
					axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
				}
			).axe;
			const result = await axe.run(include ?? document, { rules, resultTypes: ['violations'] });
			return result.violations.map((v) => ({
				id: v.id,
				impact: v.impact,
				help: v.help,
				helpUrl: v.helpUrl,
				nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary }))
			}));
		},
		{ include: options.include ?? null, rules }
	);
	return violations.filter((v) => v.impact !== null && failOn.includes(v.impact));
}

/** Throws a readable report when axe finds serious or critical violations. `label` names the page. */
export async function expectAccessible(page: Page, label: string, options: AxeOptions = {}): Promise<void> {
	const violations = await axeViolations(page, options);
	if (violations.length === 0) return;
	const report = violations
		.map(
			(v) =>
				`- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
				v.nodes
					.slice(0, 5)
					.map(
						(n) =>
							`    at ${n.target.join(' ')}${n.failureSummary ? `: ${n.failureSummary.replace(/\n/g, ' ')}` : ''}`
					)
					.join('\n')
		)
		.join('\n');
	throw new Error(`axe found ${violations.length} serious/critical violation(s) on ${label}:\n${report}`);
}
