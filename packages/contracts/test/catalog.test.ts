import { describe, expect, it } from 'vitest';
import { allOperations, auth, type ContractOperation, operationsOf, serviceNames, system, wallet } from '../src/index.js';

describe('the operations each service must serve (operationsOf, OperationsOf)', () => {
  it('gives every public and internal operation to exactly one of the platform services', () => {
    const served = serviceNames.flatMap((name) => operationsOf(name).map((op) => op.name));
    const expected = [...allOperations, ...auth.internalOperations].map((op) => op.name);
    expect([...served].sort()).toEqual([...expected].sort());
  });

  it("lists a service's operations in the order of allOperations, internal ones last", () => {
    expect(operationsOf('wallet').map((op) => op.name)).toEqual(wallet.walletOperations.map((op) => op.name));
    const gateway = [...auth.authOperations, ...auth.adminOperations, ...system.systemOperations, auth.findUser];
    expect(operationsOf('gateway').map((op) => op.name)).toEqual(gateway.map((op) => op.name));
  });

  it('keeps every operation name as a literal type (the keys of the handler tables)', () => {
    // A list annotated `readonly Operation[]` instead of `as const` would widen the names to string: this line would not compile.
    const widened: string extends ContractOperation['name'] ? true : false = false;
    expect(widened).toBe(false);
  });
});
