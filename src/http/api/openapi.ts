/**
 * The OpenAPI 3 description of /api, written by hand. A test walks the mounted routers and
 * checks that every route is here and every path here answers.
 */
const rao = { type: 'string', pattern: '^-?\\d+$', description: 'an amount as a decimal string of RAO (1 TAO = 10^9 RAO)' };
const error = { $ref: '#/components/schemas/Error' };
const json = (schema: unknown) => ({ 'application/json': { schema } });
const errors = {
  '400': { description: 'invalid parameter or query: the message names the field', content: json(error) },
  '404': { description: 'no such plan', content: json(error) },
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' } };
const ok = (description: string, schema: unknown) => ({ '200': { description, content: json(schema) } });

const planSummary = {
  type: 'object',
  required: ['id', 'state', 'halted', 'progress'],
  properties: {
    id: { type: 'string' },
    proposalId: { type: 'string' },
    title: { type: 'string' },
    state: { type: 'string' },
    halted: { type: 'boolean' },
    halt: { type: 'object', nullable: true, properties: { at: { type: 'string' }, by: { type: 'string' }, reason: { type: 'string' } } },
    waiting: { type: 'string', nullable: true, description: 'what an accepted plan waits for before activation' },
    authenticity: {
      type: 'object',
      nullable: true,
      description: 'the hub record checked against the author-signed original on IPFS (EIP-712 digest = id, signer = author, fields equal)',
      properties: {
        status: { type: 'string', enum: ['verified', 'mismatch', 'pending'] },
        cid: { type: 'string', nullable: true },
        signer: { type: 'string', nullable: true },
        detail: { type: 'string' },
        checkedAt: { type: 'string', format: 'date-time' },
      },
    },
    activatedAt: { type: 'string', format: 'date-time', nullable: true },
    lockEndsAt: { type: 'string', format: 'date-time', nullable: true },
    totalRao: rao,
    holdRao: { ...rao, description: 'the root share, held at root' },
    phase1: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          action: { type: 'string' },
          netuid: { type: 'integer' },
          amountRao: rao,
          state: { type: 'string' },
          txHash: { type: 'string', nullable: true },
          blockNumber: { type: 'integer', nullable: true },
          at: { type: 'string' },
        },
      },
    },
    failing: {
      type: 'object',
      nullable: true,
      description: 'the last N settled tranches all failed',
      properties: {
        count: { type: 'integer' },
        code: { type: 'string' },
        reason: { type: 'string' },
        advice: { type: 'string' },
        since: { type: 'string' },
      },
    },
    stale: { type: 'boolean' },
    progress: {
      type: 'object',
      properties: {
        plannedRao: rao,
        scheduledRao: rao,
        sentRao: { ...rao, description: 'what left the treasury for finalized tranches (staked + fees)' },
        deployedRao: { ...rao, description: 'the same as sentRao' },
        stakedRao: { ...rao, description: 'staked into the pools after fees' },
        feesRao: rao,
        lockRemainingSeconds: { type: 'integer', nullable: true },
        subnets: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              netuid: { type: 'integer' },
              name: { type: 'string' },
              plannedRao: rao,
              scheduledRao: rao,
              sentRao: rao,
              deployedRao: rao,
              stakedRao: rao,
              feesRao: rao,
              alphaReceived: rao,
              tranchesDone: { type: 'integer' },
              tranchesTotal: { type: 'integer' },
            },
          },
        },
      },
    },
  },
};

