import { parentPort } from 'node:worker_threads';
import { parseProposal, type ParseLimits } from '../domain/parse';

/**
 * The parse worker: reads one body at a time with the pure parser and posts the result back
 * (structured clone keeps the bigint amounts). It says "ready" once the parser is loaded, so
 * that the pool's time budget measures parsing, not start-up.
 */
interface Request {
  id: number;
  body: string;
  limits?: ParseLimits;
}

const port = parentPort;
if (port) {
  port.on('message', (m: Request) => port.postMessage({ id: m.id, result: parseProposal(m.body, m.limits) }));
  port.postMessage({ ready: true });
}
