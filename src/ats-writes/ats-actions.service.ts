import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error.js';
import type { AttachmentRestrictions } from '../connectors/connector-actions.js';
import { ACTIONS } from './action-schemas.js';

const ACTION_NAMES_MESSAGE = `must be one of ${Object.keys(ACTIONS).join(', ')}`;
import { WriteRunner } from './write-runner.js';

const UNKNOWN_RESTRICTIONS: AttachmentRestrictions = {
  total_size_bytes: null,
  types: Object.fromEntries(
    ['CV', 'COVER_LETTER', 'OTHER'].map((t) => [t, { is_supported: true, min_amount: null, max_amount: null, max_file_size_bytes: null, accepted_mime_types: null }]),
  ) as AttachmentRestrictions['types'],
};

/**
 * `GET /v1/ats/actions/:action`: per connection, whether the action is available, the JSON Schema of
 * the fields it takes (Merge's meta/post idea) and, for actions that carry files, Kombo's
 * attachment_restrictions (null values: unknown).
 */
@Injectable()
export class AtsActionsService {
  constructor(private readonly runner: WriteRunner) {}

  async describe(connectionId: string, action: string): Promise<unknown> {
    const spec = ACTIONS[action];
    if (!spec) throw ApiError.invalidField('action', ACTION_NAMES_MESSAGE);
    const opened = await this.runner.open(connectionId);
    const actions = opened.connector.actions;
    const available = spec.needs.some((name) => typeof actions?.[name] === 'function');
    const restrictions = actions?.attachmentRestrictions ?? UNKNOWN_RESTRICTIONS;
    return {
      status: 'success',
      data: {
        action,
        provider: opened.connector.provider,
        available,
        method: spec.method,
        path: spec.path,
        request_schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...spec.schema },
        ...(spec.takesAttachments ? { attachment_restrictions: available ? restrictions : null } : {}),
      },
      warnings: available ? [] : [{ message: `${opened.connector.displayName} has no API call for ${action}.` }],
    };
  }
}
