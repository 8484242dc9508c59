// The signed-in session: the token lives in this tab's sessionStorage only (never a cookie, never a
// URL), is sent as a Bearer header, and is forgotten on sign-out, on expiry and on any 401.

const TOKEN = 'pairsec.token';
const EXPIRES = 'pairsec.expires';
const USER = 'pairsec.user';

export const session = {
  token() {
    const token = sessionStorage.getItem(TOKEN);
    if (!token) return null;
    if (Number(sessionStorage.getItem(EXPIRES) || 0) <= Date.now()) {
      this.clear();
      return null;
    }
    return token;
  },
  user() {
    try {
      return JSON.parse(sessionStorage.getItem(USER) || 'null');
    } catch {
      return null;
    }
  },
  start(token, expiresInSeconds, user) {
    sessionStorage.setItem(TOKEN, token);
    sessionStorage.setItem(EXPIRES, String(Date.now() + expiresInSeconds * 1000));
    this.remember(user);
  },
  remember(user) {
    sessionStorage.setItem(USER, JSON.stringify({ id: user.id, email: user.email, name: user.name }));
  },
  clear() {
    for (const key of [TOKEN, EXPIRES, USER]) sessionStorage.removeItem(key);
  },
};
