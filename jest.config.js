/** Jest runs the TypeScript sources directly; type checking is a separate `tsc --noEmit` step. */
module.exports = {
  testEnvironment: 'node',
  // multiformats ships ES modules only (its "module-sync" export, which Node 20.19+ can require).
  // Jest's module system can neither resolve that condition nor load ESM from CommonJS, so its
  // files are mapped by path and compiled to CommonJS with ts-jest like our own sources.
  moduleNameMapper: {
    '^multiformats$': '<rootDir>/node_modules/multiformats/dist/src/index.js',
    '^multiformats/(.+)$': '<rootDir>/node_modules/multiformats/dist/src/$1.js',
  },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    '/node_modules/multiformats/.+\\.js$': [
      'ts-jest',
      { diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!multiformats/)'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // One throwaway PostgreSQL server for the whole run (test/helpers/postgres.ts): its URL reaches
  // the workers through GOVBRIDGE_TEST_PG_URL.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
  // Most suites wait on processes, sockets or a chain node rather than compute: two workers on the
  // two cores of a CI machine halve the wall time without starving either.
  maxWorkers: 2,
};
