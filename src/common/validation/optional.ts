import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but not sent as null: unlike @IsOptional, null still meets the
 * field's validators (a PATCH {"enabled": null} is a 400, not a NOT NULL violation).
 */
export const OmittableNotNull = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);
