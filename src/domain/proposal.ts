import { z } from 'zod';

/**
 * A closed (or closing) proposal as govbridge keeps it, whichever source it came from. Times
 * are Unix seconds as the hub gives them. Sources validate their raw responses and map to this;
 * the rules read only this.
 */
export const proposalRecordSchema = z.object({
  id: z.string().min(1),
  /** Which API produced the record: rules never trust Goverland's own verdict. */
  origin: z.enum(['snapshot', 'goverland', 'fixtures']),
  space: z.string().min(1),
  title: z.string(),
  body: z.string(),
  author: z.string(),
  type: z.string().nullable(),
  choices: z.array(z.string()),
  created: z.number().int(),
  /** Last edit of the proposal (Unix s); null when the source does not say. */
  updated: z.number().int().nullable(),
  start: z.number().int(),
  end: z.number().int(),
  /** pending | active | closed, as computed by the hub at query time. */
  state: z.string(),
  scores: z.array(z.number()),
  scoresTotal: z.number(),
  /** "final" once the hub has settled the scores. */
  scoresState: z.string().nullable(),
  quorum: z.number(),
  quorumType: z.string().nullable(),
  flagged: z.boolean(),
  votes: z.number().int().nullable(),
  /** CID of the author-signed envelope the hub pinned on IPFS. */
  ipfs: z.string().nullable(),
  /** Block number of the voting power snapshot, as the hub gives it (a decimal string); absent when the source does not say. */
  snapshot: z.string().nullish(),
  link: z.string().nullable(),
});

export type ProposalRecord = z.infer<typeof proposalRecordSchema>;
