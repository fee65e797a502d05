/**
 * The part of a `ws` WebSocket the hub uses. @fastify/websocket hands us a
 * `ws` socket, but the gateway has no type declarations for `ws`, so the
 * contract is written down here.
 */
export interface RealtimeSocket {
  readonly readyState: number;
  /** Bytes queued by send() and not yet written to the network. */
  readonly bufferedAmount: number;
  send(data: string): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'pong', listener: () => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export const SOCKET_OPEN = 1;
