// Lists connections with @picahq/toolkit's own listing and prints them as JSON on stdout, with timings.
// PICA_BASE_URL, PICA_SECRET, PICA_IDENTITY and PICA_IDENTITY_TYPE come from the environment (timed.mjs).
// The toolkit's index imports its AI-SDK peers (ai, zod); the listing alone is imported by file path.
import { listConnections } from './node_modules/@picahq/toolkit/dist/apis/connections.js';
import { baseUrl, options, secret, timeRuns } from './timed.mjs';

const { result, timingsMs } = await timeRuns(() => listConnections({ baseUrl, secret, options }));
process.stdout.write(JSON.stringify({ rows: result ?? [], timingsMs }));
