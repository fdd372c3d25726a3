import type { EndUser } from '../connect/connect-links.repository.js';
import type { Connection } from '../connections/connection.entity.js';
import type { ConnectorActions } from '../connectors/connector-actions.js';
import type { AtsModel, Connector } from '../connectors/connector.js';

/** Kombo's read-model ids and labels for ats-sync's models. */
const READ_MODELS: { model: AtsModel; id: string; label: string }[] = [
  { model: 'users', id: 'ats_users', label: 'Users' },
  { model: 'jobs', id: 'ats_jobs', label: 'Jobs' },
  { model: 'job_postings', id: 'ats_job_postings', label: 'Job postings' },
  { model: 'candidates', id: 'ats_candidates', label: 'Candidates' },
  { model: 'application_stages', id: 'ats_application_stages', label: 'Application stages' },
  { model: 'applications', id: 'ats_applications', label: 'Applications' },
  { model: 'interviews', id: 'ats_interviews', label: 'Interviews' },
  { model: 'offers', id: 'ats_offers', label: 'Offers' },
  { model: 'rejection_reasons', id: 'ats_rejection_reasons', label: 'Rejection reasons' },
  { model: 'tags', id: 'ats_tags', label: 'Tags' },
];

/** Kombo's write-action ids for the connector actions behind them. */
const WRITE_ACTIONS: { action: keyof ConnectorActions; id: string; label: string }[] = [
  { action: 'createCandidate', id: 'ats_create_candidate', label: 'Create candidate' },
  { action: 'createApplication', id: 'ats_create_application', label: 'Create application' },
  { action: 'moveApplicationToStage', id: 'ats_move_application_stage', label: 'Move application to stage' },
  { action: 'rejectApplication', id: 'ats_reject_application', label: 'Reject application' },
  { action: 'addApplicationNote', id: 'ats_add_application_note', label: 'Add application note' },
  { action: 'addCandidateTag', id: 'ats_add_candidate_tag', label: 'Add candidate tag' },
  { action: 'removeCandidateTag', id: 'ats_remove_candidate_tag', label: 'Remove candidate tag' },
  { action: 'addCandidateAttachment', id: 'ats_add_candidate_attachment', label: 'Add candidate attachment' },
  { action: 'addApplicationAttachment', id: 'ats_add_application_attachment', label: 'Add application attachment' },
];

const coverage = (supported: boolean) => (supported ? 'SUPPORTED' : 'UNSUPPORTED');

function readModels(connector: Connector) {
  const has = (m: AtsModel) => (connector.models ? connector.models.includes(m) : true);
  return READ_MODELS.map((r) => ({ id: r.id, label: r.label, supported: has(r.model) }));
}

function writeActions(connector: Connector) {
  return WRITE_ACTIONS.map((w) => ({ id: w.id, label: w.label, supported: typeof connector.actions?.[w.action] === 'function' }));
}

export function logoUrl(publicUrl: string, provider: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/connect/logos/${provider}.svg`;
}

/** One entry of Kombo's `GET /tools/ats`. */
export function toolEntry(connector: Connector, publicUrl: string) {
  const logo = logoUrl(publicUrl, connector.provider);
  return {
    id: connector.provider,
    label: connector.displayName,
    internal_label: null,
    assets: { logo_url: logo, icon_url: logo, icon_black_url: logo },
    paid_api_details_markdown: null,
    fast_track_details_markdown: null,
    partner_only_details_markdown: null,
    connection_guide_url: null,
    coverage: {
      read_models: readModels(connector).map((r) => ({ id: r.id, label: r.label, coverage_status: coverage(r.supported), fields: [] })),
      write_actions: writeActions(connector).map((w) => ({ id: w.id, label: w.label, coverage_status: coverage(w.supported), fields: [] })),
      features: [
        { id: 'ats_inbound_webhooks', label: 'Upstream webhooks', coverage_status: coverage(Boolean(connector.webhooks)) },
        { id: 'passthrough', label: 'Passthrough API', coverage_status: 'SUPPORTED' },
      ],
    },
  };
}

/** Kombo's ACTIVE / INVALID / INACTIVE: a disabled connection is INACTIVE whatever its credentials. */
export function integrationStatus(connection: Pick<Connection, 'enabled' | 'state'>): 'ACTIVE' | 'INVALID' | 'INACTIVE' {
  if (!connection.enabled) return 'INACTIVE';
  return connection.state === 'INVALID' ? 'INVALID' : connection.state === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE';
}

/** Kombo's `GET /integrations/:id`, for a connection (and its end user, when Connect made it). */
export function integrationDetails(connection: Connection, endUser: EndUser | null, connector: Connector, publicUrl: string) {
  const logo = logoUrl(publicUrl, connector.provider);
  return {
    id: connection.id,
    tool: { id: connector.provider, label: connector.displayName, internal_label: null, logo_url: logo, icon_url: logo },
    category: 'ATS' as const,
    status: integrationStatus(connection),
    setup_status: 'COMPLETED' as const,
    end_user: {
      organization_name: endUser?.organization_name ?? connection.name ?? '',
      creator_email: endUser?.email ?? null,
      origin_id: endUser?.origin_id ?? null,
    },
    // ats-sync syncs every model a provider has: one fixed scope.
    scope_config: { id: 'default', name: 'Everything the provider has' },
    data_expired_at: null,
    created_at: connection.created_at,
    beta: false,
    read_models: readModels(connector).map((r) => ({
      id: r.id,
      label: r.label,
      is_available: r.supported,
      coverage_status: coverage(r.supported),
      scope_config_setting: r.supported ? 'ENABLED' : 'DISABLED',
      opted_out_by_customer: false,
      fields: [],
    })),
    write_actions: writeActions(connector).map((w) => ({
      id: w.id,
      label: w.label,
      is_available: w.supported,
      coverage_status: coverage(w.supported),
      scope_config_setting: w.supported ? 'ENABLED' : 'DISABLED',
      opted_out_by_customer: false,
      fields: [],
    })),
  };
}
