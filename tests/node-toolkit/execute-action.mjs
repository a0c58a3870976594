// Executes one action with @picahq/toolkit's own executeAction, PICA_RUNS times (default 1), and prints
// whether the last run succeeded, the passthrough's answer and each run's time (inside node) as JSON on
// stdout. PICA_BASE_URL, PICA_SECRET, PICA_IDENTITY, PICA_IDENTITY_TYPE come from the environment;
// PICA_ACTION is the JSON of executeAction's arguments (actionSystemId, connectionKey, data,
// pathVariables, queryParams, isFormData, isFormUrlEncoded).
// Imported by file path: the toolkit's index imports its AI-SDK peers (ai, zod).
import { executeAction } from './node_modules/@picahq/toolkit/dist/apis/execute.js';

const options = { connectors: ['*'] };
if (process.env.PICA_IDENTITY) options.identity = process.env.PICA_IDENTITY;
if (process.env.PICA_IDENTITY_TYPE) options.identityType = process.env.PICA_IDENTITY_TYPE;

const action = JSON.parse(process.env.PICA_ACTION);
const runs = Number(process.env.PICA_RUNS ?? '1');
const timings = [];
let result;
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  result = await executeAction({ baseUrl: process.env.PICA_BASE_URL, secret: process.env.PICA_SECRET, options, ...action });
  timings.push(performance.now() - started);
}

process.stdout.write(JSON.stringify({ success: result.success, data: result.responseData ?? null, timingsMs: timings }));
