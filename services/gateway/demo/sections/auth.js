import { byId, onClick, onSubmit } from '../dom.js';

/** Register, log in, profile, log out. A fresh e-mail is suggested so "S'inscrire" works at first click. */
export function mountAuth({ client, run, session }) {
  byId('register-email').value = `fan-${Math.random().toString(36).slice(2, 8)}@example.com`;
  byId('register-password').value = 'motdepasse-demo';
  byId('register-name').value = 'Fan Démo';

  onSubmit(byId('register-form'), async ({ email, password, name, clubId }) => {
    const registered = await run('register(email, password, name, clubId)', () => client.register(email, password, name, clubId));
    if (registered) session.signIn(registered.user);
  });
  onSubmit(byId('login-form'), async ({ email, password }) => {
    const loggedIn = await run('login(email, password)', () => client.login(email, password));
    if (loggedIn) session.signIn(loggedIn.user);
  });
  onClick(byId('me-button'), () => run('me()', () => client.me()));
  onClick(byId('logout-button'), async () => {
    await run('logout()', () => client.logout());
    session.signOut();
  });
}
