/**
 * Tabs of one browser share a circle's IndexedDB but not its live changes: without this,
 * a second tab would write from a stale ledger (and could take a seq the first tab already
 * used, forking the member's own log). Each open doc joins a BroadcastChannel named after
 * it; updates are relayed between tabs, and a tab that opens asks the others for what it
 * lacks (state vector in, missing update out).
 *
 * Messages: { sv: Uint8Array } (a tab opened: "send me what I lack") or { update: Uint8Array }.
 */
import * as Y from 'yjs';

type TabMessage = { sv: Uint8Array } | { update: Uint8Array };

export const linkTabs = (name: string, doc: Y.Doc): (() => void) => {
	if (typeof BroadcastChannel === 'undefined') return () => {};
	const bc = new BroadcastChannel(`circulate-tabs/${name}`);
	// Node (tests) would otherwise keep the process alive for an open channel.
	(bc as unknown as { unref?: () => void }).unref?.();
	const origin = bc;
	const onUpdate = (update: Uint8Array, from: unknown) => {
		if (from !== origin) bc.postMessage({ update } satisfies TabMessage);
	};
	bc.onmessage = (ev: MessageEvent<TabMessage>) => {
		const m = ev.data;
		try {
			if ('update' in m) Y.applyUpdate(doc, m.update, origin);
			else if ('sv' in m) {
				const missing = Y.encodeStateAsUpdate(doc, m.sv);
				// An update with no structs and no deletions is 2 bytes: nothing to send.
				if (missing.length > 2) bc.postMessage({ update: missing } satisfies TabMessage);
			}
		} catch {
			/* a message from an older or newer tab we cannot read: the next reload catches up */
		}
	};
	const unlink = () => {
		doc.off('update', onUpdate);
		doc.off('destroy', unlink);
		bc.close();
	};
	doc.on('update', onUpdate);
	doc.on('destroy', unlink);
	bc.postMessage({ sv: Y.encodeStateVector(doc) } satisfies TabMessage);
	return unlink;
};
