import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { ConnectModule } from '../connect/connect.module.js';
import { ConnectionsModule } from '../connections/connections.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { DashboardController } from './dashboard.controller.js';

/** The operator dashboard at /dashboard. */
@Module({
  imports: [ApiKeysModule, ConnectionsModule, SyncModule, ConnectModule],
  controllers: [DashboardController],
})
export class DashboardModule {}
