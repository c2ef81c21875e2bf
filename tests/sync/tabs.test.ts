import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { linkTabs } from '$lib/sync/tabs';

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('two tabs of one circle', () => {
	it('see each other’s changes live, and a tab that opens later catches up', async () => {
		const a = new Y.Doc();
		a.getMap('entries').set('x', 'one');
		const unlinkA = linkTabs('c1', a);
		const b = new Y.Doc();
		const unlinkB = linkTabs('c1', b);
		await settle();
		expect(b.getMap('entries').get('x')).toBe('one');
		b.getMap('entries').set('y', 'two');
		await settle();
		expect(a.getMap('entries').get('y')).toBe('two');
		const other = new Y.Doc();
		const unlinkO = linkTabs('c2', other);
		await settle();
		expect(other.getMap('entries').size).toBe(0);
		unlinkA();
		unlinkB();
		unlinkO();
	});
});
