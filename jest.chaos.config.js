// The chaos suite (`npm run test:chaos`): the fuzzer at 10,000 requests, 60-second partner storms
// and SIGKILLs of a serving process at random points. One file at a time on a 2-core machine.
import base from './jest.config.js';

export default {
  ...base,
  testMatch: [
    '<rootDir>/test/reliability/chaos/*.chaos.ts',
    '<rootDir>/test/reliability/fuzz-openapi.spec.ts',
    '<rootDir>/test/reliability/partner-storms.spec.ts',
    '<rootDir>/test/reliability/tenant-matrix.spec.ts',
  ],
  setupFiles: ['<rootDir>/test/reliability/chaos/chaos-env.ts'],
  maxWorkers: 1,
  testTimeout: 1_800_000,
};
