import { baseEnvSchema, parseConfig, Service } from '@platform/service-kit';
import { serviceEnv, uniqueNamespace } from '@platform/testkit';
import { describe, expect, it } from 'vitest';

/** The address a route sees for a request from 10.0.0.2 that claims to come from 198.51.100.9. */
async function addressSeen(trustProxy: boolean | undefined): Promise<string> {
  const service = new Service({ name: 'kitprobe', config: parseConfig(baseEnvSchema, serviceEnv('kitprobe', uniqueNamespace('kt'))), trustProxy });
  service.http.get('/whoami', async (request) => ({ ip: request.ip }));
  try {
    const reply = await service.http.inject({ url: '/whoami', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '198.51.100.9' } });
    return reply.json().ip;
  } finally {
    await service.http.close();
  }
}

describe('trustProxy (the gateway behind Nginx, TRUST_PROXY)', () => {
  it("takes the client's address from X-Forwarded-For only when the proxy is trusted", async () => {
    expect(await addressSeen(true)).toBe('198.51.100.9');
    expect(await addressSeen(false)).toBe('10.0.0.2');
    expect(await addressSeen(undefined)).toBe('10.0.0.2');
  });
});
