import { Param, Post } from '@nestjs/common';
import { ScopedConnection } from '../../ats-api/scope/connection-scope.js';
import { CurrentWrite, type WriteMeta } from '../write-request.js';
import { actionNotAvailable, WriteRunner } from '../write-runner.js';
import { AtsWriteController, WriteEndpoint } from './write-endpoint.decorators.js';

/**
 * Kombo calls that no connector here makes (assessment result links, importing a tracked
 * application): Kombo's answer for an integration without the action, 400
 * INTEGRATION.ACTION_NOT_AVAILABLE, which its SDK parses; not a 404 "no such endpoint".
 */
@AtsWriteController('')
export class UnsupportedWritesController {
  constructor(private readonly runner: WriteRunner) {}

  private refuse(connectionId: string, meta: WriteMeta, action: string, what: string): Promise<never> {
    return this.runner.run({ ...meta, connectionId }, action, async (opened) => {
      throw actionNotAvailable(opened, what);
    }) as Promise<never>;
  }

  @Post('candidates/:candidate_id/result-links')
  @WriteEndpoint('Add a result link to a candidate', 'No connector here has this call: 400 INTEGRATION.ACTION_NOT_AVAILABLE.')
  candidateResultLink(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta, @Param('candidate_id') _id: string) {
    return this.refuse(connectionId, meta, 'ats_add_candidate_result_link', 'add result links');
  }

  @Post('applications/:application_id/result-links')
  @WriteEndpoint('Add a result link to an application', 'No connector here has this call: 400 INTEGRATION.ACTION_NOT_AVAILABLE.')
  applicationResultLink(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta, @Param('application_id') _id: string) {
    return this.refuse(connectionId, meta, 'ats_add_application_result_link', 'add result links');
  }

  @Post('import-tracked-application')
  @WriteEndpoint('Import a tracked application', 'No connector here has this call: 400 INTEGRATION.ACTION_NOT_AVAILABLE.')
  importTrackedApplication(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta) {
    return this.refuse(connectionId, meta, 'ats_import_tracked_application', 'import tracked applications');
  }
}
