/**
 * The open circle, shared by the circle layout with every screen under
 * /circle/[id]/...: `const circle = useCircle(); circle().snapshot.name`.
 */
import { getContext, setContext } from 'svelte';
import type { CircleView } from './circle.svelte';

const KEY = Symbol('circulate.circle');

export const provideCircle = (get: () => CircleView): void => void setContext(KEY, get);

export const useCircle = (): (() => CircleView) => {
	const get = getContext<(() => CircleView) | undefined>(KEY);
	if (!get) throw new Error('useCircle() is only available under /circle/[id]'); // i18n-ignore: a bug
	return get;
};
