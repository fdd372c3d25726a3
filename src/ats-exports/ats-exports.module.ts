import { Module } from '@nestjs/common';
import { AtsApiModule } from '../ats-api/ats-api.module.js';
import { AtsWritesModule } from '../ats-writes/ats-writes.module.js';
import { ConnectionsModule } from '../connections/connections.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { ExportRunner } from './export-runner.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';

/** Bulk export of sourced candidates into the ATS (`/v1/ats/exports`). */
@Module({
  imports: [AtsApiModule, AtsWritesModule, ConnectionsModule, SyncModule],
  controllers: [ExportsController],
  providers: [ExportsService, ExportRunner],
})
export class AtsExportsModule {}
