import { InitialSchema1763798400000 } from './1763798400000-initial-schema.js';

/** Every migration, in order. Listed explicitly so the compiled app and the CLI load the same set. */
export const MIGRATIONS = [InitialSchema1763798400000];
