import { useEffect, useState } from 'react';
import { api, sessionListeners } from './api';
import { Chat } from './sections/Chat';
import { Login } from './sections/Login';
import { Shop } from './sections/Shop';
import { Tickets } from './sections/Tickets';
import { Wallet } from './sections/Wallet';

type User = { id: string; name: string; email: string };

/** The fan app: sign in (the SDK keeps and refreshes the session), then wallet, tickets, shop and live chat. */
export function App() {
  const [user, setUser] = useState<User | null>(null);
  const [expired, setExpired] = useState(false);
  /** Bumped after a purchase, so the wallet reloads its balance. */
  const [spent, setSpent] = useState(0);

  useEffect(() => {
    const onExpired = () => {
      setUser(null);
      setExpired(true);
    };
    sessionListeners.add(onExpired);
    // A session kept from an earlier visit: /api/auth/me says whose it is (refreshing the token first if needed).
    if (api.session) api.me().then(setUser, () => setUser(null));
    return () => {
      sessionListeners.delete(onExpired);
    };
  }, []);

  const signOut = async () => {
    await api.logout().catch(() => undefined);
    setUser(null);
  };

  return (
    <>
      <header>
        <strong>PaieCashFan</strong>
        {user ? (
          <span>
            <span data-testid="signed-in-as">{user.name}</span>{' '}
            <button type="button" onClick={signOut}>
              Se déconnecter
            </button>
          </span>
        ) : (
          <span>Non connecté</span>
        )}
      </header>
      {user ? (
        <main>
          <Wallet refreshKey={spent} />
          <Tickets onPurchase={() => setSpent((n) => n + 1)} />
          <Shop onPurchase={() => setSpent((n) => n + 1)} />
          <Chat userId={user.id} />
        </main>
      ) : (
        <main>
          <Login
            notice={expired ? 'Session expirée : reconnectez-vous' : undefined}
            onSignedIn={(signedIn) => {
              setExpired(false);
              setUser(signedIn);
            }}
          />
        </main>
      )}
    </>
  );
}
