import { base, en, Faker } from '@faker-js/faker';
import { IdCodec, type Kind } from '../ids.js';
import { hash32 } from '../random.js';
import type { SandboxState } from './state.js';

/** The state plus what turns it into Ashby records: ids and a faker reseeded per record. */
export class World {
  readonly ids: IdCodec;
  private readonly faker = new Faker({ locale: [en, base] });

  constructor(readonly state: SandboxState) {
    this.ids = new IdCodec(state.seed);
  }

  /** A faker whose output depends only on (seed, kind, index, salt): records are stable however they are read. */
  fakerFor(kind: Kind | string, index: number, salt: number | string = 0): Faker {
    this.faker.seed(hash32(this.state.seed, kind, index, salt));
    return this.faker;
  }
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const day = (ms: number) => iso(ms).slice(0, 10);
