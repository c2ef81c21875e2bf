/**
 * The scorecard's tables, as the screen shows them and as they are exported (CSV and JSON): by
 * month, purchases avoided, records, sufficiency rounds. Dates are UTC days, numbers plain.
 */
import { AREAS, type ScoreRecord, type ScorecardView } from '$lib/core/scorecard';
import { defuse, type Table } from '../economy/tables';

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

export const MONTH_HEADER = [
	'month',
	'purchases_avoided',
	'value_avoided',
	'dependencies_reversed',
	'repairs',
	'disputes_resolved',
	'meals_shared',
	'decisions',
	'local_decisions'
] as const;

export const tablesOf = (v: ScorecardView, nameOf: (k: string | null) => string): Table[] => [
	{
		name: 'months',
		header: MONTH_HEADER,
		rows: v.months.map((m) => [
			m.month,
			m.purchasesAvoided,
			m.valueAvoided,
			m.dependencies,
			m.repairs,
			m.disputes,
			m.meals,
			m.decisions,
			m.localDecisions
		])
	},
	{
		name: 'purchases-avoided',
		header: ['date', 'borrower', 'category', 'item', 'value', 'loan'],
		rows: v.avoided.map((a) => [
			day(a.on),
			defuse(nameOf(a.borrower)),
			defuse(a.category),
			defuse(a.item),
			a.value,
			a.loan
		])
	},
	{
		name: 'records',
		header: ['date', 'kind', 'what', 'needed_outside_permission', 'recorded_by', 'seconded_by', 'entry'],
		rows: v.records.map((r: ScoreRecord) => [
			day(r.on),
			r.kind,
			defuse(r.what),
			r.outside === null ? '' : r.outside ? 'yes' : 'no',
			defuse(nameOf(r.by)),
			defuse(nameOf(r.secondedBy)),
			r.id
		])
	},
	{
		name: 'sufficiency-rounds',
		header: ['date', ...AREAS, 'note', 'entry'],
		rows: v.rounds.map((r) => [day(r.on), ...AREAS.map((a) => r.answers![a]), defuse(r.what), r.id])
	}
];
