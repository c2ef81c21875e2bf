#!/usr/bin/env node
// `npm run signal`: starts y-webrtc's bundled signaling server (node_modules/y-webrtc/bin/server.js)
// for a circle that hosts its own rooms. It relays only encrypted signaling between members'
// phones (the room name is a hash, the messages are sealed with the circle secret); the
// circle's documents never pass through it.
//
//   PORT (default 4444)   HOST (default 127.0.0.1: this computer only; set HOST=0.0.0.0 to serve
//                          the LAN, behind TLS for https pages, which may not open ws:// to a LAN box)
//
// The bundled server calls server.listen(port) on every interface; we pass it the host instead.
import http from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 4444);
process.env.PORT = String(port);

const listen = /** @type {(this: http.Server, ...args: unknown[]) => http.Server} */ (
	http.Server.prototype.listen
);
/** @param {...unknown} args */
http.Server.prototype.listen = function (...args) {
	if (args.length === 1 && (typeof args[0] === 'number' || typeof args[0] === 'string')) {
		return listen.call(this, Number(args[0]), host, () => {
			console.log(
				`Circulate signaling (y-webrtc) on ws://${host}:${port} — add this address in the circle's room settings.`
			);
		});
	}
	return listen.apply(this, args);
};

const server = fileURLToPath(new URL('../../node_modules/y-webrtc/bin/server.js', import.meta.url));
if (!existsSync(server)) {
	console.error('y-webrtc is not installed: run `npm install` first.');
	process.exit(1);
}
await import(pathToFileURL(server).href);
