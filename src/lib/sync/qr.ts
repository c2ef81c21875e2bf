/**
 * QR codes for pairing codes, invites and join requests: drawn as one SVG path (never
 * as HTML), read by the browser's BarcodeDetector where it exists and by jsQR
 * otherwise, from the camera or from a picture. Error correction M: screens are clean,
 * and M keeps a 250-character code at a size phone cameras read from arm's length.
 */
import qrcode from 'qrcode-generator';
import jsQR from 'jsqr';
import { CodedError } from './failure';

const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/** The dark modules of the QR code for `text` (true = dark), without the quiet zone. */
export const qrModules = (text: string, level: 'L' | 'M' | 'Q' | 'H' = 'M'): boolean[][] => {
	const qr = qrcode(0, level);
	if (ALPHANUMERIC.test(text)) qr.addData(text, 'Alphanumeric');
	// qrcode-generator takes one char per byte: hand it the UTF-8 bytes as such.
	else qr.addData(String.fromCharCode(...new TextEncoder().encode(text)), 'Byte');
	qr.make();
	const n = qr.getModuleCount();
	return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
};

/** Quiet zone around the code, in modules (the standard asks for 4). */
export const QUIET = 4;

/** An SVG path (in module units, quiet zone included) and the viewBox size. */
export const qrPath = (text: string): { size: number; path: string } => {
	const m = qrModules(text);
	let path = '';
	m.forEach((row, r) => {
		let c = 0;
		while (c < row.length) {
			if (!row[c]) {
				c++;
				continue;
			}
			const start = c;
			while (c < row.length && row[c]) c++;
			path += `M${start + QUIET} ${r + QUIET}h${c - start}v1h${start - c}z`;
		}
	});
	return { size: m.length + 2 * QUIET, path };
};

export interface Pixels {
	data: Uint8ClampedArray;
	width: number;
	height: number;
}

/** Draws the code as RGBA pixels (black on white), e.g. to feed a fake camera in tests. */
export const qrPixels = (text: string, scale = 6): Pixels => {
	const m = qrModules(text);
	const size = (m.length + 2 * QUIET) * scale;
	const data = new Uint8ClampedArray(size * size * 4).fill(255);
	m.forEach((row, r) =>
		row.forEach((dark, c) => {
			if (!dark) return;
			for (let y = 0; y < scale; y++)
				for (let x = 0; x < scale; x++) {
					const i = (((r + QUIET) * scale + y) * size + (c + QUIET) * scale + x) * 4;
					data[i] = data[i + 1] = data[i + 2] = 0;
				}
		})
	);
	return { data, width: size, height: size };
};

/** Reads a QR code from pixels with jsQR (works everywhere). */
export const decodePixels = (p: Pixels): string | null => {
	const found = jsQR(p.data, p.width, p.height, { inversionAttempts: 'attemptBoth' });
	if (!found) return null;
	// jsQR gives bytes; our codes are UTF-8.
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(found.binaryData));
	} catch {
		return found.data;
	}
};

interface Detector {
	detect(source: CanvasImageSource | ImageBitmap): Promise<{ rawValue: string }[]>;
}

let detector: Promise<Detector | null> | undefined;
/** The browser's BarcodeDetector for QR codes, or null where there is none. */
const nativeDetector = (): Promise<Detector | null> =>
	(detector ??= (async () => {
		const BD = (
			globalThis as unknown as {
				BarcodeDetector?: { new (o: unknown): Detector; getSupportedFormats(): Promise<string[]> };
			}
		).BarcodeDetector;
		if (!BD) return null;
		try {
			return (await BD.getSupportedFormats()).includes('qr_code') ? new BD({ formats: ['qr_code'] }) : null;
		} catch {
			return null;
		}
	})());

const grab = (source: CanvasImageSource, width: number, height: number): Pixels | null => {
	if (!width || !height) return null;
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const ctx = canvas.getContext('2d', { willReadFrequently: true });
	if (!ctx) return null;
	ctx.drawImage(source, 0, 0, width, height);
	const img = ctx.getImageData(0, 0, width, height);
	return { data: img.data, width, height };
};

/** Reads one frame (a video, an image) with BarcodeDetector, or jsQR where there is none. */
export const decodeSource = async (
	source: HTMLVideoElement | ImageBitmap | HTMLImageElement
): Promise<string | null> => {
	const d = await nativeDetector();
	if (d) {
		try {
			const found = await d.detect(source);
			if (found[0]) return found[0].rawValue;
		} catch {
			/* fall through to jsQR */
		}
	}
	const w = 'videoWidth' in source ? source.videoWidth : source.width;
	const h = 'videoHeight' in source ? source.videoHeight : source.height;
	// Scale big camera frames down: jsQR's time grows with pixels, and 800 px is plenty.
	const k = Math.min(1, 800 / Math.max(w, h));
	const p = grab(source, Math.round(w * k), Math.round(h * k));
	return p ? decodePixels(p) : null;
};

/** Reads a QR code from a picture a person chose (a screenshot or a photo). */
export const decodeFile = async (file: Blob): Promise<string | null> => {
	const bitmap = await createImageBitmap(file);
	try {
		return await decodeSource(bitmap);
	} finally {
		bitmap.close();
	}
};

export const cameraAvailable = (): boolean =>
	typeof navigator !== 'undefined' &&
	!!navigator.mediaDevices?.getUserMedia &&
	globalThis.isSecureContext !== false;

/** The camera could not be used: a code the messages word (rule_camera_*). */
export class CameraError extends CodedError {}

/**
 * Starts the back camera in `video` and calls onCode with the first code read (with `keepGoing`,
 * with every new code read until stopped: the camera-only path films a sequence of codes).
 * Returns stop(), which also releases the camera.
 */
export const scanWithCamera = async (
	video: HTMLVideoElement,
	onCode: (text: string) => void,
	{ keepGoing = false }: { keepGoing?: boolean } = {}
): Promise<() => void> => {
	if (!cameraAvailable())
		throw new CameraError(globalThis.isSecureContext === false ? 'camera-insecure' : 'camera-unsupported');
	let stream: MediaStream;
	try {
		stream = await navigator.mediaDevices.getUserMedia({
			video: { facingMode: 'environment' },
			audio: false
		});
	} catch (err) {
		const denied = (err as Error).name === 'NotAllowedError';
		throw new CameraError(denied ? 'camera-refused' : 'camera-none');
	}
	video.srcObject = stream;
	video.muted = true;
	video.setAttribute('playsinline', '');
	await video.play().catch(() => {});
	let stopped = false;
	const stop = () => {
		stopped = true;
		stream.getTracks().forEach((t) => t.stop());
		video.srcObject = null;
	};
	let last: string | null = null;
	const tick = async () => {
		if (stopped) return;
		if (video.readyState >= 2) {
			const text = await decodeSource(video).catch(() => null);
			if (text && !stopped && !keepGoing) {
				stop();
				onCode(text);
				return;
			}
			if (text && !stopped && text !== last) {
				last = text;
				onCode(text);
			}
		}
		// A sequence of codes changes several times a second: look again at once.
		setTimeout(tick, keepGoing ? 20 : 150);
	};
	void tick();
	return stop;
};