const basePaths: Record<string, unknown> = {
  '/api/status': {
    get: {
      summary: "The source and space polled, the hub's last answers, whether the chain is simulated (dry-run)",
      responses: {
        ...ok('status', {
          type: 'object',
          properties: {
            asOf: { type: 'string' },
            source: { type: 'string' },
            space: { type: 'string' },
            chain: { type: 'object', properties: { kind: { type: 'string' }, simulated: { type: 'boolean' } } },
            hub: {
              type: 'object',
              nullable: true,
              properties: {
                ok: { type: 'boolean' },
                lastPollAt: { type: 'string', nullable: true },
                lastOkAt: { type: 'string', nullable: true },
                failingSince: { type: 'string', nullable: true },
                lastError: { type: 'string', nullable: true },
              },
            },
            failingAfter: { type: 'integer' },
          },
        }),
        '400': errors['400'],
      },
    },
  },
  '/api/openapi.json': { get: { summary: 'This document', responses: ok('OpenAPI 3 document', { type: 'object' }) } },
  '/api/proposals': {
    get: {
      summary: 'Every proposal seen, with the verdict of the rules and the reasons',
      responses: {
        ...ok('proposals', {
          type: 'object',
          properties: { proposals: { type: 'array', items: { $ref: '#/components/schemas/Proposal' } } },
        }),
        '400': errors['400'],
      },
    },
  },
  '/api/plans': {
    get: {
      summary: 'Plans with state, lock end and schedule progress',
      responses: {
        ...ok('plans', {
          type: 'object',
          properties: { asOf: { type: 'string', format: 'date-time' }, plans: { type: 'array', items: planSummary } },
        }),
        '400': errors['400'],
      },
    },
  },
  '/api/plans/{id}': {
    get: {
      summary: 'One plan: state, lock end, schedule progress, the locked plan and its schedule',
      parameters: [idParam],
      responses: {
        ...ok('the plan', {
          allOf: [
            planSummary,
            {
              type: 'object',
              properties: {
                plan: { type: 'object' },
                schedule: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { netuid: { type: 'integer' }, index: { type: 'integer' }, dueAt: { type: 'string' }, amountRao: rao },
                  },
                },
              },
            },
          ],
        }),
        ...errors,
      },
    },
  },
  '/api/plans/{id}/tranches': {
    get: {
      summary: 'The ledger of a plan: every tranche with its state, tx hash, block number and explorer link',
      parameters: [idParam],
      responses: {
        ...ok('tranches', {
          type: 'object',
          properties: { planId: { type: 'string' }, tranches: { type: 'array', items: { $ref: '#/components/schemas/Tranche' } } },
        }),
        ...errors,
      },
    },
  },
  '/api/plans/{id}/report': {
    get: {
      summary: 'Post-execution review: per subnet TAO deployed, alpha received, average entry price, current value, change; root share',
      parameters: [idParam],
      responses: {
        ...ok('review', {
          type: 'object',
          properties: { planId: { type: 'string' }, review: { type: 'object' }, warnings: { type: 'array', items: { type: 'string' } } },
        }),
        ...errors,
      },
    },
  },
  '/api/lint': {
    post: {
      summary:
        'Check a proposal before posting it: the plan govbridge reads, every error and warning with its line, the schedule of each allowed cadence, and a ```govbridge block to paste',
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['body'],
          additionalProperties: false,
          properties: {
            body: { type: 'string', description: 'the proposal markdown, at most 256 KiB (UTF-8)' },
            start: { type: 'string', format: 'date-time', description: 'activation time for the schedules, with a zone; default now' },
          },
        }),
      },
      responses: {
        ...ok('the lint report (200 also when the proposal has errors: ok is then false)', { $ref: '#/components/schemas/LintReport' }),
        '400': { description: 'malformed JSON or a missing or wrong field: the message names the problem', content: json(error) },
        '413': { description: 'the proposal is over 256 KiB', content: json(error) },
        '415': { description: 'the body is not application/json', content: json(error) },
        '429': { description: 'too many lint requests', content: json(error) },
      },
    },
  },
  '/api/audit': {
    get: {
      summary: 'The hash-chained audit trail, oldest first, a page at a time',
      parameters: [
        { name: 'cursor', in: 'query', schema: { type: 'string', pattern: '^\\d{1,15}$' }, description: 'nextCursor of the previous page' },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        { name: 'planId', in: 'query', schema: { type: 'string' } },
      ],
      responses: {
        ...ok('a page', {
          type: 'object',
          properties: {
            entries: { type: 'array', items: { $ref: '#/components/schemas/AuditEntry' } },
            nextCursor: { type: 'integer', nullable: true },
          },
        }),
        '400': errors['400'],
      },
    },
  },
};

