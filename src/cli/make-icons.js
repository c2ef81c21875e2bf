// Draws Circulate's icons: a ring of six members with one (amber) holding the rotating role.
// Writes the SVG sources and renders the PNGs the web manifest lists through headless Chromium,
// so the PNGs are exactly the SVG. Run after changing the design: `npm run icons`.
// The PNGs are committed; this script is not part of the build.
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findChromium } from '../../tests/e2e/support/ensure-chromium.js';

const outDir = fileURLToPath(new URL('../../static/icons/', import.meta.url));

const green = '#2f6b4f';
const amber = '#e0a43a';
const cream = '#f6f0e1';

/**
 * @param {{ maskable: boolean }} options maskable icons fill the whole square and keep the mark
 *   inside the central 80% safe zone, because the platform crops them to its own shape.
 */
function drawIcon({ maskable }) {
	const members = 6;
	const ring = 142;
	/** @type {string[]} */
	const dots = [];
	for (let i = 0; i < members; i++) {
		const angle = -Math.PI / 2 + (i * 2 * Math.PI) / members;
		const x = (256 + ring * Math.cos(angle)).toFixed(2);
		const y = (256 + ring * Math.sin(angle)).toFixed(2);
		dots.push(
			`<circle cx="${x}" cy="${y}" r="40" fill="${i === 0 ? amber : green}" stroke="${cream}" stroke-width="14"/>`
		);
	}
	// A short arrowhead on the ring after the amber member: the role moves on.
	const at = -Math.PI / 3;
	const [cx, cy] = [256 + ring * Math.cos(at), 256 + ring * Math.sin(at)];
	const [tx, ty] = [-Math.sin(at), Math.cos(at)];
	const [nx, ny] = [Math.cos(at), Math.sin(at)];
	const point = (/** @type {number} */ along, /** @type {number} */ across) =>
		`${(cx + along * tx + across * nx).toFixed(2)} ${(cy + along * ty + across * ny).toFixed(2)}`;
	const arrow = `<path d="M ${point(30, 0)} L ${point(-16, 26)} L ${point(-16, -26)} Z" fill="${green}"/>`;
	const background = maskable
		? `<rect width="512" height="512" fill="${cream}"/>`
		: `<rect width="512" height="512" rx="112" fill="${cream}"/>`;
	const mark = [
		`<circle cx="256" cy="256" r="${ring}" fill="none" stroke="${green}" stroke-width="16"/>`,
		arrow,
		...dots,
		`<circle cx="256" cy="256" r="30" fill="${green}" opacity="0.18"/>`
	].join('\n\t\t');
	const transform = maskable ? ' transform="translate(256 256) scale(0.78) translate(-256 -256)"' : '';
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
	<title>Circulate</title>
	${background}
	<g${transform}>
		${mark}
	</g>
</svg>
`;
}

mkdirSync(outDir, { recursive: true });
const plain = drawIcon({ maskable: false });
const maskable = drawIcon({ maskable: true });
writeFileSync(`${outDir}icon.svg`, plain);
writeFileSync(`${outDir}icon-maskable.svg`, maskable);

const browser = await chromium.launch({
	executablePath: findChromium() ?? undefined,
	args: ['--no-sandbox']
});
try {
	/** @type {[string, string, number][]} */
	const renders = [
		[plain, 'icon-192.png', 192],
		[plain, 'icon-512.png', 512],
		[maskable, 'icon-maskable-192.png', 192],
		[maskable, 'icon-maskable-512.png', 512]
	];
	for (const [svg, name, size] of renders) {
		const page = await browser.newPage({ viewport: { width: size, height: size } });
		const sized = svg.replace('width="512" height="512">', `width="${size}" height="${size}">`);
		await page.setContent(
			`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`
		);
		await page.screenshot({ path: `${outDir}${name}`, omitBackground: true });
		await page.close();
		console.log(`wrote static/icons/${name}`);
	}
} finally {
	await browser.close();
}
