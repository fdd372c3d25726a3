import { InitialSchema1763798400000 } from './1763798400000-initial-schema.js';
import { SyncEngine1763850000000 } from './1763850000000-sync-engine.js';
import { ReadApiIndexes1763900000000 } from './1763900000000-read-api-indexes.js';
import { WriteApi1764300000000 } from './1764300000000-write-api.js';
import { Events1764500000000 } from './1764500000000-events.js';
import { Exports1764600000000 } from './1764600000000-exports.js';
import { Connect1764700000000 } from './1764700000000-connect.js';
import { DistributionKeys1764720000000 } from './1764720000000-distribution-keys.js';
import { UnchangedPages1764730000000 } from './1764730000000-unchanged-pages.js';
import { FoldNamesAnyLocale1764800000000 } from './1764800000000-fold-names-any-locale.js';
import { ExportsByConnection1764900000000 } from './1764900000000-exports-by-connection.js';
import { DashboardSignInLimit1765000000000 } from './1765000000000-dashboard-sign-in-limit.js';
import { LookupIndexesByConnection1765400000000 } from './1765400000000-lookup-indexes-by-connection.js';

/** Every migration, in order. Listed explicitly so the compiled app and the CLI load the same set. */
export const MIGRATIONS = [InitialSchema1763798400000, SyncEngine1763850000000, ReadApiIndexes1763900000000, WriteApi1764300000000, Events1764500000000, Exports1764600000000, Connect1764700000000, DistributionKeys1764720000000, UnchangedPages1764730000000, FoldNamesAnyLocale1764800000000, ExportsByConnection1764900000000, DashboardSignInLimit1765000000000, LookupIndexesByConnection1765400000000];
