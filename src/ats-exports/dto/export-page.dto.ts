import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class ExportPageDto {
  @IsOptional() @Matches(/^\d+$/, { message: 'must be the `next` value of the previous page' }) cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt({ message: 'must be an integer from 1 to 1000' }) @Min(1) @Max(1000) page_size?: number;
}
