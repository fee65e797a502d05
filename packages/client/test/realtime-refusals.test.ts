import { createServer, type Server, type Socket } from 'node:net';
import { uniqueNamespace } from '@platform/testkit';
import { startPlatform, type TestPlatform } from '@platform/testkit/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WsWebSocket from 'ws';
import { ApiError, PaieCashFanAPIClient, type WebSocketConstructor } from '../src/index.js';

/** The error a promise rejects with, asserted to be an ApiError. */
async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

/** A well-formed JWT the gateway did not sign (the client only reads its exp). */
function forgedToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'nobody', typ: 'access', exp: Math.floor(Date.now() / 1000) + 600 })}.c2lnbmF0dXJl`;
}

/**
 * connectRealtime() fails loudly (issue 17 §4): a refused handshake rejects
 * with an ApiError carrying the server's status, the same with the `ws`
 * package and with Node's own WebSocket (this project runs with
 * --experimental-websocket, which hung before); a server that never answers
 * rejects after the timeout; no WebSocket at all is an ApiError saying so.
 */
describe('realtime refusals', () => {
  const namespace = uniqueNamespace('rtr');
  let platform: TestPlatform;
  const implementations: Array<[string, () => WebSocketConstructor]> = [
    ['the ws package', () => WsWebSocket as unknown as WebSocketConstructor],
    ["Node's own WebSocket (--experimental-websocket)", () => (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket!],
  ];

  beforeAll(async () => {
    // A small per-window budget, so this file can reach 429 with a handful of requests. A forged
    // token names no account, so it counts against the per-address budget (RATE_LIMIT_IP_MAX).
    platform = await startPlatform(namespace, {
      only: ['gateway'],
      serviceEnv: { gateway: { RATE_LIMIT_MAX: '8', RATE_LIMIT_IP_MAX: '8', RATE_LIMIT_ROUTE_FACTOR: '1' } },
    });
  }, 600_000);
  afterAll(async () => {
    await platform?.stop();
  });

  const clientWith = (token: string) => new PaieCashFanAPIClient({ baseURL: platform.api.baseUrl, session: { token, refreshToken: 'unused' } });

  it.each(implementations)('rejects a bad token with 401 UNAUTHENTICATED, using %s', async (_name, impl) => {
    expect(impl()).toBeTypeOf('function');
    const error = await apiErrorOf(clientWith(forgedToken()).connectRealtime({ WebSocket: impl(), reconnect: false, connectTimeoutMs: 30_000 }));
    expect(error.status).toBe(401);
    expect(error.code).toBe('UNAUTHENTICATED');
  });

  it.each(implementations)('rejects with 429 and retryAfter once the rate limit is spent, using %s', async (_name, impl) => {
    const api = clientWith(forgedToken());
    let error: ApiError | undefined;
    for (let attempt = 0; attempt < 20 && error?.status !== 429; attempt++) {
      error = await apiErrorOf(api.connectRealtime({ WebSocket: impl(), reconnect: false, connectTimeoutMs: 30_000 }));
      expect([401, 429]).toContain(error.status);
    }
    expect(error!.status).toBe(429);
    expect(error!.code).toBe('RATE_LIMITED');
    expect(error!.retryAfter).toBeGreaterThan(0);
  });

  describe('against a server that accepts the connection and never answers', () => {
    let silent: Server;
    const sockets: Socket[] = [];
    let url: string;
    beforeAll(async () => {
      silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it.each(implementations)('rejects with TIMEOUT after connectTimeoutMs, using %s', async (_name, impl) => {
      const api = new PaieCashFanAPIClient({ baseURL: url, session: { token: forgedToken(), refreshToken: 'unused' } });
      const error = await apiErrorOf(api.connectRealtime({ WebSocket: impl(), reconnect: false, connectTimeoutMs: 1_000 }));
      expect(error.code).toBe('TIMEOUT');
      expect(error.status).toBe(0);
    });
  });

  it('throws an ApiError naming the fix when the runtime has no WebSocket', async () => {
    const global = globalThis as { WebSocket?: unknown };
    const saved = global.WebSocket;
    delete global.WebSocket;
    try {
      const error = await apiErrorOf(clientWith(forgedToken()).connectRealtime());
      expect(error.code).toBe('WEBSOCKET_UNAVAILABLE');
      expect(error.message).toMatch(/ws|--experimental-websocket/);
    } finally {
      global.WebSocket = saved;
    }
  });
});
