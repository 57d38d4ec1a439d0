/**
 * Jest runs the TypeScript sources as native ES modules (p-queue is ESM-only), so
 * `npm run jest` starts Node with --experimental-vm-modules. ts-jest only transpiles
 * (isolatedModules); `npm run typecheck` is the type check.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The ESM build imports its JSON metadata without an import attribute, which Jest's
    // ESM loader warns about on every file; the CommonJS build is the same code.
    '^libphonenumber-js/max$': '<rootDir>/node_modules/libphonenumber-js/max/index.cjs',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  globalSetup: '<rootDir>/test/helpers/globalSetup.js',
  globalTeardown: '<rootDir>/test/helpers/globalTeardown.js',
  testTimeout: 60000,
  maxWorkers: 2,
};
