import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as identity from '$lib/device/identity';
import { MemoryStore, openIdbStore, type DeviceStore } from '$lib/device/store';

const NOW = 1_700_000_000_000;
let dbCount = 0;
const freshStore = (): Promise<DeviceStore> => openIdbStore(`test-identity-${dbCount++}`);
const PASS = 'correct horse battery staple';

describe('identity on the device', () => {
	it('is created once and loaded back from IndexedDB', async () => {
		const store = await freshStore();
		expect((await identity.loadIdentity(store, NOW)).identity).toBeNull();
		const me = await identity.createIdentity(store, '  Maya  ', NOW);
		expect(me.name).toBe('Maya');
		expect(me.publicKey).toMatch(/^[0-9a-f]{64}$/);
		const loaded = await identity.loadIdentity(store, NOW);
		expect(loaded.problem).toBeNull();
		expect(loaded.identity?.publicKey).toBe(me.publicKey);
		expect(loaded.identity?.secretKey).toEqual(me.secretKey);
	});

	it('refuses an empty name', async () => {
		await expect(identity.createIdentity(new MemoryStore(), '   ', NOW)).rejects.toThrow(/call you/);
	});

	it('refuses a name the circle would refuse: a direction override or an invisible character (T34)', async () => {
		for (const name of ['Maya\u202Egnp.exe', 'Ma\u200Bya'])
			await expect(identity.createIdentity(new MemoryStore(), name, NOW)).rejects.toThrow(/direction/);
		expect(identity.checkName('می‌خواهم 👩‍👩‍👧')).toBeNull();
	});

	it('sets an unreadable record aside instead of deleting it', async () => {
		const store = await freshStore();
		await store.put('identity', 'self', { name: 42, junk: true });
		const loaded = await identity.loadIdentity(store, NOW);
		expect(loaded.identity).toBeNull();
		expect(loaded.problem).toMatch(/could not be read.*set aside/);
		const aside = await store.entries('aside', 'identity/');
		expect(aside).toHaveLength(1);
		expect((aside[0]![1] as { value: unknown }).value).toEqual({ name: 42, junk: true });
	});
});

describe('identity backup', () => {
	it('round-trips through the encrypted file', async () => {
		const store = await freshStore();
		const me = await identity.createIdentity(store, 'Maya Okafor', NOW);
		const blob = await identity.exportBackup(me, PASS);
		const text = await blob.text();
		expect(text).not.toContain(Buffer.from(me.secretKey).toString('hex'));
		const file = JSON.parse(text);
		expect(file.format).toBe('circulate-identity');
		expect(file.version).toBe(1);
		expect(file.kdf.iterations).toBeGreaterThanOrEqual(210_000);
		expect(identity.backupFileName(me.name)).toBe('circulate-identity-maya-okafor.json');

		const other = await freshStore();
		const restored = await identity.importBackup(other, blob, PASS, NOW + 1);
		expect(restored.publicKey).toBe(me.publicKey);
		expect(restored.secretKey).toEqual(me.secretKey);
		expect((await identity.loadIdentity(other, NOW)).identity?.publicKey).toBe(me.publicKey);
	});

	const expectNothingChanged = async (file: string, passphrase: string, message: RegExp) => {
		const store = await freshStore();
		const current = await identity.createIdentity(store, 'Jo', NOW);
		const err = await identity.importBackup(store, file, passphrase, NOW).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(identity.BackupError);
		expect((err as Error).message).toMatch(message);
		expect((err as Error).message).toMatch(/Nothing was changed/);
		expect((await identity.loadIdentity(store, NOW)).identity?.publicKey).toBe(current.publicKey);
		expect(await store.entries('aside')).toHaveLength(0);
	};

	const someBackup = async () =>
		identity.exportBackupText(await identity.createIdentity(new MemoryStore(), 'Maya', NOW), PASS);

	it('says a wrong passphrase does not open it, and changes nothing', async () => {
		await expectNothingChanged(await someBackup(), 'not the passphrase', /passphrase does not open/);
	});

	it('refuses a corrupt file', async () => {
		const text = await someBackup();
		const file = JSON.parse(text);
		file.ciphertext =
			file.ciphertext.slice(0, 10) + (file.ciphertext[10] === 'A' ? 'B' : 'A') + file.ciphertext.slice(11);
		await expectNothingChanged(JSON.stringify(file), PASS, /does not open|damaged/);
	});

	it('refuses an altered label (the clear header is authenticated)', async () => {
		const file = JSON.parse(await someBackup());
		file.name = 'Mallory';
		await expectNothingChanged(JSON.stringify(file), PASS, /does not open/);
	});

	it('refuses a truncated file', async () => {
		const text = await someBackup();
		await expectNothingChanged(text.slice(0, text.length / 2), PASS, /damaged or cut short/);
	});

	it('refuses a foreign file', async () => {
		await expectNothingChanged('{"hello":"world"}', PASS, /not a Circulate identity backup/);
		await expectNothingChanged('\u0000\u0001PK', PASS, /not a complete/);
	});

	it('asks for an update when the file is from a newer version', async () => {
		const file = JSON.parse(await someBackup());
		file.version = 2;
		await expectNothingChanged(JSON.stringify(file), PASS, /newer version of Circulate/);
	});

	it('refuses a too-short passphrase when making a backup', async () => {
		const me = await identity.createIdentity(new MemoryStore(), 'Maya', NOW);
		await expect(identity.exportBackup(me, 'short')).rejects.toThrow(/at least 8/);
	});

	it('keeps the identity it replaces on restore', async () => {
		const store = await freshStore();
		const old = await identity.createIdentity(store, 'Old', NOW);
		await identity.importBackup(store, await someBackup(), PASS, NOW + 5);
		const aside = await store.entries('aside', 'identity/');
		expect(aside.map(([, v]) => (v as { value: { publicKey: string } }).value.publicKey)).toEqual([
			old.publicKey
		]);
	});
});
