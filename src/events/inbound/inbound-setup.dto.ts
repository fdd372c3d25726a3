import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';

export class InboundWebhookSetupDto {
  @ApiPropertyOptional({ description: "Register the webhooks with the partner through the connection's API key (Ashby webhook.create)" })
  @IsOptional()
  @IsBoolean()
  register?: boolean;

  @ApiPropertyOptional({ description: 'The address the partner reaches ats-sync at (default: the host this request came to)' })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  public_url?: string;
}

export class InboundEventsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 250, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(250)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only events received before this time (the received_at of the last one seen)' })
  @IsOptional()
  @IsDateString()
  before?: string;
}
