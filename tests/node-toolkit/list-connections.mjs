// Lists connections with @picahq/toolkit's own listing and prints them as JSON on stdout, with timings.
// PICA_BASE_URL, PICA_SECRET, PICA_IDENTITY and PICA_IDENTITY_TYPE come from the environment.
// The toolkit's index imports its AI-SDK peers (ai, zod); the listing alone is imported by file path.
import { listConnections } from './node_modules/@picahq/toolkit/dist/apis/connections.js';

const options = { connectors: ['*'] };
if (process.env.PICA_IDENTITY) options.identity = process.env.PICA_IDENTITY;
if (process.env.PICA_IDENTITY_TYPE) options.identityType = process.env.PICA_IDENTITY_TYPE;

const runs = Number(process.env.PICA_RUNS ?? '1');
const timings = [];
let rows = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  rows = await listConnections({ baseUrl: process.env.PICA_BASE_URL, secret: process.env.PICA_SECRET, options });
  timings.push(performance.now() - started);
}

process.stdout.write(JSON.stringify({ rows, timingsMs: timings }));
