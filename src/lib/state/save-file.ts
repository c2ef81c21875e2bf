/**
 * Handing a file to the person: the phone's share sheet where the browser can share files
 * (Nearby Share and AirDrop work offline), a download otherwise. The one place that makes a
 * download link: export files, identity backups and anything else a screen saves use it.
 */

/** True when this browser can give files to the share sheet. */
export const canShareFiles = (): boolean => {
	try {
		return !!globalThis.navigator?.canShare?.({
			files: [new File(['x'], 'x.json', { type: 'application/json' })]
		});
	} catch {
		return false;
	}
};

/** Saves `blob` as `name` in the browser's downloads. */
export const downloadFile = (blob: Blob, name: string): void => {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	document.body.append(a);
	a.click();
	a.remove();
	// The download has started from the URL by now; a little later it can go.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/**
 * Offers a JSON text file to the share sheet where the browser can share files, and downloads it
 * otherwise. Rejects with an AbortError when the person cancels the share sheet.
 */
export const shareOrDownload = async (
	text: string,
	name: string,
	title: string,
	/** The file's type, then the fallbacks a share sheet may accept instead (a page: text/html). */
	types: readonly string[] = ['application/json', 'text/plain']
): Promise<'shared' | 'downloaded'> => {
	const nav = globalThis.navigator as Navigator | undefined;
	for (const type of types) {
		const file = new File([text], name, { type });
		if (nav?.canShare?.({ files: [file] })) {
			try {
				await nav.share({ files: [file], title });
				return 'shared';
			} catch (err) {
				if ((err as Error).name === 'AbortError') throw err;
			}
		}
	}
	downloadFile(new Blob([text], { type: types[0] }), name);
	return 'downloaded';
};
