/** Public API of hil, for suites and users' configs. */
export * from './errors.js';
