// The API client: the municipality (tenant) this portal serves, the session's access token, one fetch wrapper.

const config = window.PORTAL_CONFIG;
// ?tenant= overrides the configured tenant only with a tenant slug (the contract's pattern): anything else,
// such as "/evil.host", would turn `${config.api}/${tenant}` into another host's address, and the login form
// would post the email and password there.
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const asked = new URLSearchParams(location.search).get("tenant");
export const tenant = asked !== null && SLUG.test(asked) ? asked : config.tenant;

let token = sessionStorage.getItem("access_token");
let onLoggedOut = () => {};

export const loggedIn = () => Boolean(token);

// Every call: JSON in and out, the access token if any; a 401 on a logged-in call ends the session. The
// answer's headers come too (a 429 or 503 says in Retry-After when to try again).
export async function api(method, path, body, extraHeaders = {}) {
  const headers = { ...extraHeaders };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const sent = body === undefined ? undefined : JSON.stringify(body);
  const response = await fetch(`${config.api}/${tenant}${path}`, { method, headers, body: sent });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.status === 401 && token) { logout(false); }
  return { status: response.status, data, headers: response.headers };
}

export function keepToken(accessToken) {
  token = accessToken;
  sessionStorage.setItem("access_token", token);
}

// The session ends here, without leaving the screen shown (an account just deleted says so itself).
export function forgetToken() {
  token = null;
  sessionStorage.removeItem("access_token");
}

// What happens once logged out (the router goes to its login screen).
export function whenLoggedOut(callback) { onLoggedOut = callback; }

export async function logout(callApi) {
  if (callApi && token) await api("DELETE", "/sessions/current");
  forgetToken();
  onLoggedOut();
}
