// What the WebRTC tests need from the network: a non-loopback IPv4 interface and a default route.
// `npm run test:e2e` runs the e2e tests inside a private namespace that has both and no way out
// (tests/e2e/support/netns-run.sh); these checks turn "no ICE candidates, timeout" into a clear failure.
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

/** True inside the namespace tests/e2e/support/netns-run.sh creates. */
export function insideTestNetns(): boolean {
	return process.env.CIRCULATE_NETNS === '1';
}

/** Non-loopback IPv4 addresses of this network namespace. */
export function routableAddresses(): string[] {
	return Object.values(networkInterfaces())
		.flat()
		.filter((info) => info !== undefined && info.family === 'IPv4' && !info.internal)
		.map((info) => info!.address);
}

/** True when the IPv4 routing table has a default route (/proc/net/route, destination 00000000). */
export function hasDefaultRoute(): boolean {
	try {
		return readFileSync('/proc/net/route', 'utf8')
			.split('\n')
			.slice(1)
			.some((line) => line.trim().split(/\s+/)[1] === '00000000');
	} catch {
		return false;
	}
}

/** Chromium gathers host ICE candidates only with a routable interface and a default route. */
export function hasRoutableInterface(): boolean {
	return routableAddresses().length > 0 && hasDefaultRoute();
}

/** Throws a message that says what to do when WebRTC cannot work here. Call it first in WebRTC tests. */
export function requireRoutableInterface(): void {
	if (hasRoutableInterface()) return;
	throw new Error(
		'WebRTC tests need a non-loopback interface with a default route, and this network has ' +
			`${routableAddresses().length === 0 ? 'no such interface' : 'no default route'}. ` +
			'Run them inside the private network namespace: `npm run test:e2e` does that as root, or ' +
			'`bash tests/e2e/support/netns-run.sh npx vitest run --project e2e <file>`.'
	);
}
