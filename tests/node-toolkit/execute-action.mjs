// Executes one action with @picahq/toolkit's own executeAction, PICA_RUNS times (default 1), and prints
// whether the last run succeeded, the passthrough's answer and each run's time (inside node) as JSON on
// stdout. PICA_BASE_URL, PICA_SECRET, PICA_IDENTITY, PICA_IDENTITY_TYPE come from the environment
// (timed.mjs); PICA_ACTION is the JSON of executeAction's arguments (actionSystemId, connectionKey, data,
// pathVariables, queryParams, isFormData, isFormUrlEncoded).
// Imported by file path: the toolkit's index imports its AI-SDK peers (ai, zod).
import { executeAction } from './node_modules/@picahq/toolkit/dist/apis/execute.js';
import { baseUrl, options, secret, timeRuns } from './timed.mjs';

const action = JSON.parse(process.env.PICA_ACTION);
const { result, timingsMs } = await timeRuns(() => executeAction({ baseUrl, secret, options, ...action }));
process.stdout.write(JSON.stringify({ success: result.success, data: result.responseData ?? null, timingsMs }));
