// Loaded before every end-to-end file (vite.config.ts, project e2e: setupFiles). A test fails
// when any page had an uncaught error or a console error (page-errors.ts). These hooks are the
// outermost, so they run after each file's own afterEach has closed its devices.
import { afterAll, afterEach } from 'vitest';
import { failOnPageProblems } from './page-errors.js';

afterEach(() => failOnPageProblems());
afterAll(() => failOnPageProblems('outside any test (in beforeAll or afterAll)'));