const components = {
  schemas: {
    Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' }, details: {} } },
    Proposal: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        title: { type: 'string' },
        author: { type: 'string' },
        space: { type: 'string' },
        end: { type: 'string' },
        verdict: { type: 'string' },
        reasons: { type: 'array', items: { type: 'string' } },
        planId: { type: 'string', nullable: true },
        link: { type: 'string', nullable: true },
      },
    },
    Tranche: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        planId: { type: 'string' },
        netuid: { type: 'integer' },
        index: { type: 'integer' },
        state: { type: 'string', enum: ['planned', 'submitting', 'in-block', 'finalized', 'failed', 'skipped'] },
        amountRao: rao,
        taoRao: { ...rao, nullable: true },
        alpha: { type: 'string', nullable: true },
        feeRao: { ...rao, nullable: true },
        txHash: { type: 'string', nullable: true },
        blockNumber: { type: 'integer', nullable: true },
        reason: { type: 'string', nullable: true },
        outcomeCode: { type: 'string', nullable: true, description: 'why a refused tranche ended, as a code: chain.<name> or ledger.*' },
        at: { type: 'string' },
        explorerLink: { type: 'string', nullable: true },
      },
    },
    Issue: {
      type: 'object',
      required: ['line', 'text', 'message'],
      properties: {
        line: { type: 'integer', nullable: true, description: '1-based line of the proposal; null when about the whole body' },
        text: { type: 'string' },
        message: { type: 'string' },
      },
    },
    LintReport: {
      type: 'object',
      required: ['ok', 'start', 'plan', 'errors', 'warnings', 'schedules', 'block'],
      properties: {
        ok: { type: 'boolean', description: 'true when govbridge could execute the proposal as written' },
        start: { type: 'string', format: 'date-time' },
        plan: {
          type: 'object',
          nullable: true,
          description: 'the canonical plan JSON (amounts as RAO strings); null when there are errors',
        },
        errors: { type: 'array', items: { $ref: '#/components/schemas/Issue' } },
        warnings: { type: 'array', items: { $ref: '#/components/schemas/Issue' } },
        schedules: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              cadence: { type: 'string' },
              count: { type: 'integer' },
              first: { type: 'string', format: 'date-time' },
              last: { type: 'string', format: 'date-time' },
              end: { type: 'string', format: 'date-time' },
              allocations: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    netuid: { type: 'integer' },
                    name: { type: 'string' },
                    rao,
                    sizes: { type: 'array', items: { type: 'object', properties: { rao, count: { type: 'integer' } } } },
                  },
                },
              },
            },
          },
        },
        block: { type: 'string', nullable: true, description: 'the ```govbridge block that reads as this plan' },
      },
    },
    AuditEntry: {
      type: 'object',
      properties: {
        seq: { type: 'integer' },
        at: { type: 'string' },
        actor: { type: 'string' },
        action: { type: 'string' },
        planId: { type: 'string', nullable: true },
        proposalId: { type: 'string', nullable: true },
        reason: { type: 'string', nullable: true },
        data: {},
        prevHash: { type: 'string' },
        hash: { type: 'string' },
      },
    },
  },
};

/** The document; `extraPaths` documents routes that other concepts mount under /api. */
export function openapiDocument(extraPaths: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: {
      title: 'govbridge API',
      version: '0.1.0',
      description: 'What was voted, planned and executed, at what price, and why anything was refused.',
    },
    paths: { ...basePaths, ...extraPaths },
    components,
  };
}
