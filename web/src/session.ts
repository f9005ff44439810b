// The signed-in user: the authorization code flow with PKCE at the token service's sign-in page
// (the portal never sees the password), the directory switch with the refresh token, and the
// session kept in sessionStorage (tokens and names).

import { API, ApiError, arm, errorFromBody, setTokenSource, type TenantInfo } from "./api";

/** pal's portal as a public client of its token service (src/api/public_clients.h). */
export const CLIENT_ID = "5a1f0c7e-9b1d-4c2e-8f3a-7d6b2e4c9a10";
export const SCOPE = "https://management.azure.com/.default";
const STORAGE_KEY = "pal.portal.session";
const PENDING_KEY = "pal.portal.signin"; // the verifier and state of a sign-in under way

interface Claims {
  tid: string;
  oid: string;
  exp: number;
  preferred_username?: string;
}

export interface Session {
  /** The home sign-in name (the ID token's preferred_username). */
  username: string;
  token: string;
  refreshToken: string;
  claims: Claims;
  /** The directories of GET /tenants, fetched after sign-in. */
  tenants: TenantInfo[];
}

interface PendingSignIn {
  verifier: string;
  state: string;
  returnTo: string;
}

let session: Session | null = null;
const listeners = new Set<() => void>();
let onExpired: () => void = () => {};

function decodeClaims(token: string): Claims {
  const payload = token.split(".")[1] ?? "";
  const base64 = payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
}

function base64Url(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomText(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** RFC 7636 S256: BASE64URL(SHA-256(verifier)). */
async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function redirectUri(): string {
  return `${location.origin}/portal/`;
}

function save(): void {
  if (!session) {
    sessionStorage.removeItem(STORAGE_KEY);
  } else {
    const { username, token, refreshToken, tenants } = session;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ username, token, refreshToken, tenants }));
  }
  for (const listener of listeners) listener();
}

