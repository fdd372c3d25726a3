import type { ConnectorActions } from '../connectors/connector-actions.js';
import { ATTACHMENT_TYPES, CONTACT_TYPES, DUPLICATE_STRATEGIES } from './dto/candidate-input.dto.js';

type Schema = Record<string, unknown>;
const str = (description?: string, extra: Schema = {}): Schema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const nonEmpty = (description?: string) => str(description, { minLength: 1 });
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, required, additionalProperties: false });
const arrayOf = (items: Schema, maxItems = 20): Schema => ({ type: 'array', items, maxItems });
const ref = (what: string) => nonEmpty(`Our ${what} id, or remote:<the ATS's id>`);

const attachment = obj(
  {
    name: nonEmpty('File name'),
    type: { enum: ATTACHMENT_TYPES },
    content_type: str('MIME type; required with data'),
    data: str('The file, base64', { contentEncoding: 'base64' }),
    data_url: str('A data: URL (remote URLs are not fetched)', { pattern: '^data:' }),
  },
  ['name', 'type'],
);

const candidate = obj(
  {
    first_name: nonEmpty(),
    last_name: nonEmpty(),
    email_address: str(undefined, { format: 'email' }),
    additional_email_addresses: arrayOf(obj({ type: { enum: CONTACT_TYPES }, email_address: str(undefined, { format: 'email' }) }, ['email_address'])),
    company: str(),
    title: str(),
    phone_number: nonEmpty(),
    additional_phone_numbers: arrayOf(obj({ type: { enum: CONTACT_TYPES }, phone_number: nonEmpty() }, ['phone_number'])),
    location: obj({ city: str(), country: str('ISO 3166-1 alpha-2', { minLength: 2, maxLength: 2 }), state: str(), street_1: str(), zip_code: str() }, ['country']),
    social_links: arrayOf(obj({ url: str(undefined, { format: 'uri' }) }, ['url'])),
    gender: { enum: ['MALE', 'FEMALE', 'OTHER'] },
    availability_date: str(undefined, { format: 'date-time' }),
    salary_expectations: obj({ period: { enum: ['MONTH', 'YEAR'] }, amount: { type: 'number' } }),
  },
  ['first_name', 'last_name', 'email_address'],
);

const createCommon: Record<string, Schema> = {
  candidate,
  attachments: arrayOf(attachment, 10),
  sourced_by: obj({ user_id: ref('user') }, ['user_id']),
  remote_fields: { type: 'object', description: 'Passed to the ATS, keyed by provider' },
  duplicate_strategy: { enum: DUPLICATE_STRATEGIES, default: 'attach_on_email_match' },
  merge_with_candidate_id: ref('candidate'),
  screening_question_answers: arrayOf(obj({ question_id: str(), answer: {} }, ['question_id', 'answer']), 200),
  gdpr_consent: obj({ expires_at: str(undefined, { format: 'date-time' }), given: { type: 'boolean' } }),
  source: obj({ name: str(), unified_key: str(), id: str() }),
};

export interface ActionSpec {
  method: string;
  path: string;
  /** Connector methods the action needs (any one of them). */
  needs: (keyof ConnectorActions)[];
  takesAttachments: boolean;
  schema: Schema;
}

/** Every write, by Kombo's action name. */
export const ACTIONS: Record<string, ActionSpec> = {
  ats_create_application: {
    method: 'POST',
    path: '/v1/ats/jobs/{job_id}/applications',
    needs: ['createCandidate'],
    takesAttachments: true,
    schema: obj({ ...createCommon, stage_id: ref('stage') }, ['candidate']),
  },
  ats_create_candidate: {
    method: 'POST',
    path: '/v1/ats/candidates',
    needs: ['createCandidate'],
    takesAttachments: true,
    schema: obj({ ...createCommon, application: obj({ job_id: ref('job'), stage_id: ref('stage') }, ['job_id']) }, ['candidate']),
  },
  ats_move_application_to_stage: {
    method: 'PUT',
    path: '/v1/ats/applications/{application_id}/stage',
    needs: ['moveApplicationToStage'],
    takesAttachments: false,
    schema: obj({ stage_id: ref('stage'), remote_fields: { type: 'object' } }, ['stage_id']),
  },
  ats_reject_application: {
    method: 'POST',
    path: '/v1/ats/applications/{application_id}/reject',
    needs: ['rejectApplication'],
    takesAttachments: false,
    schema: obj({ rejection_reason_id: ref('rejection reason'), note: str(), remote_fields: { type: 'object' } }, ['rejection_reason_id']),
  },
  ats_add_application_note: {
    method: 'POST',
    path: '/v1/ats/applications/{application_id}/notes',
    needs: ['addApplicationNote'],
    takesAttachments: false,
    schema: obj({ content: nonEmpty(), content_type: { enum: ['PLAIN_TEXT'] }, remote_fields: { type: 'object' } }, ['content', 'content_type']),
  },
  ats_add_candidate_tag: {
    method: 'POST',
    path: '/v1/ats/candidates/{candidate_id}/tags',
    needs: ['addCandidateTag'],
    takesAttachments: false,
    schema: obj({ tag: obj({ name: nonEmpty() }, ['name']), remote_fields: { type: 'object' } }, ['tag']),
  },
  ats_remove_candidate_tag: {
    method: 'DELETE',
    path: '/v1/ats/candidates/{candidate_id}/tags',
    needs: ['removeCandidateTag'],
    takesAttachments: false,
    schema: obj({ tag: obj({ name: nonEmpty() }, ['name']), remote_fields: { type: 'object' } }, ['tag']),
  },
  ats_add_application_attachment: {
    method: 'POST',
    path: '/v1/ats/applications/{application_id}/attachments',
    needs: ['addApplicationAttachment', 'addCandidateAttachment'],
    takesAttachments: true,
    schema: obj({ attachment, remote_fields: { type: 'object' } }, ['attachment']),
  },
  ats_add_candidate_attachment: {
    method: 'POST',
    path: '/v1/ats/candidates/{candidate_id}/attachments',
    needs: ['addCandidateAttachment'],
    takesAttachments: true,
    schema: obj({ attachment, remote_fields: { type: 'object' } }, ['attachment']),
  },
};
