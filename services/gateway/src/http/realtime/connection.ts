import { randomUUID } from 'node:crypto';
import { social } from '@platform/contracts';
import { type RealtimeSocket, SOCKET_OPEN } from './socket.js';

type RealtimeServerFrame = social.RealtimeServerFrame;

export interface ConnectionLimits {
  /** A client this far behind (bytes queued) is disconnected rather than buffered without end. */
  maxBufferedBytes: number;
  /** Live frames held while a resume runs; beyond this the client is asked to reconnect. */
  maxHeldFrames: number;
}

/** Message ids remembered per connection, to drop a live copy of a message a resume already sent (or a republished event). */
const RECENT_IDS = 512;

/**
 * One client device. Live frames go straight out, except while a resume runs:
 * then they are held and sent after the missed messages, so a client sees
 * its messages in order and never a live one before an older missed one.
 */
export class ClientConnection {
  readonly id = randomUUID();
  /** Set by pongs and client frames; the heartbeat closes a connection that stays silent for a whole interval. */
  alive = true;
  /** Highest message seq this connection has been sent: where the gateway resumes it after its own NATS gap. */
  lastSeq = 0;
  private resuming = false;
  private held: RealtimeServerFrame[] = [];
  private readonly recentIds = new Set<string>();
  private closing = false;

  constructor(
    readonly userId: string,
    readonly socket: RealtimeSocket,
    private readonly limits: ConnectionLimits,
  ) {}

  get isResuming(): boolean {
    return this.resuming;
  }

  /** A frame from the event feed. */
  push(frame: RealtimeServerFrame): void {
    if (!this.resuming) this.send(frame);
    else if (this.held.length < this.limits.maxHeldFrames) this.held.push(frame);
    else this.close(social.REALTIME_CLOSE.tooSlow, 'too many events during resume; reconnect and resume');
  }

  beginResume(): void {
    this.resuming = true;
  }

  /** Sends the frames held during the resume, dropping messages the resume already delivered. */
  endResume(): void {
    this.resuming = false;
    const held = this.held;
    this.held = [];
    for (const frame of held) this.send(frame);
  }

  send(frame: RealtimeServerFrame): void {
    if (this.closing || this.socket.readyState !== SOCKET_OPEN) return;
    if (frame.type === 'message') {
      if (this.recentIds.has(frame.message.id)) return;
      this.remember(frame.message.id);
      this.lastSeq = Math.max(this.lastSeq, frame.message.seq);
    }
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) this.close(social.REALTIME_CLOSE.tooSlow, 'client is not reading; reconnect and resume');
    else this.socket.send(JSON.stringify(frame));
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.socket.close(code, reason);
  }

  private remember(id: string): void {
    this.recentIds.add(id);
    if (this.recentIds.size > RECENT_IDS) {
      const oldest = this.recentIds.values().next().value;
      if (oldest !== undefined) this.recentIds.delete(oldest);
    }
  }
}
