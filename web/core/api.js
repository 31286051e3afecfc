// The API client: the municipality (tenant) this portal serves, the session's access token, one fetch wrapper.
// The portal's parents use the client below; the agents' console (agent/) makes its own with sessionClient(),
// its token under another key, so that a parent's session and an agent's never mix in one browser tab.

const config = window.PORTAL_CONFIG;
// ?tenant= overrides the configured tenant only with a tenant slug (the contract's pattern): anything else,
// such as "/evil.host", would turn `${config.api}/${tenant}` into another host's address, and the login form
// would post the email and password there.
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const asked = new URLSearchParams(location.search).get("tenant");
export const tenant = asked !== null && SLUG.test(asked) ? asked : config.tenant;

// A session's client: its token kept in sessionStorage under ``storageKey``, ended by DELETE ``sessionPath``.
export function sessionClient(storageKey, sessionPath) {
  let token = sessionStorage.getItem(storageKey);
  let onLoggedOut = () => {};

  // The session ends here, without leaving the screen shown (an account just deleted says so itself).
  function forgetToken() {
    token = null;
    sessionStorage.removeItem(storageKey);
  }

  async function logout(callApi) {
    if (callApi && token) await api("DELETE", sessionPath);
    forgetToken();
    onLoggedOut();
  }

  // Every call: JSON in and out, the access token if any; a 401 on a logged-in call ends the session. The
  // answer's headers come too (a 429 or 503 says in Retry-After when to try again).
  async function api(method, path, body, extraHeaders = {}) {
    const headers = { ...extraHeaders };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    const sent = body === undefined ? undefined : JSON.stringify(body);
    const response = await fetch(`${config.api}/${tenant}${path}`, { method, headers, body: sent });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (response.status === 401 && token) { logout(false); }
    return { status: response.status, data, headers: response.headers };
  }

  function keepToken(accessToken) {
    token = accessToken;
    sessionStorage.setItem(storageKey, token);
  }

  return {
    api,
    keepToken,
    forgetToken,
    logout,
    loggedIn: () => Boolean(token),
    // What happens once logged out (the router goes to its login screen).
    whenLoggedOut: (callback) => { onLoggedOut = callback; },
  };
}

export const { api, keepToken, forgetToken, logout, loggedIn, whenLoggedOut } = sessionClient("access_token",
  "/sessions/current");
