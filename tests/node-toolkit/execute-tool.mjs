// Executes one action through @picahq/toolkit's own `execute` tool, the AI SDK tool object that
// `new Pica(secret, options).tools()` gives an agent, and prints whether the last run succeeded, the
// passthrough's answer and each run's time as JSON on stdout (timed.mjs: PICA_WARMUP, PICA_RUNS).
// PICA_ACTION is the JSON of the tool's input (actionSystemId, connectionKey, data, pathVariables, ...).
// PICA_MODE=tool (default) calls tools().execute.execute(input) as the AI SDK does once it has checked the
// input; PICA_MODE=turn plays a whole turn instead: generateText with a scripted model that calls the tool
// once and then answers, so the AI SDK's own input and output checks are paid too.
// Needs the toolkit's peers (ai, zod): `npm ci` here without --omit=peer.
import { generateText, stepCountIs } from 'ai';
import { Pica } from '@picahq/toolkit';
import { baseUrl, options, secret, timeRuns } from './timed.mjs';

const action = JSON.parse(process.env.PICA_ACTION);
const mode = process.env.PICA_MODE ?? 'tool';

// The toolkit's constructor prints a banner with console.log; stdout carries the result only.
const log = console.log;
console.log = console.error;
const execute = new Pica(secret, { serverUrl: baseUrl, ...options }).tools().execute;
console.log = log;

const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
const model = {
  specificationVersion: 'v2',
  provider: 'scripted',
  modelId: 'one-execute-call',
  supportedUrls: {},
  // First step: one call of the tool; once its result is in the prompt, an answer.
  async doGenerate({ prompt }) {
    return prompt.some(message => message.role === 'tool')
      ? { content: [{ type: 'text', text: 'Sent.' }], finishReason: 'stop', usage, warnings: [] }
      : { content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'execute', input: JSON.stringify(action) }], finishReason: 'tool-calls', usage, warnings: [] };
  },
  async doStream() {
    throw new Error('The scripted model answers whole responses only.');
  },
};

const call = mode === 'turn'
  ? async () => {
    const turn = await generateText({ model, tools: { execute }, stopWhen: stepCountIs(2), prompt: 'Send the email.' });
    const output = turn.steps[0].toolResults[0]?.output;
    if (turn.text !== 'Sent.' || !output) throw new Error('The turn did not run the tool and answer.');
    return output;
  }
  : () => execute.execute(action, { toolCallId: 'call_1', messages: [] });

const { result, timingsMs } = await timeRuns(call);
process.stdout.write(JSON.stringify({ success: result.success, data: result.responseData ?? null, timingsMs }));
