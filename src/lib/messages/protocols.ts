/** Sentences for the protocols domain's codes (core/protocols): templates, lineage, protocol files. */
import type { Rejection } from '$lib/core/host/domain';

type Params = Rejection['params'];
const p = (x: Params, key: string): string => String(x?.[key] ?? '');

export const PROTOCOL_MESSAGES: Record<string, (params: Params) => string> = {
	'template-not-object': () => 'a template must be an object',
	'template-field': (x) =>
		`a template has no field “${p(x, 'field')}”: only kind, name, text, parameters and parent`,
	'template-version': () => 'this template is in a newer format than this app reads; update Circulate',
	'template-kind': () => 'a template is a charter, a rotation scheme, a ritual or a practice',
	'template-name': (x) => `Give the template a name of at most ${p(x, 'max')} characters.`,
	'template-text': (x) => `Keep the template’s text under ${p(x, 'max')} characters.`,
	'template-parent': () => 'a template’s parent is the hash of another template (64 hex characters)',
	'template-params': (x) => `a template has at most ${p(x, 'max')} parameters`,
	'template-param': () => 'each parameter must be an object',
	'template-param-key': () => 'a parameter’s name is a short word of letters, digits, dots or dashes',
	'template-param-twice': (x) => `the parameter “${p(x, 'param')}” is there twice`,
	'template-param-type': (x) => `the parameter “${p(x, 'param')}” must be a number, a text or a yes/no`,
	'template-param-value': (x) => `the parameter “${p(x, 'param')}” has a value of the wrong type`,
	'template-param-range': (x) => `the parameter “${p(x, 'param')}” lies outside its own bounds`,
	'template-code': (x) =>
		`Templates are words and numbers, never code: “${p(x, 'field')}” reads like a program. Nothing was recorded.`,
	'template-key': (x) =>
		`“${p(x, 'field')}” holds something like a key or a secret; a template never carries one.`,
	'template-date': (x) => `“${p(x, 'field')}” holds a date; a template never carries the circle’s own dates.`,
	'template-too-large': (x) => `a template is at most ${p(x, 'max')} characters`,
	'template-published': () => 'a template record says whether this circle published it',
	'template-parent-unknown': () =>
		'This template names a parent nobody in the circle has recorded: import the file with its whole family.',
	'template-lineage-deep': (x) => `a lineage is at most ${p(x, 'max')} templates deep`,
	'template-names-member': () => 'This template names someone in the circle; strip names before it travels.',
	'template-unknown': () => 'there is no such template in this circle',
	'heard-circle': () => 'a report names another circle by its id (32 hex characters)',
	'heard-own-circle': () => 'a report is about another circle, not this one',
	'file-too-large': (x) =>
		`This file is too large for a protocol file (more than ${p(x, 'max')} characters). Nothing was imported.`,
	'file-corrupt': () =>
		'This file is damaged or is not a protocol file: it does not read. Nothing was imported.',
	'file-kind': (x) =>
		`This is not a protocol file${p(x, 'kind') ? ` (it is “${p(x, 'kind')}”)` : ''}. A circle’s file goes in Sync. Nothing was imported.`,
	'file-version': () => 'This protocol file is from a newer Circulate. Update the app, then import it again.',
	'file-templates': (x) =>
		`A protocol file holds between 1 and ${p(x, 'max')} templates. Nothing was imported.`,
	'file-template': (x) =>
		`Template ${p(x, 'index')} in this file is not a valid template (${p(x, 'problem')}). Nothing was imported.`
};
