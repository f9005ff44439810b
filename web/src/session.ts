// The signed-in user: password grants at the token service, the directory switch, and the
// session kept in sessionStorage (the token and names only: the password stays in memory).

import { API, ApiError, arm, errorFromBody, setTokenSource, type TenantInfo } from "./api";

export const CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
export const SCOPE = "https://management.azure.com/.default";
const STORAGE_KEY = "pal.portal.session";

interface Claims {
  tid: string;
  oid: string;
  exp: number;
}

export interface Session {
  /** The home sign-in name, as typed. */
  username: string;
  token: string;
  claims: Claims;
  /** The directories of GET /tenants, fetched after sign-in. */
  tenants: TenantInfo[];
}

let session: Session | null = null;
let password: string | null = null; // never written to storage
const listeners = new Set<() => void>();
let onExpired: () => void = () => {};

function decodeClaims(token: string): Claims {
  const payload = token.split(".")[1] ?? "";
  const base64 = payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
}

function save(): void {
  if (!session) {
    sessionStorage.removeItem(STORAGE_KEY);
  } else {
    const { username, token, tenants } = session;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ username, token, tenants }));
  }
  for (const listener of listeners) listener();
}

function restore(): void {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as
      | { username: string; token: string; tenants: TenantInfo[] }
      | null;
    if (!stored) return;
    const claims = decodeClaims(stored.token);
    if (claims.exp * 1000 <= Date.now()) return;
    session = { username: stored.username, token: stored.token, claims, tenants: stored.tenants ?? [] };
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

async function requestToken(authority: string, username: string, secret: string): Promise<string> {
  const form = new URLSearchParams({
    grant_type: "password",
    client_id: CLIENT_ID,
    scope: SCOPE,
    username,
    password: secret,
  });
  const response = await fetch(`/${encodeURIComponent(authority)}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: form,
    credentials: "omit",
    cache: "no-store",
  });
  const text = await response.text();
  if (!response.ok) throw errorFromBody(response.status, response.statusText, text);
  const body = JSON.parse(text) as { access_token?: string };
  if (!body.access_token) throw new ApiError("The token service answered without a token.", response.status, "");
  return body.access_token;
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

/** Whether switching directories needs the password again (after a page reload). */
export function needsPassword(): boolean {
  return password === null;
}

/** Signs in at the `organizations` authority (the user's home tenant), then lists the directories. */
export async function signIn(username: string, secret: string): Promise<void> {
  const token = await requestToken("organizations", username, secret);
  password = secret;
  session = { username, token, claims: decodeClaims(token), tenants: [] };
  session.tenants = await listDirectories(session.claims.tid);
  save();
}

/** Signs in to another directory with the home name and password (Entra B2B for guests). */
export async function switchDirectory(tenantId: string, secret?: string): Promise<void> {
  if (!session) throw new Error("Sign in first.");
  const usedPassword = secret ?? password;
  if (usedPassword === null) throw new Error("Enter your password to switch directories.");
  const token = await requestToken(tenantId, session.username, usedPassword);
  password = usedPassword;
  session = { ...session, token, claims: decodeClaims(token) };
  save();
}

export function signOut(): void {
  session = null;
  password = null;
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
    if (!session || password === null) return false;
    try {
      const token = await requestToken(session.claims.tid, session.username, password);
      session = { ...session, token, claims: decodeClaims(token) };
      save();
      return true;
    } catch {
      return false;
    }
  },
  expired: () => {
    if (!session) return;
    session = null;
    password = null;
    save();
    onExpired();
  },
});

restore();
