/** OpenAPI paths of the signed ops routes, merged into /api/openapi.json. */
const signedRequest = {
  type: 'object',
  required: ['action', 'planId', 'issuedAt', 'nonce', 'publicKey', 'signature'],
  additionalProperties: false,
  description: 'Signed (sr25519 or ed25519, polkadot-js signRaw style) over the canonical JSON {action, planId, issuedAt, nonce}.',
  properties: {
    action: { type: 'string', enum: ['halt', 'resume', 'adopt'] },
    planId: { type: 'string' },
    issuedAt: { type: 'string', format: 'date-time', description: 'within ±5 minutes of the server clock' },
    nonce: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,128}$', description: 'never reused' },
    publicKey: { type: 'string', description: 'hex public key or SS58 address of a key in ops.keys' },
    signature: { type: 'string', pattern: '^0x[0-9a-fA-F]{128}$' },
  },
};
const error = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
const result = {
  'application/json': {
    schema: {
      type: 'object',
      properties: {
        planId: { type: 'string' },
        state: { type: 'string' },
        message: { type: 'string' },
        signatures: { type: 'integer' },
        required: { type: 'integer' },
      },
    },
  },
};

const route = (summary: string, accepted: string) => ({
  post: {
    summary,
    requestBody: { required: true, content: { 'application/json': { schema: signedRequest } } },
    responses: {
      '200': { description: 'applied', content: result },
      ...(accepted ? { '202': { description: accepted, content: result } } : {}),
      '400': {
        description: 'malformed request (the message names the field) or not valid JSON (details.code body.bad-json)',
        content: error,
      },
      '401': { description: 'unknown key, bad signature, stale issuedAt or replayed nonce (details.code ops.*)', content: error },
      '404': { description: 'no such plan (details.code command.no-plan)', content: error },
      '409': {
        description:
          'the plan is not in a state this action applies to (details.code command.wrong-state), or it changed state while the request was applied (details.code command.conflict)',
        content: error,
      },
      '413': { description: 'body over 4 KB (details.code body.too-large)', content: error },
      '415': { description: 'body is not application/json (details.code body.unsupported-type)', content: error },
      '429': { description: 'too many write requests', content: error },
    },
  },
});

export const OPS_OPENAPI_PATHS: Record<string, unknown> = {
  '/api/halt': route('Halt a plan before its next tranche (one valid ops signature)', ''),
  '/api/resume': route('Add one ops signature to resume a halted plan', 'signature recorded; more are needed'),
  '/api/adopt': route(
    'Add one ops signature to adopt a stale plan (ops.resumeThreshold keys make it accepted)',
    'signature recorded; more are needed',
  ),
};
