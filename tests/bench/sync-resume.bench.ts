/**
 * Sync in slices (issue 12, item 2), on the 20,000-entry circle the browser bench syncs: the
 * bytes of a full first sync over the sync channel; of a sync cut when half of them are on the
 * wire, then resumed (the second connection's bytes: target < 60% of the full one's); and the
 * time to cut the history into slices, beside Yjs's own one-update encoding of the same state.
 * The channel is in memory (sync/port.ts memoryPortPair); tests/e2e/sync-resume.e2e.ts cuts a
 * real WebRTC sync by closing the tab. Numbers are printed, never asserted.
 */
import { it } from 'vitest';
import * as Y from 'yjs';
import { memoryPortPair } from '$lib/sync/port';
import { syncOverPort } from '$lib/sync/channel-sync';
import { planSlices } from '$lib/sync/slices';
import { bigCircle } from '../e2e/sync-big';
import { importInto } from '$lib/sync/file';

const hello = (name: string) => ({ circle: 'bench', name });

/** Syncs `a` into `b`; `cutAt` bytes from a closes the channel. Bytes a sent, and whether it finished. */
const run = async (a: Y.Doc, b: Y.Doc, cutAt = Infinity) => {
	let bytes = 0;
	const [pa, pb] = memoryPortPair({
		tap: (f, from) => {
			if (from === 'a') bytes += f.length;
			return bytes <= cutAt;
		}
	});
	const sa = syncOverPort(pa, { doc: a, hello: hello('Ana') });
	const sb = syncOverPort(pb, { doc: b, hello: hello('Ben') });
	const r = await Promise.allSettled([sa.done, sb.done]);
	sa.close();
	return { bytes, ok: r.every((x) => x.status === 'fulfilled') };
};

it('a first sync of 20,000 entries cut at half and resumed', async () => {
	const big = bigCircle();
	const a = new Y.Doc();
	importInto(a, { id: big.circle, name: big.name }, big.file);
	const n = a.getMap('entries').size;

	const t0 = performance.now();
	const plan = planSlices(a, new Map());
	const planMs = performance.now() - t0;
	const t2 = performance.now();
	let largest = 0;
	for (let k = 0; k < plan.count; k++) largest = Math.max(largest, plan.slice(k).length);
	const sliceMs = (performance.now() - t2) / plan.count;
	const t1 = performance.now();
	const whole = Y.encodeStateAsUpdate(a);
	const yjsMs = performance.now() - t1;

	const full = await run(a, new Y.Doc());
	const b = new Y.Doc();
	const cut = await run(a, b, full.bytes / 2);
	const kept = b.getMap('entries').size;
	const resumed = await run(a, b);
	const same = b.getMap('entries').size === n;
	const ratio = resumed.bytes / full.bytes;
	const rows = [
		'',
		'Sync in slices (issue 12, item 2), in memory',
		`     ${n} entries in ${plan.count} slices, planned in ${planMs.toFixed(0)} ms (Yjs's one update of the same state: ${yjsMs.toFixed(0)} ms, ${(whole.length / 1024).toFixed(0)} KiB)`,
		`     one slice encoded in ${sliceMs.toFixed(1)} ms on average (largest ${(largest / 1024).toFixed(0)} KiB before compression)`,
		`     full first sync on the wire                    ${(full.bytes / 1024).toFixed(0).padStart(8)} KiB`,
		`     cut at half: ${cut.ok ? 'NOT CUT' : 'cut'}, ${kept} entries kept (${((100 * kept) / n).toFixed(0)}%)`,
		`${ratio < 0.6 && same && full.ok ? 'ok  ' : 'MISS'} resumed sync on the wire                      ${(resumed.bytes / 1024).toFixed(0).padStart(8)} KiB   ${(100 * ratio).toFixed(0)}% of full, target < 60%${same ? '' : '   INCOMPLETE'}`,
		''
	];
	console.log(rows.join('\n'));
}, 600_000);
