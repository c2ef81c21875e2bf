/**
 * Reminders on this phone while the app is open (issue 10, item 8): when an item of the due list
 * (needs.ts) becomes due — the meeting or a ritual 15 minutes ahead, a loan becoming overdue, a
 * proposal arriving by sync — a notification, once per item per device (remembered in
 * localStorage under the item's key, needs.ts `alertKey`).
 *
 * Asked for with a reason, never on first visit: only the "Remind me on this phone" switch on
 * Now calls Notification.requestPermission, and what is already listed when it is switched on is
 * not notified (the person is looking at it). No timer of its own: it looks again when the
 * due list changes, that is when the ledger changes or the app clock ticks (clock.svelte.ts).
 * Shown through the service worker's registration when there is one (a notification that
 * outlives the tab), else with `new Notification`.
 */
import { offsetOf } from '$lib/core/charter/content';
import type { CharterStatus } from '$lib/core/charter/book';
import { charter } from '$lib/core/domains';
import type { MemberKey } from '$lib/core/types';
import type { CircleView } from './circle.svelte';
import { needsOf } from './governance.svelte';
import { alertKey, type Need } from './needs';
import { clock } from './clock.svelte';
import { ruleText } from '$lib/messages';

const SWITCH = 'circulate-remind';
const SEEN = 'circulate-reminded';
/** Keys remembered at most (the oldest forgotten first: they are long past). */
const SEEN_MAX = 400;

export type ReminderState = 'unsupported' | 'off' | 'on' | 'blocked';

/** One notification: under `key`, once. */
export interface Alert {
	key: string;
	title: string;
	body: string;
	url: string;
}

const storage = (): Storage | null => {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
};

const readSeen = (): string[] => {
	try {
		const raw = JSON.parse(storage()?.getItem(SEEN) ?? '[]') as unknown;
		return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
	} catch {
		return [];
	}
};

const writeSeen = (keys: readonly string[]): void => {
	try {
		storage()?.setItem(SEEN, JSON.stringify(keys.slice(-SEEN_MAX)));
	} catch {
		/* without storage a reload may notify an item again */
	}
};

const supported = (): boolean => typeof window !== 'undefined' && 'Notification' in window;

const show = async (a: Alert): Promise<void> => {
	const options = { body: a.body, tag: a.key, data: { url: a.url } };
	try {
		const reg = await navigator.serviceWorker?.getRegistration?.();
		if (reg && typeof reg.showNotification === 'function')
			return await reg.showNotification(a.title, options);
	} catch {
		/* no service worker here: a page notification instead */
	}
	const n = new Notification(a.title, options);
	n.onclick = () => {
		window.focus();
		window.location.assign(a.url);
		n.close();
	};
};

export class Reminders {
	#permission = $state<NotificationPermission | 'unsupported'>(
		supported() ? Notification.permission : 'unsupported'
	);
	#on = $state(storage()?.getItem(SWITCH) === 'on');
	/** What went wrong showing one (a sentence for the switch), if anything. */
	error = $state('');

	get state(): ReminderState {
		if (this.#permission === 'unsupported') return 'unsupported';
		if (this.#permission === 'denied') return 'blocked';
		return this.#on && this.#permission === 'granted' ? 'on' : 'off';
	}

	/**
	 * The switch turned on: asks the browser (the only place that does), and remembers what is
	 * already due as notified, since the person is looking at it.
	 */
	async enable(current: readonly string[]): Promise<ReminderState> {
		if (!supported()) return 'unsupported';
		this.#permission = await Notification.requestPermission();
		if (this.#permission === 'granted') {
			storage()?.setItem(SWITCH, 'on');
			this.#on = true;
			writeSeen([...readSeen(), ...current.filter((k) => !readSeen().includes(k))]);
		}
		return this.state;
	}

	disable(): void {
		storage()?.removeItem(SWITCH);
		this.#on = false;
	}

	/** Shows each alert not shown on this device before. */
	notify(alerts: readonly Alert[]): void {
		if (this.state !== 'on' || !alerts.length) return;
		const seen = readSeen();
		const fresh = alerts.filter((a) => !seen.includes(a.key));
		if (!fresh.length) return;
		// Remembered first: a notification that fails is not retried at every tick.
		writeSeen([...seen, ...fresh.map((a) => a.key)]);
		for (const a of fresh)
			show(a).catch(() => {
				this.error = ruleText({ code: 'reminder-not-shown' });
			});
	}
}

/** The one set of reminders of this phone. */
export const reminders = new Reminders();

/** The alerts a list of needs gives at `now` (the words come from `textOf`). */
export const alertsOf = (
	needs: readonly Need[],
	now: number,
	circleName: string,
	base: string,
	textOf: (n: Need) => string
): Alert[] =>
	needs.flatMap((n) => {
		const key = alertKey(n, now);
		return key
			? [
					{
						key: `${base}|${key}`,
						title: circleName,
						body: textOf(n),
						url: n.screen ? `${base}/${n.screen}` : base
					}
				]
			: [];
	});

/**
 * Follows the open circle's due list and notifies what becomes due (the circle layout calls it
 * once). `textOf` words an item (ui/needs-text.ts, passed in: state never imports the UI).
 */
export const watchReminders = (
	circle: () => CircleView | null | undefined,
	ready: () => boolean,
	textOf: (n: Need, now: number, nameOf: (k: MemberKey) => string, off: number) => string
): void => {
	$effect(() => {
		const view = circle();
		if (!view || !ready() || reminders.state !== 'on') return;
		const snap = view.snapshot;
		if (!snap.loaded || !snap.founded) return;
		const now = clock.now;
		const base = `/circle/${view.session.circle}`;
		const needs = needsOf(view, now);
		if (!needs.length) return;
		const off = offsetOf(view.session.book.view<CharterStatus>(charter, now).inForce);
		const nameOf = (k: MemberKey) => snap.everyone.get(k)?.name ?? `member ${k.slice(0, 8)}`;
		reminders.notify(alertsOf(needs, now, snap.name, base, (n) => textOf(n, now, nameOf, off)));
	});
};
