import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { documentErrors } from './openapi-errors.js';
import { routeFactsOf } from './openapi-routes.js';

/** ats-sync's keys are opaque random tokens, not JWTs (Nest's addBearerAuth() would say "JWT"). */
const API_KEY_SCHEME = {
  type: 'http' as const,
  scheme: 'bearer',
  description:
    'An ats-sync API key, sent as `Authorization: Bearer <key>`: the admin key (`ATS_SYNC_ADMIN_KEY`) or a key scoped to one connection (`POST /v1/api-keys`). An opaque token, not a JWT.',
};

/** /openapi.json and the browsable /docs, generated from the controllers and DTOs, with every error response. */
export function mountOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('ats-sync')
    .setDescription(
      'Self-hosted unified ATS API. Every call needs `Authorization: Bearer <key>`: the admin key, or a key scoped to one connection. Every error is the `ErrorEnvelope` (`KomboGeneralErrorEnvelope` on Kombo’s general and connect calls). A request line and headers over 16 KB get Node’s bare `431` before the application sees them.',
    )
    .setVersion('0.1.0')
    .addBearerAuth(API_KEY_SCHEME, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components!.securitySchemes = { bearer: API_KEY_SCHEME };
  documentErrors(document, routeFactsOf(app));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}
