import { base, en, Faker, type Randomizer } from '@faker-js/faker';
import { IdCodec, type Kind } from '../ids.js';
import { hash32, prng } from '../random.js';
import type { SandboxState } from './state.js';

/** The state plus what turns it into Ashby records: ids and a faker reseeded per record. */
export class World {
  readonly ids: IdCodec;
  private readonly faker = new Faker({ locale: [en, base], randomizer: cheapRandomizer() });
  /** For memoized builds that may run in the middle of another record's build (see memo). */
  private readonly nestedFaker = new Faker({ locale: [en, base], randomizer: cheapRandomizer() });
  private readonly memos = new Map<string, unknown>();

  constructor(readonly state: SandboxState) {
    this.ids = new IdCodec(state.seed);
  }

  /** A faker whose output depends only on (seed, kind, index, salt): records are stable however they are read. */
  fakerFor(kind: Kind | string, index: number, salt: number | string = 0): Faker {
    this.faker.seed(hash32(this.state.seed, kind, index, salt));
    return this.faker;
  }

  /**
   * The same, on a second faker: a memoized build runs only the first time it is asked for, so if it
   * reseeded the shared faker, the draws of the record that asked would depend on what was built
   * before it.
   */
  nestedFakerFor(kind: Kind | string, index: number): Faker {
    this.nestedFaker.seed(hash32(this.state.seed, kind, index, 0));
    return this.nestedFaker;
  }

  /** For small things that never change and records repeat often (user names): built once. */
  memo<T>(key: string, build: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, build());
    return this.memos.get(key) as T;
  }
}

/**
 * faker's default generator (a Mersenne Twister) costs ~30 µs per reseed, and the sandbox reseeds
 * for every record it builds; mulberry32 reseeds for free and is as deterministic.
 */
function cheapRandomizer(): Randomizer {
  let next = prng(0);
  return {
    next: () => next(),
    seed: (seed) => {
      next = prng(Array.isArray(seed) ? hash32(...seed) : seed);
    },
  };
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const day = (ms: number) => iso(ms).slice(0, 10);
