import { Module } from '@nestjs/common';
import { ConnectModule } from '../connect/connect.module.js';
import { ConnectionsModule } from '../connections/connections.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { GeneralController } from './general.controller.js';
import { IntegrationFieldsController } from './integration-fields.controller.js';
import { IntegrationsController } from './integrations.controller.js';
import { PassthroughController } from './passthrough.controller.js';
import { PassthroughService } from './passthrough.service.js';
import { RolesController } from './roles.controller.js';

/** Kombo's general API (integrations, tools, force-sync, passthrough) and its roles list, on ats-sync's data. */
@Module({
  imports: [ConnectionsModule, SyncModule, ConnectModule],
  controllers: [GeneralController, IntegrationsController, IntegrationFieldsController, PassthroughController, RolesController],
  providers: [PassthroughService],
})
export class GeneralApiModule {}
