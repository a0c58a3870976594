// The official TypeScript SDK's MCP client against an AuthKit MCP server: lists the tools (the SDK compiles each
// outputSchema then) and calls the tools given, printing one JSON document on stdout. A call that the SDK rejects
// (a result that does not match its tool's outputSchema, a missing structuredContent) is printed with its error.
//   MCP_TRANSPORT  stdio (MCP_COMMAND, MCP_ARGS as a JSON array, MCP_ENV as a JSON object added to the environment)
//                  or http (MCP_URL, MCP_HEADERS as a JSON object sent with every request)
//   MCP_CALLS      a JSON array of { "name": tool, "arguments": { ... } }
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const json = (name, fallback) => (process.env[name] ? JSON.parse(process.env[name]) : fallback);

function transport() {
  switch (process.env.MCP_TRANSPORT) {
    case 'stdio':
      return new StdioClientTransport({
        command: process.env.MCP_COMMAND,
        args: json('MCP_ARGS', []),
        env: { ...process.env, ...json('MCP_ENV', {}) },
        stderr: 'inherit',
      });
    case 'http':
      return new StreamableHTTPClientTransport(new URL(process.env.MCP_URL), {
        requestInit: { headers: json('MCP_HEADERS', {}) },
      });
    default:
      throw new Error(`MCP_TRANSPORT must be stdio or http, not ${process.env.MCP_TRANSPORT}`);
  }
}

const client = new Client({ name: 'authkit-node-mcp', version: '1.0.0' });
const output = { tools: [], calls: [] };
try {
  await client.connect(transport());
  output.server = client.getServerVersion();
  const listed = await client.listTools();
  output.tools = listed.tools.map(({ name, inputSchema, outputSchema, annotations }) => ({ name, inputSchema, outputSchema, annotations }));
  for (const call of json('MCP_CALLS', [])) {
    try {
      const result = await client.callTool({ name: call.name, arguments: call.arguments ?? {} });
      output.calls.push({ name: call.name, result });
    } catch (error) {
      output.calls.push({ name: call.name, error: String(error?.message ?? error) });
    }
  }
} catch (error) {
  output.error = String(error?.stack ?? error);
  // The HTTP status of a refused request (StreamableHTTPError's code), or the JSON-RPC error code.
  if (error?.code !== undefined) output.errorCode = error.code;
} finally {
  await client.close().catch(() => {});
}

process.stdout.write(JSON.stringify(output));
