import { Module } from '@nestjs/common';
import { AtsApiModule } from '../ats-api/ats-api.module.js';
import { ConnectionsModule } from '../connections/connections.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { AtsActionsService } from './ats-actions.service.js';
import { CandidateWritesService } from './candidate-writes.service.js';
import { AtsActionsController, WriteAuditController } from './controllers/actions.controller.js';
import { ApplicationAttachmentsController, ApplicationWritesController, JobApplicationsController } from './controllers/applications-writes.controller.js';
import { CandidateAttachmentsController, CandidateWritesController } from './controllers/candidates-writes.controller.js';
import { UnsupportedWritesController } from './controllers/unsupported-writes.controller.js';
import { DuplicateCheckService } from './duplicate-check.service.js';
import { RecordWritesService } from './record-writes.service.js';
import { WriteRunner } from './write-runner.js';

/** Kombo's write API (`/v1/ats/…` writes), the duplicate check, the actions catalogue and the audit log. */
@Module({
  imports: [AtsApiModule, ConnectionsModule, SyncModule],
  controllers: [
    CandidateWritesController,
    CandidateAttachmentsController,
    JobApplicationsController,
    ApplicationWritesController,
    ApplicationAttachmentsController,
    AtsActionsController,
    WriteAuditController,
    UnsupportedWritesController,
  ],
  providers: [WriteRunner, CandidateWritesService, RecordWritesService, DuplicateCheckService, AtsActionsService],
  exports: [WriteRunner],
})
export class AtsWritesModule {}
