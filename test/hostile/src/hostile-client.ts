import type { Operation } from '@platform/contracts';
import { FuzzTally } from './fuzz-tally.js';
import { type HostileAnswer, type HostileRequest, sendHostile } from './hostile-http.js';
import { deadlineOf } from './routed-operations.js';

/** Sends hostile requests to one gateway, each within its operation's deadline, and tallies the answers for the figures. */
export class HostileClient {
  readonly tally = new FuzzTally();

  constructor(private readonly baseUrl: string) {}

  async send(op: Operation, kind: string, request: HostileRequest): Promise<HostileAnswer> {
    const started = Date.now();
    const answer = await sendHostile(this.baseUrl, request, deadlineOf(op));
    this.tally.record({ operation: op.name, kind, status: answer.status, elapsedMs: Date.now() - started, retriedBusy: answer.retriedBusy });
    return answer;
  }
}
