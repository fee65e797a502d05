import { byId, onClick, onSubmit } from '../dom.js';
import { formatMoney, toApiAmount } from '../format.js';

/** Balance, transactions, deposit and send (amounts as a French user types them, `12,50`, sent as the API's decimal text `12.50`). */
export function mountWallet({ client, run, session }) {
  const balance = byId('wallet-balance');
  // Only the answer to the latest balance-bearing call is shown: a slow read must not overwrite a newer deposit.
  let latestCall = 0;
  const showBalanceOf = async (label, call) => {
    const mine = ++latestCall;
    const wallet = await run(label, call);
    if (mine !== latestCall || wallet?.balance === undefined) return;
    balance.textContent = formatMoney(wallet.balance, wallet.currency);
    balance.dataset.balanceMinor = String(wallet.balanceMinor);
  };

  session.onChange((user) => {
    latestCall++;
    balance.textContent = '—';
    delete balance.dataset.balanceMinor;
    if (user) void showBalanceOf('getWalletBalance()', () => client.getWalletBalance());
  });

  onClick(byId('balance-button'), () => showBalanceOf('getWalletBalance()', () => client.getWalletBalance()));
  onClick(byId('transactions-button'), () => run('getTransactions()', () => client.getTransactions()));
  onSubmit(byId('deposit-form'), ({ amount }) => showBalanceOf('depositMoney(amount)', () => client.depositMoney(toApiAmount(amount))));
  onSubmit(byId('send-form'), ({ recipientId, amount }) =>
    showBalanceOf('sendMoney(recipientId, amount)', () => client.sendMoney(recipientId, toApiAmount(amount))),
  );
}
