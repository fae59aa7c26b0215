/** Public API of hil, for suites and users' configs. */
export * from './errors.js';
export { defineConfig } from './config/define-config.js';
export type { HilConfig, ResolvedHilConfig } from './config/define-config.js';
