/**
 * QR codes for the screens (sync/qr.ts): drawing one, and reading one three ways — the camera
 * (BarcodeDetector or jsQR), a picture of the code, or pasted text. A `Scanner` is one reader's
 * state; it hands the text to `oncode`, which may throw: what it throws is shown (errorText).
 */
import { errorText, ruleText } from '$lib/messages';
import { cameraAvailable, decodeFile, scanWithCamera } from '$lib/sync/qr';

export { qrPath } from '$lib/sync/qr';

export class Scanner {
	/** True while the camera is on. */
	scanning = $state.raw(false);
	busy = $state.raw(false);
	error = $state.raw<string | null>(null);
	/** False where the browser cannot use a camera (no device, not a secure page). */
	readonly hasCamera = cameraAvailable();

	#stop: (() => void) | null = null;

	constructor(private readonly oncode: (text: string) => void | Promise<void>) {}

	/** Hands a code to `oncode`; what it throws is shown. */
	async deliver(text: string): Promise<void> {
		this.error = null;
		this.busy = true;
		try {
			await this.oncode(text.trim());
		} catch (err) {
			this.error = errorText(err);
		} finally {
			this.busy = false;
		}
	}

	/** Turns the camera on in `video` (once it is on screen) and reads the first code it sees. */
	async startCamera(video: () => HTMLVideoElement | undefined): Promise<void> {
		this.error = null;
		this.scanning = true;
		// The video element is shown by `scanning`: wait a tick for it.
		await Promise.resolve();
		try {
			this.#stop = await scanWithCamera(video()!, (text) => {
				this.scanning = false;
				this.#stop = null;
				void this.deliver(text);
			});
		} catch (err) {
			this.scanning = false;
			this.error = errorText(err);
		}
	}

	/**
	 * Turns the camera on in `video` and hands every new code it reads to `oncode` until stopped
	 * (the camera-only path films a sequence of codes). What `oncode` throws is shown.
	 */
	async filmCodes(video: () => HTMLVideoElement | undefined): Promise<void> {
		this.error = null;
		this.scanning = true;
		await Promise.resolve();
		try {
			this.#stop = await scanWithCamera(
				video()!,
				(text) => {
					try {
						void this.oncode(text.trim());
					} catch (err) {
						this.error = errorText(err);
					}
				},
				{ keepGoing: true }
			);
		} catch (err) {
			this.scanning = false;
			this.error = errorText(err);
		}
	}

	stopCamera(): void {
		this.#stop?.();
		this.#stop = null;
		this.scanning = false;
	}

	/** Reads the code in a picture the person chose. */
	async fromPicture(file: Blob): Promise<void> {
		const text = await decodeFile(file).catch(() => null);
		if (text) await this.deliver(text);
		else this.error = ruleText({ code: 'qr-no-code-in-picture' });
	}

	/** Uses pasted text. */
	paste(text: string): void {
		if (!text.trim()) return void (this.error = ruleText({ code: 'qr-paste-first' }));
		void this.deliver(text);
	}
}
