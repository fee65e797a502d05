import { byId } from './dom.js';

/**
 * Who is signed in, shown in the header. Sections listen to changes (the
 * social section opens the WebSocket on sign-in and closes it on sign-out).
 */
export function createSession() {
  const listeners = new Set();
  const label = byId('session-user');
  const idLabel = byId('session-user-id');
  let user = null;

  const publish = () => {
    label.textContent = user ? `Connecté : ${user.name} <${user.email}>` : 'Non connecté';
    idLabel.textContent = user ? user.id : '';
    for (const listener of listeners) listener(user);
  };

  return {
    get user() {
      return user;
    },
    signIn(signedIn) {
      user = signedIn;
      publish();
    },
    signOut() {
      user = null;
      publish();
    },
    expired() {
      user = null;
      publish();
      label.textContent = 'Session expirée : reconnectez-vous';
    },
    onChange(listener) {
      listeners.add(listener);
    },
  };
}
