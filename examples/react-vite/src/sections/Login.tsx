import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { messageFr } from '../messages-fr';

type User = { id: string; name: string; email: string };

export function Login({ onSignedIn, notice }: { onSignedIn: (user: User) => void; notice?: string }) {
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      const { user } = await api.login(String(form.get('email')), String(form.get('password')));
      onSignedIn(user);
    } catch (failure) {
      setError(messageFr(failure));
    }
  };

  return (
    <section>
      <h2>Connexion</h2>
      {notice && <p>{notice}</p>}
      <form onSubmit={submit}>
        <input name="email" type="email" placeholder="Email" autoComplete="username" required />
        <input name="password" type="password" placeholder="Mot de passe" autoComplete="current-password" required />
        <button type="submit">Se connecter</button>
      </form>
      {error && (
        <p className="error" data-testid="login-error">
          {error}
        </p>
      )}
    </section>
  );
}
