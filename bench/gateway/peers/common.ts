// What every peer shares with our path, so only the framework differs: the
// same JWT check (fast-jwt, which @fastify/jwt wraps in our gateway: HS256,
// verified tokens cached), the same contract validation (zod, at the edge and
// in the service) and the same balance read (one indexed row of the wallet's
// accounts table, pool of 10).
import { wallet } from '@platform/contracts';
import { createVerifier } from 'fast-jwt';
import pg from 'pg';

export interface PeerUser {
  id: string;
  role: string;
  email: string;
}

const verify = createVerifier({ key: process.env.JWT_SECRET!, algorithms: ['HS256'], cache: 10_000 });

/** The signed-in user of an `Authorization: Bearer` header, or undefined (answer 401). */
export function userOf(authorization: string | undefined): PeerUser | undefined {
  if (!authorization?.startsWith('Bearer ')) return undefined;
  try {
    const claims = verify(authorization.slice(7)) as { sub: string; role: string; email: string; typ?: string };
    return claims.typ === 'access' ? { id: claims.sub, role: claims.role, email: claims.email } : undefined;
  } catch {
    return undefined;
  }
}

/** The edge's and the service's validation of the request: the contract's input schema. */
export const validateInput = (query: unknown) => wallet.myBalance.input.parse(query ?? {});

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: 'bench-peer' });
const accounts = `"${process.env.WALLET_SCHEMA}".accounts`;

/** The service's work: the user's balance, shaped and checked by the contract's output schema. */
export async function balanceOf(userId: string) {
  const { rows } = await pool.query<{ balance_minor: string }>(
    `SELECT balance_minor FROM ${accounts} WHERE kind = 'user' AND owner = $1 AND currency = 'EUR'`,
    [userId],
  );
  const minor = Number(rows[0]?.balance_minor ?? 0);
  return wallet.myBalance.output.parse({ balance: minor / 100, balanceMinor: minor, currency: 'EUR' });
}
