import { Param, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AtsReadController, GetEndpoint, ListEndpoint } from '../../ats-api/controllers/read-endpoint.decorators.js';
import { AtsReadService } from '../../ats-api/ats-read.service.js';
import { ListQueryDto } from '../../ats-api/query/list-query.dto.js';
import { ScopedConnection } from '../../ats-api/scope/connection-scope.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { hiresModel } from './hires.read-model.js';

export class HireResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ description: "The application's remote id" }) remote_id!: string;
  @ApiPropertyOptional({ nullable: true, description: 'First word of the name' }) first_name!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The words between the first and the last' }) middle_name!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Last word of the name' }) last_name!: string | null;
  @ApiPropertyOptional({ nullable: true }) personal_email!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['PERSONAL', 'PRIMARY'], description: 'PRIMARY: the candidate has no entry of type Personal; this is the primary one' })
  personal_email_type!: string | null;
  @ApiPropertyOptional({ nullable: true }) personal_phone!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['PERSONAL', 'PRIMARY'] }) personal_phone_type!: string | null;
  @ApiPropertyOptional({ nullable: true }) job_title!: string | null;
  @ApiPropertyOptional({ nullable: true }) department!: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'date-time', description: "The accepted offer's start date (latest version)" }) start_date!: string | null;
  @ApiPropertyOptional({ nullable: true }) salary_amount!: number | null;
  @ApiPropertyOptional({ nullable: true }) salary_currency!: string | null;
  @ApiProperty({ format: 'date-time' }) hired_at!: string;
  @ApiPropertyOptional({ nullable: true }) candidate_id!: string | null;
  @ApiProperty() application_id!: string;
  @ApiPropertyOptional({ nullable: true }) job_id!: string | null;
  @ApiPropertyOptional({ nullable: true }) offer_id!: string | null;
  @ApiProperty({ format: 'date-time' }) changed_at!: string;
  @ApiPropertyOptional({ nullable: true, format: 'date-time', description: 'Set when the hire was reverted in the ATS (or the application deleted)' })
  remote_deleted_at!: string | null;
}

@AtsReadController('hires')
export class HiresController {
  constructor(private readonly reads: AtsReadService) {}

  @ListEndpoint('List hires', HireResponse, 'One record per hired application, for someone to review before adding them to an HRIS: name parts, personal contact, job, department, and the accepted offer.')
  list(@ScopedConnection() connectionId: string, @Query() query: ListQueryDto): Promise<string> {
    return this.reads.list(hiresModel, connectionId, query);
  }

  @GetEndpoint('Get a hire', HireResponse)
  get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string): Promise<string> {
    return this.reads.get(hiresModel, connectionId, id);
  }
}
