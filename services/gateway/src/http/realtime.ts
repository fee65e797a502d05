import websocket from '@fastify/websocket';
import { DomainError, describeValidationError, social, type ValidationProblem } from '@platform/contracts';
import { type Service, sendError } from '@platform/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config.js';
import { type RealtimeIdentity, tokenOf, verifyAccessToken } from './realtime/access-token.js';
import { ClientConnection } from './realtime/connection.js';
import { ConnectionHub } from './realtime/hub.js';
import { type ResumeDeps, type ResumeFrom, resumeConnection } from './realtime/resume.js';
import { subscribeSocialEvents } from './realtime/social-events.js';
import type { RealtimeSocket } from './realtime/socket.js';

const MAX_CLIENT_FRAME_BYTES = 16 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The social WebSocket at /api/social/ws (docs/realtime.md): authenticated
 * with the access token, it pushes new messages and unread counts to every
 * device of a user, whichever gateway instance each device is connected to,
 * and replays what a client missed when it sends `resume`.
 */
export async function registerRealtime(service: Service, config: GatewayConfig): Promise<void> {
  if (!config.REALTIME_ENABLED) return;
  const app = service.http;
  const hub = new ConnectionHub(config.REALTIME_MAX_CONNECTIONS_PER_USER);
  const resumeDeps: ResumeDeps = { nc: service.nc, namespace: config.NATS_NAMESPACE, log: service.logger, maxMessages: config.REALTIME_RESUME_MAX_MESSAGES };
  const limits = { maxBufferedBytes: config.REALTIME_MAX_BUFFERED_BYTES, maxHeldFrames: config.REALTIME_RESUME_MAX_MESSAGES };

  const subscription = subscribeSocialEvents(service.nc, config.NATS_NAMESPACE, hub, service.logger);
  watchForEventGaps(service, hub, resumeDeps);
  hub.startHeartbeat(config.REALTIME_HEARTBEAT_MS);
  service.onShutdown('realtime', () => {
    hub.closeAll(1001, 'server shutting down');
    subscription.unsubscribe();
  });

  function onConnection(socket: RealtimeSocket, { identity, resumeFrom }: Upgrade): void {
    const connection = new ClientConnection(identity.userId, socket, limits);
    hub.add(connection);
    // The socket lives no longer than its token, so a revoked session stops receiving within one token lifetime.
    const expiry = setTimeout(
      () => connection.close(social.REALTIME_CLOSE.tokenExpired, 'access token expired; reconnect with a fresh token and resume'),
      Math.min(Math.max(0, identity.expiresAt - Date.now()), MAX_TIMER_MS),
    );
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('message', (data, isBinary) => {
      connection.alive = true;
      onClientFrame(connection, data, isBinary);
    });
    socket.on('close', () => {
      clearTimeout(expiry);
      hub.remove(connection);
    });
    connection.send({
      type: 'ready',
      userId: identity.userId,
      connectionId: connection.id,
      heartbeatMs: config.REALTIME_HEARTBEAT_MS,
      tokenExpiresAt: new Date(identity.expiresAt).toISOString(),
    });
    // Resuming from the upgrade URL holds live frames from the first moment: nothing live can overtake a missed message.
    if (resumeFrom) void resumeConnection(connection, resumeFrom, resumeDeps);
  }

  function onClientFrame(connection: ClientConnection, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    const frame = parseClientFrame(data, isBinary);
    if ('problem' in frame) connection.send({ type: 'error', code: 'VALIDATION_FAILED', message: frame.problem.message, field: frame.problem.field });
    else if (frame.type === 'ping') connection.send({ type: 'pong' });
    else void resumeConnection(connection, frame.afterSeq !== undefined ? { afterSeq: frame.afterSeq } : { afterMessageId: frame.afterMessageId! }, resumeDeps);
  }

  const upgrades = new WeakMap<FastifyRequest, Upgrade>();
  await app.register(async (scope: FastifyInstance) => {
    // Added before the plugin's own preClose, so clients get 1001 (going away) rather than a bare close.
    scope.addHook('preClose', (done) => {
      hub.closeAll(1001, 'server shutting down');
      done();
    });
    await scope.register(websocket, {
      options: {
        maxPayload: MAX_CLIENT_FRAME_BYTES,
        // Browsers fail the handshake unless the server picks one of the offered subprotocols.
        handleProtocols: (protocols: Set<string>) => (protocols.has(social.REALTIME_SUBPROTOCOL) ? social.REALTIME_SUBPROTOCOL : false),
      },
    });
    scope.route({
      method: 'GET',
      url: social.REALTIME_PATH,
      schema: { hide: true },
      // Runs before the upgrade: a missing or bad token is a plain HTTP 401 (a bad query a 400) and no socket is opened.
      preValidation: async (request, reply) => {
        try {
          upgrades.set(request, { identity: verifyAccessToken(app, tokenOf(request)), resumeFrom: resumeFromQuery(request.query) });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return sendError(reply, 'envelope', error.toPayload());
        }
      },
      handler: async (_request, reply) =>
        sendError(reply, 'envelope', { code: 'BAD_REQUEST', status: 426, message: 'This endpoint speaks WebSocket: send an Upgrade request' }),
      wsHandler: (socket: unknown, request: FastifyRequest) => onConnection(socket as RealtimeSocket, upgrades.get(request)!),
    });
  });
}

/** A client frame, checked against the contract; a bad one yields the problem to report, naming the field. */
function parseClientFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): social.RealtimeClientFrame | { problem: ValidationProblem } {
  if (isBinary) return { problem: { field: 'frame', message: 'frame: must be JSON text, not binary' } };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'));
  } catch {
    return { problem: { field: 'frame', message: 'frame: is not valid JSON' } };
  }
  const parsed = social.realtimeClientFrame.safeParse(value);
  return parsed.success ? parsed.data : { problem: describeValidationError(parsed.error, 'frame') };
}

interface Upgrade {
  identity: RealtimeIdentity;
  resumeFrom?: ResumeFrom;
}

function resumeFromQuery(query: unknown): ResumeFrom | undefined {
  const parsed = social.realtimeConnectQuery.safeParse(query ?? {});
  if (!parsed.success) {
    const problem = describeValidationError(parsed.error, 'query');
    throw new DomainError('VALIDATION_FAILED', problem.message, { field: problem.field });
  }
  if (parsed.data.afterSeq !== undefined) return { afterSeq: parsed.data.afterSeq };
  if (parsed.data.afterMessageId !== undefined) return { afterMessageId: parsed.data.afterMessageId };
  return undefined;
}

/**
 * Events published while this instance's NATS connection was down never reach
 * it. After a reconnect, each connection is resumed from the last message it
 * was sent; one that was sent none is asked to resume itself (`resync`).
 */
function watchForEventGaps(service: Service, hub: ConnectionHub, deps: ResumeDeps): void {
  void (async () => {
    for await (const status of service.nc.status()) {
      if (status.type !== 'reconnect') continue;
      service.logger.info({ connections: hub.size }, 'nats reconnected; resuming realtime connections');
      for (const connection of hub.all()) {
        if (connection.isResuming) continue;
        if (connection.lastSeq > 0) void resumeConnection(connection, { afterSeq: connection.lastSeq }, deps);
        else connection.send({ type: 'resync' });
      }
    }
  })();
}
