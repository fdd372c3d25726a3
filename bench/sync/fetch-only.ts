// The partner's side alone: every page of the selected streams fetched and parsed, nothing mapped or
// written. The ceiling a sync of the same streams cannot beat. Prints one JSON line.
import { pino } from 'pino';
import { createConnectorContext } from '../../src/connectors/connector-context.js';
import { findConnector } from '../../src/connectors/connector-registry.js';

const { PROVIDER, BASE_URL, API_KEY, STREAMS } = process.env;
const connector = findConnector(PROVIDER!)!;
const context = createConnectorContext(connector, {
  baseUrl: BASE_URL,
  credentials: { api_key: API_KEY! },
  logger: pino({ level: 'warn' }),
  limits: { requestsPerSecond: Number.POSITIVE_INFINITY, concurrency: 8 },
});
const streams = connector.streams!.filter((s) => !STREAMS || STREAMS.split(',').includes(s.name));
const started = process.hrtime.bigint();
let records = 0;
for (const stream of streams) {
  for await (const page of stream.fetch(context, { mode: 'FULL', position: null, startedAt: new Date(), signal: new AbortController().signal })) {
    records += page.records.length;
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(JSON.stringify({ seconds, records }) + '\n');
