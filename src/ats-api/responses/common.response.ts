import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Type } from '@nestjs/common';

export const EXAMPLE_ID = '5b3f6c2e-8a41-8d0f-9c3e-1f2a3b4c5d6e';
export const EXAMPLE_TIME = '2026-01-31T12:00:00.000Z';

export const Id = (example = EXAMPLE_ID) => ApiProperty({ format: 'uuid', example, description: 'Stable ats-sync id' });
export const RemoteId = (example = '1234') => ApiProperty({ type: String, example, description: 'The id in the ATS' });
export const Text = (example: string | null = null, description?: string) =>
  ApiProperty({ type: String, nullable: true, example, description });
export const Bool = (example: boolean | null = null) => ApiProperty({ type: Boolean, nullable: true, example });
export const Num = (example: number | null = null) => ApiProperty({ type: Number, nullable: true, example });
export const Time = (description?: string, nullable = true, example: string | null = EXAMPLE_TIME) =>
  ApiProperty({ type: String, format: 'date-time', nullable, example, description });
export const Json = (description: string, example: unknown = {}) =>
  ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example, description });
export const OneOf = (values: readonly string[], example: string) => ApiProperty({ enum: values, nullable: true, example });
export const ListOf = (type: () => Type<unknown>, description?: string) => ApiProperty({ type, isArray: true, description });

export class LocationResponse {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Berlin, Germany' }) raw?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) city?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) country?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) state?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) street_1?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) street_2?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) zip_code?: string | null;
}

/** Fields every synced record has. */
export class RecordResponse {
  @Id() id: string;
  @RemoteId() remote_id: string;
  @Time('When this record’s normalized content last changed', false) changed_at: string;
  @Time('When the record disappeared from the ATS; null while it exists', true, null) remote_deleted_at: string | null;
  @Time() remote_created_at: string | null;
  @Time() remote_updated_at: string | null;
  @Json('The raw record(s) from the ATS', null) remote_data: Record<string, unknown> | null;
}

export class ExtensibleRecordResponse extends RecordResponse {
  @Json('Fields of the ATS that have no unified field, by name', {}) custom_fields: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [] }) integration_fields: unknown[];
  @Text(null, 'Always null: ats-sync does not link into the ATS UI') remote_url: null;
}

const envelopes = new Map<string, Type<unknown>>();

/** `{"status":"success","data":{"next","results":[Item]}}` for the OpenAPI document. */
export function ListEnvelope(item: Type<unknown>): Type<unknown> {
  const example = exampleOf(item);
  const name = `${item.name.replace(/Response$/, '')}ListResponse`;
  if (envelopes.has(name)) return envelopes.get(name)!;
  class Page {
    @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last page', example: null })
    next: string | null;
    @ApiProperty({ type: item, isArray: true }) results: unknown[];
  }
  Object.defineProperty(Page, 'name', { value: `${name}Data` });
  class Envelope {
    @ApiProperty({ enum: ['success'], example: 'success' }) status: 'success';
    @ApiProperty({ type: Page, example: { next: null, results: [example] } }) data: Page;
  }
  Object.defineProperty(Envelope, 'name', { value: name });
  envelopes.set(name, Envelope);
  return Envelope;
}

/** `{"status":"success","data":Item}`. */
export function ItemEnvelope(item: Type<unknown>): Type<unknown> {
  const example = exampleOf(item);
  const name = `${item.name.replace(/Response$/, '')}ItemResponse`;
  if (envelopes.has(name)) return envelopes.get(name)!;
  class Envelope {
    @ApiProperty({ enum: ['success'], example: 'success' }) status: 'success';
    @ApiProperty({ type: item, example }) data: unknown;
  }
  Object.defineProperty(Envelope, 'name', { value: name });
  envelopes.set(name, Envelope);
  return Envelope;
}

interface PropertyMetadata {
  example?: unknown;
  type?: unknown;
  isArray?: boolean;
  format?: string;
}

function isClass(value: unknown): value is Type<unknown> {
  return typeof value === 'function' && value.prototype !== undefined && value !== String && value !== Number && value !== Boolean;
}

/** An example record built from the @ApiProperty examples of a response class (and its nested ones). */
export function exampleOf(type: Type<unknown>): Record<string, unknown> {
  const keys: string[] = Reflect.getMetadata('swagger/apiModelPropertiesArray', type.prototype) ?? [];
  const example: Record<string, unknown> = {};
  for (const key of keys.map((k) => k.replace(/^:/, ''))) {
    const meta: PropertyMetadata = Reflect.getMetadata('swagger/apiModelProperties', type.prototype, key) ?? {};
    let nested = meta.type;
    if (typeof nested === 'function' && !isClass(nested)) nested = (nested as () => unknown)();
    if (meta.example !== undefined) example[key] = meta.example;
    else if (isClass(nested)) example[key] = meta.isArray ? [exampleOf(nested)] : exampleOf(nested);
    else if (meta.format === 'uuid') example[key] = EXAMPLE_ID;
    else example[key] = meta.isArray ? [] : null;
  }
  return example;
}
