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
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  globalSetup: '<rootDir>/test/helpers/globalSetup.js',
  globalTeardown: '<rootDir>/test/helpers/globalTeardown.js',
  testTimeout: 60000,
  maxWorkers: 2,
};
