import { createHmac } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import { auth, type ErrorPayload } from '@platform/contracts';
import type { AccessTokenClaims, Service } from '@platform/service-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { GatewayConfig } from '../config.js';
import { JobBoard } from './job-board.js';

const BOARD_PATH = '/admin/queues';
const LOGIN_PATH = '/admin/login';
const LOGOUT_PATH = '/admin/logout';
const SESSION_COOKIE = 'admin_session';
const hidden = { hide: true } as object;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(message?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Job dashboard sign-in</title>
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:5rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}input{padding:.4rem}p.error{color:#b00020}</style></head>
<body><h1>Job dashboard</h1><p>Administrators only.</p>${message ? `<p class="error">${escapeHtml(message)}</p>` : ''}
<form method="post" action="${LOGIN_PATH}"><label>Email <input name="email" type="email" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label><button type="submit">Sign in</button></form></body></html>`;
}

type Session = z.output<typeof auth.login.output>;

/**
 * bull-board at /admin/queues, for administrators in a browser. POST
 * /admin/login checks the credentials with the gateway's own login
 * operation and sets a signed, httpOnly, SameSite=Strict cookie holding a
 * short-lived admin access token (the login's refresh token is revoked at
 * once: the session ends when the token expires). Every dashboard request
 * verifies that token: anonymous browsers are sent to the login page,
 * anonymous API calls get 401 and non-admins 403. The board itself, and the
 * queues it shows, are loaded on the first admin request (job-board.ts).
 */
export async function registerJobDashboard(service: Service, config: GatewayConfig): Promise<void> {
  if (!config.JOB_DASHBOARD_ENABLED) return;
  const app = service.http;
  const jobBoard = new JobBoard({ redisUrl: config.REDIS_URL, redisPrefix: config.REDIS_PREFIX, basePath: BOARD_PATH, logger: service.logger });
  service.onShutdown('job-dashboard', () => jobBoard.close());

  const wantsJson = (request: FastifyRequest) => !String(request.headers.accept ?? '').includes('text/html');
  const refuse = (reply: FastifyReply, request: FastifyRequest, error: ErrorPayload) =>
    wantsJson(request)
      ? reply.status(error.status).send({ error, requestId: request.id })
      : reply.status(error.status).type('text/html').send(loginPage(error.message));

  function roleOf(request: FastifyRequest): 'admin' | 'user' | undefined {
    const signed = request.cookies[SESSION_COOKIE];
    const unsigned = signed ? request.unsignCookie(signed) : undefined;
    if (!unsigned?.valid || !unsigned.value) return undefined;
    try {
      const claims = app.jwt.verify<AccessTokenClaims>(unsigned.value);
      if (claims.typ !== 'access') return undefined;
      return claims.role === 'admin' ? 'admin' : 'user';
    } catch {
      return undefined; // expired or forged
    }
  }

  await app.register(async (scope: FastifyInstance) => {
    await scope.register(cookie, { secret: createHmac('sha256', config.JWT_SECRET).update('job-dashboard-cookie').digest('base64url') });
    await scope.register(formbody);

    scope.get(LOGIN_PATH, { schema: hidden }, async (_request, reply) => reply.type('text/html').send(loginPage()));

    const routeLimit = {
      name: 'job-dashboard.login',
      max: Math.max(1, Math.round(10 * config.RATE_LIMIT_ROUTE_FACTOR)),
      windowMs: 60_000,
      key: 'email' as const,
    };
    scope.post(LOGIN_PATH, { schema: hidden, config: { routeLimit } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const ctx = { requestId: request.id, deadline: Date.now() + 5_000, ip: request.ip };
      const login = await service.dispatchLocal(auth.login, { email: body.email, password: body.password }, ctx);
      if (!login.ok) return refuse(reply, request, login.error);
      const session = login.data as Session;
      await service.dispatchLocal(auth.logout, { refreshToken: session.refreshToken }, ctx);
      if (session.user.role !== 'admin') {
        request.log.info({ userId: session.user.id }, 'job dashboard refused a non-admin');
        return refuse(reply, request, { code: 'FORBIDDEN', status: 403, message: 'The job dashboard is for administrators' });
      }
      reply.setCookie(SESSION_COOKIE, session.token, {
        signed: true,
        httpOnly: true,
        sameSite: 'strict',
        secure: 'auto',
        path: BOARD_PATH,
        maxAge: session.expiresIn,
      });
      return wantsJson(request) ? reply.send({ success: true, expiresIn: session.expiresIn }) : reply.redirect(BOARD_PATH, 303);
    });

    scope.post(LOGOUT_PATH, { schema: hidden }, async (_request, reply) => reply.clearCookie(SESSION_COOKIE, { path: BOARD_PATH }).redirect(LOGIN_PATH, 303));

    await scope.register(async (board: FastifyInstance) => {
      board.addHook('onRequest', async (request, reply) => {
        const role = roleOf(request);
        if (role === 'admin') return;
        if (role === 'user') return refuse(reply, request, { code: 'FORBIDDEN', status: 403, message: 'The job dashboard is for administrators' });
        if (!wantsJson(request)) return reply.redirect(LOGIN_PATH, 303);
        return refuse(reply, request, { code: 'UNAUTHENTICATED', status: 401, message: `Sign in at ${LOGIN_PATH} first` });
      });
      const toBoard = (request: FastifyRequest, reply: FastifyReply) => jobBoard.handle(request, reply);
      board.all(BOARD_PATH, { schema: hidden }, toBoard);
      board.all(`${BOARD_PATH}/*`, { schema: hidden }, toBoard);
    });
  });
}
