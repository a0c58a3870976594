// Executes one action with @picahq/toolkit's own executeAction and prints whether it succeeded and the
// passthrough's answer as JSON on stdout. PICA_BASE_URL, PICA_SECRET, PICA_IDENTITY, PICA_IDENTITY_TYPE
// come from the environment; PICA_ACTION is the JSON of executeAction's arguments (actionSystemId,
// connectionKey, data, pathVariables, queryParams, isFormData, isFormUrlEncoded).
// Imported by file path: the toolkit's index imports its AI-SDK peers (ai, zod).
import { executeAction } from './node_modules/@picahq/toolkit/dist/apis/execute.js';

const options = { connectors: ['*'] };
if (process.env.PICA_IDENTITY) options.identity = process.env.PICA_IDENTITY;
if (process.env.PICA_IDENTITY_TYPE) options.identityType = process.env.PICA_IDENTITY_TYPE;

const action = JSON.parse(process.env.PICA_ACTION);
const result = await executeAction({ baseUrl: process.env.PICA_BASE_URL, secret: process.env.PICA_SECRET, options, ...action });
process.stdout.write(JSON.stringify({ success: result.success, data: result.responseData ?? null }));
