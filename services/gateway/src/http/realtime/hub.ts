import { social } from '@platform/contracts';
import type { ClientConnection } from './connection.js';

/**
 * The sockets connected to this gateway instance, by user. Every instance
 * receives every social event (docs/decisions/0702) and pushes it to the
 * recipients connected here; the others ignore it.
 */
export class ConnectionHub {
  private readonly byUser = new Map<string, Set<ClientConnection>>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly maxPerUser: number) {}

  /** Adds a connection; beyond the per-user cap the user's oldest connection is closed (it is the likeliest to be stale). */
  add(connection: ClientConnection): void {
    let connections = this.byUser.get(connection.userId);
    if (!connections) {
      connections = new Set();
      this.byUser.set(connection.userId, connections);
    }
    connections.add(connection);
    while (connections.size > this.maxPerUser) {
      const oldest = connections.values().next().value!;
      connections.delete(oldest);
      oldest.close(social.REALTIME_CLOSE.replaced, `more than ${this.maxPerUser} connections for this user`);
    }
  }

  remove(connection: ClientConnection): void {
    const connections = this.byUser.get(connection.userId);
    if (!connections) return;
    connections.delete(connection);
    if (connections.size === 0) this.byUser.delete(connection.userId);
  }

  pushTo(userId: string, frame: social.RealtimeServerFrame): void {
    const connections = this.byUser.get(userId);
    if (!connections) return;
    for (const connection of connections) connection.push(frame);
  }

  all(): ClientConnection[] {
    return [...this.byUser.values()].flatMap((connections) => [...connections]);
  }

  get size(): number {
    let n = 0;
    for (const connections of this.byUser.values()) n += connections.size;
    return n;
  }

  /**
   * Pings every socket each interval; a socket that answered neither the
   * previous ping nor sent anything since is dropped (a phone that lost its
   * network never sends a close frame).
   */
  startHeartbeat(intervalMs: number): void {
    this.heartbeat = setInterval(() => {
      for (const connection of this.all()) {
        if (!connection.alive) {
          connection.socket.terminate();
          continue;
        }
        connection.alive = false;
        connection.socket.ping();
      }
    }, intervalMs);
    this.heartbeat.unref();
  }

  closeAll(code: number, reason: string): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const connection of this.all()) connection.close(code, reason);
  }
}
