// The record page, built by src/cli/record-page-plugin.js: its HTML with an empty record slot.
declare module 'virtual:circulate-record-page' {
	const html: string;
	export default html;
}
