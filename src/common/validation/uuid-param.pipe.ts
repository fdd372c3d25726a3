import { Injectable, type PipeTransform, type ArgumentMetadata } from '@nestjs/common';
import { ApiError } from '../errors/api-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids are UUIDs; anything else is a 400 naming the parameter, before any query runs. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!UUID.test(value)) throw ApiError.invalidField(metadata.data ?? 'id', 'must be a UUID');
    return value.toLowerCase();
  }
}