function restore(): void {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as
      | { username: string; token: string; refreshToken: string; tenants: TenantInfo[] }
      | null;
    if (!stored) return;
    const claims = decodeClaims(stored.token);
    if (claims.exp * 1000 <= Date.now() && !stored.refreshToken) return;
    session = {
      username: stored.username,
      token: stored.token,
      refreshToken: stored.refreshToken ?? "",
      claims,
      tenants: stored.tenants ?? [],
    };
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

async function tokenRequest(authority: string, form: Record<string, string>): Promise<TokenAnswer> {
  const response = await fetch(`/${encodeURIComponent(authority)}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: CLIENT_ID, ...form }),
    credentials: "omit",
    cache: "no-store",
  });
  const text = await response.text();
  if (!response.ok) throw errorFromBody(response.status, response.statusText, text);
  const body = JSON.parse(text) as Partial<TokenAnswer>;
  if (!body.access_token) throw new ApiError("The token service answered without a token.", response.status, "");
  return body as TokenAnswer;
}

/** A new access token (and refresh token) for `tenant` with the session's refresh token. */
async function refreshFor(tenant: string): Promise<TokenAnswer> {
  if (!session?.refreshToken) throw new Error("Sign in again.");
  return tokenRequest(tenant, {
    grant_type: "refresh_token",
    refresh_token: session.refreshToken,
    scope: `${SCOPE} offline_access`,
  });
}

/** GET /tenants; the signed-in directory alone when it cannot be listed. */
async function listDirectories(tenantId: string): Promise<TenantInfo[]> {
  try {
    const body = await arm<{ value?: TenantInfo[] }>(`/tenants?api-version=${API.resources}`);
    if (body?.value?.length) return body.value;
  } catch {
    // fall through: the switcher then offers the current directory only
  }
  return [{ tenantId, displayName: tenantId, tenantCategory: "Home", accountType: "Member" }];
}

export function current(): Session | null {
  return session;
}

export function signedIn(): boolean {
  return session !== null;
}

/** The name the header shows: the home sign-in name (a guest token's name is the #EXT# form). */
export function displayName(): string {
  return session?.username ?? "";
}

export function currentTenantId(): string {
  return session?.claims.tid ?? "";
}

export function currentDirectory(): TenantInfo | undefined {
  return session?.tenants.find((t) => t.tenantId.toLowerCase() === currentTenantId().toLowerCase());
}

/**
 * Sends the browser to the token service's sign-in page (the `organizations` authority: the
 * user's home tenant), with a PKCE challenge; it comes back to /portal/ with a code.
 */
export async function signIn(returnTo: string): Promise<void> {
  const verifier = randomText(32);
  const pending: PendingSignIn = { verifier, state: randomText(16), returnTo };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: "code",
    redirect_uri: redirectUri(),
    scope: `${SCOPE} openid offline_access`,
    state: pending.state,
    nonce: randomText(16),
    code_challenge: await challengeOf(verifier),
    code_challenge_method: "S256",
  });
  location.assign(`/organizations/oauth2/v2.0/authorize?${query.toString()}`);
}

/**
 * On the way back from the sign-in page (?code=…&state=… or ?error=…): checks the state,
 * redeems the code and lists the directories. Returns the route to show next, or null when
 * the page was not such a return. Throws the sign-in's error.
 */
export async function completeSignIn(): Promise<string | null> {
  const params = new URLSearchParams(location.search);
  if (!params.has("code") && !params.has("error")) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? "null") as PendingSignIn | null;
  sessionStorage.removeItem(PENDING_KEY);
  // The code must not stay in the address bar or the history.
  history.replaceState(null, "", `${location.pathname}${pending?.returnTo ?? "#/signin"}`);
  if (!pending || params.get("state") !== pending.state) {
    throw new Error("The sign-in answer does not belong to this browser tab. Sign in again.");
  }
  const error = params.get("error");
  if (error) throw new Error(params.get("error_description") ?? error);
  const answer = await tokenRequest("organizations", {
    grant_type: "authorization_code",
    code: params.get("code") ?? "",
    redirect_uri: redirectUri(),
    code_verifier: pending.verifier,
    scope: `${SCOPE} openid offline_access`,
  });
  const claims = decodeClaims(answer.access_token);
  const username = answer.id_token ? decodeClaims(answer.id_token).preferred_username : undefined;
  session = {
    username: username ?? claims.oid,
    token: answer.access_token,
    refreshToken: answer.refresh_token ?? "",
    claims,
    tenants: [],
  };
  session.tenants = await listDirectories(claims.tid);
  save();
  return pending.returnTo;
}

/** Signs in to another directory with the refresh token (Entra B2B for guests). */
export async function switchDirectory(tenantId: string): Promise<void> {
  if (!session) throw new Error("Sign in first.");
  const answer = await refreshFor(tenantId);
  session = {
    ...session,
    token: answer.access_token,
    refreshToken: answer.refresh_token ?? session.refreshToken,
    claims: decodeClaims(answer.access_token),
  };
  save();
}

export function signOut(): void {
  session = null;
  save();
}

/** Called on every sign-in, switch and sign-out. */
export function onSessionChange(listener: () => void): void {
  listeners.add(listener);
}

/** Called when the server refuses the token and no new one can be had. */
export function onSessionExpired(handler: () => void): void {
  onExpired = handler;
}

setTokenSource({
  token: () => session?.token ?? "",
  refresh: async () => {
    if (!session) return false;
    try {
      const answer = await refreshFor(session.claims.tid);
      session = {
        ...session,
        token: answer.access_token,
        refreshToken: answer.refresh_token ?? session.refreshToken,
        claims: decodeClaims(answer.access_token),
      };
      save();
      return true;
    } catch {
      return false;
    }
  },
  expired: () => {
    if (!session) return;
    session = null;
    save();
    onExpired();
  },
});

restore();
