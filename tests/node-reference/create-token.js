// Creates one token with the official Node SDK and prints it as JSON on stdout.
// PICA_BASE_URL, PICA_SECRET and (optionally) PICA_PAYLOAD come from the environment.
const { AuthKitToken } = require('@picahq/authkit-token');

(async () => {
  const client = new AuthKitToken(process.env.PICA_SECRET, { baseUrl: process.env.PICA_BASE_URL });
  const payload = process.env.PICA_PAYLOAD ? JSON.parse(process.env.PICA_PAYLOAD) : undefined;
  const token = await client.create(payload);
  process.stdout.write(JSON.stringify(token));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
