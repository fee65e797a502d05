import pg from 'pg';
import type { TestApi } from './http.js';
import { infra, schemaFor } from './infra.js';

export interface AdminSession {
  token: string;
  id: string;
  email: string;
  password: string;
}

/**
 * An administrator of the gateway under test: registered through the API,
 * promoted in the gateway's test schema (nothing in the API can make an
 * admin), then signed in again so the token carries the admin role.
 */
export async function adminSession(api: TestApi, namespace: string, databaseUrl = infra.databaseUrl): Promise<AdminSession> {
  const password = 'password-123';
  const { user } = await api.register({ password });
  // databaseUrl: the gateway's server when it is not the shared one (private infrastructure).
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`UPDATE "${schemaFor('gateway', namespace)}".users SET role = 'admin' WHERE id = $1`, [user.id]);
  } finally {
    await client.end();
  }
  const login = await api.post('/api/auth/login', { email: user.email, password });
  if (login.status !== 200 || login.body.user.role !== 'admin') throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return { token: login.body.token, id: user.id, email: user.email, password };
}
