import { randomBytes } from 'node:crypto';
import { TEST_JWT_SECRET } from '@platform/testkit';
import { type AdminSession, adminSession } from '@platform/testkit/admin';
import { retryWhileBusy } from '@platform/testkit/commerce';
import { type PlatformOptions, startPlatform, type TestPlatform } from '@platform/testkit/platform';
import { TEST_TEMPLATE_API_KEY } from '@platform/testkit/template-export';
import { SecretLedger } from './secret-ledger.js';

export interface Session {
  token: string;
  refreshToken: string;
  password: string;
  user: { id: string; email: string; role: string };
}

export interface HostilePlatform {
  platform: TestPlatform;
  /** Every secret the suite used, for the log scan. */
  secrets: SecretLedger;
  /** X-API-Key each api-key service accepts, by service. */
  apiKeys: Record<string, string>;
  /** A fresh user with a password of its own, remembered as secrets. */
  newUser(): Promise<Session>;
  newAdmin(): Promise<AdminSession>;
}

/**
 * The whole platform for a hostile suite: debug logs (so the log scan sees
 * everything the services print), the orders snapshot behind an API key,
 * and access tokens that outlive a slow run.
 */
export async function startHostilePlatform(namespace: string, options: PlatformOptions = {}): Promise<HostilePlatform> {
  const ordersApiKey = `orders-${randomBytes(16).toString('hex')}`;
  const platform = await startPlatform(namespace, {
    ...options,
    env: { LOG_LEVEL: 'debug', ...options.env },
    serviceEnv: {
      ...options.serviceEnv,
      gateway: { ACCESS_TOKEN_TTL_SECONDS: '3600', ...options.serviceEnv?.gateway },
      'orders-snapshot': { ORDERS_API_KEY: ordersApiKey, ...options.serviceEnv?.['orders-snapshot'] },
    },
  });
  const secrets = new SecretLedger();
  secrets.remember('JWT_SECRET', TEST_JWT_SECRET);
  secrets.remember('template API key', TEST_TEMPLATE_API_KEY);
  secrets.remember('orders API key', ordersApiKey);
  secrets.remember('S3 secret access key', platform.bucket.env.R2_SECRET_ACCESS_KEY);

  const remember = (kind: string, session: Session) => {
    secrets.remember(`${kind} password`, session.password);
    secrets.remember(`${kind} access token`, session.token);
    secrets.remember(`${kind} refresh token`, session.refreshToken);
    return session;
  };

  return {
    platform,
    secrets,
    apiKeys: { 'template-export': TEST_TEMPLATE_API_KEY, 'orders-snapshot': ordersApiKey },
    async newUser() {
      const password = `pw-${randomBytes(12).toString('base64url')}`;
      const session = await retryWhileBusy(() => platform.api.register({ password }));
      return remember('user', { ...session, password });
    },
    async newAdmin() {
      const admin = await retryWhileBusy(() => adminSession(platform.api, namespace));
      secrets.remember('admin password', admin.password);
      secrets.remember('admin access token', admin.token);
      return admin;
    },
  };
}
