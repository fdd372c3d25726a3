import type { ATS_JOIN_ENTITIES, ATS_MODEL_ENTITIES } from './entities/index.js';

/**
 * The normalized record types every part shares: connectors produce them, the sync writer stores
 * them, the API reads the tables they fill. Field names come from the entities, so a column a
 * mapper misspells fails the build instead of the first sync.
 */

/** The normalized models. Table names are `ats_<model>`. */
export type AtsModel = keyof typeof ATS_MODEL_ENTITIES;

/** Join tables; their members are diffed per parent. */
export type JoinModel = keyof typeof ATS_JOIN_ENTITIES;

type ModelRow<M extends AtsModel> = InstanceType<(typeof ATS_MODEL_ENTITIES)[M]>;
type JoinRow<J extends JoinModel> = InstanceType<(typeof ATS_JOIN_ENTITIES)[J]>;

/** Columns the writer fills itself (identity, hash, deletion state, raw payload). */
type WriterColumns = 'id' | 'connection_id' | 'remote_id' | 'changed_at' | 'remote_deleted_at' | 'content_hash' | 'remote_data';

/** The columns of model M a mapper may set (values loosely typed: the writer serializes them). */
export type ModelFields<M extends AtsModel> = { [K in Exclude<keyof ModelRow<M>, WriterColumns>]?: unknown };

/** Reference columns of model M (e.g. `candidate_id`), given as remote ids. */
export type ModelRefs<M extends AtsModel> = { [K in Exclude<keyof ModelRow<M>, WriterColumns>]?: RemoteRef | null };

/** A reference to another record by its remote id; the writer turns it into the stable internal id. */
export interface RemoteRef {
  model: AtsModel;
  remote_id: string;
}

interface RecordOf<M extends AtsModel> {
  remote_id: string;
  /** The model's columns (snake_case), except ids and references. */
  fields: ModelFields<M>;
  /** Reference columns (e.g. `candidate_id`) as remote ids; null for "no reference". */
  refs?: ModelRefs<M>;
  remote_data?: unknown;
  /** Set when the provider itself reports the record deleted (a `deleted_at` field). */
  remote_deleted_at?: Date | null;
}

/** One normalized record of model M (of any model when M is left out), as a mapper produces it. */
export type NormalizedRecord<M extends AtsModel = AtsModel> = M extends AtsModel ? RecordOf<M> : never;

/** Normalized records by model. */
export type RecordsByModel = { [M in AtsModel]?: NormalizedRecord<M>[] };

type JoinEnds = 'job_id' | 'stage_id' | 'user_id' | 'interview_id' | 'candidate_id' | 'tag_id';
type JoinFields<J extends JoinModel> = J extends JoinModel ? { [K in Exclude<keyof JoinRow<J>, WriterColumns | JoinEnds>]?: unknown } : never;

export interface JoinMember<J extends JoinModel = JoinModel> {
  member: RemoteRef;
  fields?: JoinFields<J>;
}

/** The complete member set of one parent in a join table; members not listed are removed. */
export type JoinSet = { [J in JoinModel]: { join: J; parent: RemoteRef; members: JoinMember<J>[] } }[JoinModel];

/** What a mapper returns for one page of raw records. */
export interface MappedPage {
  records: RecordsByModel;
  joins?: JoinSet[];
  /**
   * Raw records that could not be mapped; the run reports them and goes on. Give the model and
   * remote id where known: the record then still counts as present, so no sweep deletes it.
   */
  failures?: { model?: AtsModel; remote_id: string | null; reason: string }[];
  /**
   * Columns the writer fills from related rows once those are stored, instead of the connector
   * asking the partner per record (e.g. a candidate's source from their first application). Given
   * by the mappers of both ends, so a write of either side recomputes the column for the rows it
   * touched; records whose content did not change cost nothing.
   */
  derived?: DerivedColumn[];
}

/** A column of `model` computed from rows of `from.model` that reference it (see MappedPage.derived). */
export interface DerivedColumn {
  model: AtsModel;
  column: string;
  from: {
    model: AtsModel;
    /** The column of `from.model` that references the `model` row (e.g. `candidate_id`). */
    ref: string;
    /** The value taken: a column, or one key of a jsonb column. */
    value: { column: string; key?: string };
    /** Only rows where this text column has this value count (e.g. a posting's status). */
    where?: { column: string; equals: string };
    /** Which related row gives the value: the first or last by these columns (then lowest remote_id). */
    pick: { by: string[]; order: 'first' | 'last' };
  };
  /**
   * `when-present`: the related value replaces the row's own only when there is one (a candidate
   * without applications keeps their own source). `always`: the column is the related value or null.
   */
  mode: 'when-present' | 'always';
}
