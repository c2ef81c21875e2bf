/**
 * Resolves in a later task, so the page can draw and handle input between two long pieces of work:
 * a message to ourselves (no 4 ms timer clamp, unlike setTimeout), or a timer where there is no
 * MessageChannel.
 */
export const nextTask = (): Promise<void> =>
	new Promise((resolve) => {
		if (typeof MessageChannel === 'undefined') return void setTimeout(resolve, 0);
		const ch = new MessageChannel();
		ch.port1.onmessage = () => {
			ch.port1.close();
			resolve();
		};
		ch.port2.postMessage(null);
	});
