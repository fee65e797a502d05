import type { AuthLevel, Operation } from '@platform/contracts';

/** Who a hostile request claims to be. */
export type CallerKind = 'anonymous' | 'garbage-token' | 'user' | 'admin' | 'wrong-api-key' | 'api-key';

export interface Callers {
  userToken: string;
  adminToken: string;
  /** X-API-Key each api-key service accepts, by service name. */
  apiKeys: Record<string, string>;
}

/** Who to try on each auth level: someone who may pass, and someone who may not. */
const TRIED: Record<Exclude<AuthLevel, 'internal'>, CallerKind[]> = {
  public: ['anonymous', 'garbage-token'],
  'optional-user': ['anonymous', 'garbage-token', 'user'],
  user: ['anonymous', 'garbage-token', 'user'],
  admin: ['anonymous', 'user', 'admin'],
  'api-key': ['anonymous', 'wrong-api-key', 'api-key'],
  'admin-or-api-key': ['anonymous', 'garbage-token', 'user', 'wrong-api-key', 'api-key', 'admin'],
};

const MAY_PASS: Record<Exclude<AuthLevel, 'internal'>, CallerKind[]> = {
  public: ['anonymous', 'garbage-token', 'user', 'admin'],
  'optional-user': ['anonymous', 'user', 'admin'],
  user: ['user', 'admin'],
  admin: ['admin'],
  'api-key': ['api-key'],
  'admin-or-api-key': ['api-key', 'admin'],
};

export const callersToTry = (op: Operation): CallerKind[] => TRIED[op.auth as Exclude<AuthLevel, 'internal'>];

/** False when the operation must refuse this caller whatever the input. */
export const mayPass = (op: Operation, caller: CallerKind): boolean => MAY_PASS[op.auth as Exclude<AuthLevel, 'internal'>].includes(caller);

// Shaped like a JWT, signed by nobody.
const GARBAGE_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.bm90LWEtc2lnbmF0dXJl';

/** A caller the operation accepts (the most privileged one tried), so hostile input gets past authentication to the parser and the contract. */
export const acceptedCaller = (op: Operation): CallerKind =>
  callersToTry(op)
    .filter((caller) => mayPass(op, caller))
    .at(-1)!;

/** The headers that present `caller` to `op`. */
export function callerHeaders(op: Operation, caller: CallerKind, callers: Callers): Record<string, string> {
  switch (caller) {
    case 'anonymous':
      return {};
    case 'garbage-token':
      return { authorization: `Bearer ${GARBAGE_TOKEN}` };
    case 'user':
      return { authorization: `Bearer ${callers.userToken}` };
    case 'admin':
      return { authorization: `Bearer ${callers.adminToken}` };
    case 'wrong-api-key':
      return { 'x-api-key': `${callers.apiKeys[op.service] ?? 'no-key-configured'}-wrong` };
    case 'api-key':
      return { 'x-api-key': callers.apiKeys[op.service] ?? '' };
  }
}
