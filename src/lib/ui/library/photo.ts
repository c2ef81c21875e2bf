/**
 * A photo taken with the phone's camera, shrunk on the phone to a few KB: drawn into a canvas at
 * most `side` pixels on its longer edge and encoded as JPEG, lowering the quality until the data:
 * URL fits the protocol's limit (docs/protocol/library.md). Nothing leaves the phone but that.
 */
import { refuse } from '$lib/core/host/domain';
export const shrinkPhoto = async (file: Blob, max = 8192, side = 160): Promise<string> => {
	// A file that is no picture the browser can decode says so in the member's words, not the browser's.
	const bitmap = await createImageBitmap(file).catch(() => refuse('photo-unreadable'));
	const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
	const canvas = document.createElement('canvas');
	canvas.width = Math.max(1, Math.round(bitmap.width * scale));
	canvas.height = Math.max(1, Math.round(bitmap.height * scale));
	canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
	bitmap.close();
	for (const q of [0.7, 0.55, 0.4, 0.3, 0.2]) {
		const url = canvas.toDataURL('image/jpeg', q);
		if (url.length <= max) return url;
	}
	return refuse('photo-too-detailed');
};
