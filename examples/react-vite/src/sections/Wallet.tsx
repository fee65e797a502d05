import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { messageFr } from '../messages-fr';
import { euros, parseEuros } from '../money';

export function Wallet({ refreshKey }: { refreshKey: number }) {
  const [balance, setBalance] = useState<number>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      const { balance: current } = await api.getWalletBalance();
      setBalance(current);
    } catch (failure) {
      setError(messageFr(failure));
    }
  }, []);

  useEffect(() => {
    void refreshKey;
    void load();
  }, [load, refreshKey]);

  const deposit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('amount') as HTMLInputElement;
    const amount = parseEuros(input.value);
    if (!amount) return setError('Montant invalide : par exemple 12,50');
    try {
      await api.depositMoney(amount);
      setError(undefined);
      input.value = '';
      await load();
    } catch (failure) {
      setError(messageFr(failure));
    }
  };

  return (
    <section>
      <h2>Mon porte-monnaie</h2>
      <p>
        Solde : <strong data-testid="balance">{balance === undefined ? '…' : euros(balance)}</strong>
      </p>
      <form onSubmit={deposit}>
        <input name="amount" inputMode="decimal" placeholder="Montant, ex. 12,50" aria-label="Montant à déposer" />
        <button type="submit">Déposer</button>
      </form>
      {error && <p className="error">{error}</p>}
    </section>
  );
}
