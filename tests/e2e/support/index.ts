// The end-to-end test support every issue reuses. See README.md ("Tests") for how it fits together.
export * from './browser.js';
export * from './page-errors.js';
export * from './server.js';
export * from './fixture.js';
export * from './axe.js';
export * from './screenshot.js';
export * from './netns.js';
export * from './png.js';
export { findChromium } from './ensure-chromium.js';
export * from './release.js';
export * from './hook.js';
