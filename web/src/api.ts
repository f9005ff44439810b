// The ARM client: same-origin requests with the session's bearer token, ARM and Entra error
// envelopes turned into ApiError, and the API versions and response shapes the portal uses.

export const API = {
  managementPartner: "2018-02-01",
  resources: "2022-12-01",
  authorization: "2022-04-01",
  partnerOfRecord: "2026-11-01",
  directory: "2026-12-01",
  insights: "2026-12-01",
} as const;

/** An error answered by the server (or the network), with the message to show as is. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The message of an ARM error body, or of an Entra token error (its AADSTS code and trace left out). */
export function errorFromBody(status: number, statusText: string, text: string): ApiError {
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string } | string;
      error_description?: string;
    };
    if (body.error && typeof body.error === "object" && body.error.message) {
      return new ApiError(body.error.message, status, body.error.code ?? "");
    }
    if (typeof body.error === "string") {
      const description = (body.error_description ?? body.error)
        .replace(/^AADSTS\d+:\s*/, "")
        .replace(/\s*Trace ID:[\s\S]*$/, "");
      return new ApiError(description, status, body.error);
    }
  } catch {
    // not JSON: fall through
  }
  const fallback = text.trim() && text.length < 300 ? text.trim() : `${status} ${statusText}`.trim();
  return new ApiError(`The server answered ${fallback}.`, status, "");
}

/** Anything thrown by a request, as the sentence to show. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "The server could not be reached. Check your connection and try again.";
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

export type Query = Record<string, string | undefined>;

/** A path with its query; keys are written as given (`$filter`), values percent-encoded. */
export function withQuery(path: string, query: Query): string {
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  return parts.length ? `${path}?${parts.join("&")}` : path;
}

/** Supplies a valid bearer token; `refresh` asks for a new one after a 401. */
export interface TokenSource {
  token(): string;
  refresh(): Promise<boolean>;
  expired(): void;
}

let tokens: TokenSource | null = null;
export function setTokenSource(source: TokenSource | null): void {
  tokens = source;
}

export interface RequestOptions {
  method?: "GET" | "PUT" | "PATCH" | "POST" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
}

/** Sends one ARM request; resolves to the parsed body (null when empty), throws ApiError. */
export async function arm<T>(pathAndQuery: string, options: RequestOptions = {}): Promise<T> {
  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (tokens) headers.Authorization = `Bearer ${tokens.token()}`;
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(pathAndQuery, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
      credentials: "omit",
      cache: "no-store",
    });
  };
  let response = await send();
  if (response.status === 401 && tokens && (await tokens.refresh())) response = await send();
  const text = await response.text();
  if (!response.ok) {
    const error = errorFromBody(response.status, response.statusText, text);
    if (response.status === 401) tokens?.expired();
    throw error;
  }
  return (text ? JSON.parse(text) : null) as T;
}

/** Follows `nextLink` pages of an ARM list (kept on this origin) and returns every item. */
export async function armList<T>(pathAndQuery: string, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = pathAndQuery;
  for (let page = 0; next && page < 100; page += 1) {
    const body: { value?: T[]; nextLink?: string } = await arm(next, signal ? { signal } : {});
    items.push(...(body?.value ?? []));
    if (!body?.nextLink) break;
    const url = new URL(body.nextLink, location.origin);
    next = url.pathname + url.search;
  }
  return items;
}

// ---- Response shapes ----

export interface PartnerResponse {
  id: string;
  name: string;
  etag: number;
  properties: {
    partnerId: string;
    partnerName: string;
    tenantId: string;
    objectId: string;
    version: number;
    createdTime: string;
    updatedTime: string;
    state: string;
  };
}

export interface Subscription {
  id: string;
  subscriptionId: string;
  tenantId: string;
  displayName: string;
  state: string;
}

export interface TenantInfo {
  tenantId: string;
  displayName?: string;
  tenantCategory?: string;
  accountType?: "Member" | "Guest";
}

export interface PartnerOfRecord {
  id: string;
  name: string;
  properties: { partnerId: string; partnerName: string; assignedOn?: string; assignedBy?: string };
}

export interface Eligibility {
  subscriptionId: string;
  offer: string;
  eligible: boolean;
  canManage: boolean;
  reason?: string;
}

export interface ValidatedPartner {
  partnerId: string;
  partnerName: string;
  valid: boolean;
}

export interface RoleDefinition {
  id: string;
  name: string;
  properties: { roleName: string; description?: string; type?: string };
}

export interface RoleAssignment {
  id: string;
  name: string;
  properties: {
    roleDefinitionId: string;
    principalId: string;
    principalType?: string;
    scope: string;
    description?: string;
  };
}

export interface DirectoryPrincipal {
  objectId: string;
  displayName: string;
  principalType: string;
  tenantId: string;
}

export interface AttributionRow {
  month: string;
  /** The location id credited (one of the organisation's). */
  partnerId: string;
  tenantId: string;
  customerName: string;
  subscriptionId: string;
  subscriptionName: string;
  association: string;
  /** null unless the caller may see revenue (Admin, Executive report viewer). */
  cost: string | null;
  currency: string;
}

export interface PowerPlatformRow {
  month: string;
  tenantId: string;
  customerName: string;
  resourceId: string;
  product: string;
  metric: string;
  value: number | string;
  eligible: boolean;
}

export interface Attribution {
  partnerId: string;
  partnerName: string;
  organizationId: string;
  roles: string[];
  revenueVisible: boolean;
  months: string[];
  value: AttributionRow[];
  powerPlatform: PowerPlatformRow[];
}

/** A partner organisation in which the signed-in person holds a Partner Center role. */
export interface PartnerOrganization {
  name: string;
  properties: {
    displayName: string;
    homeTenantId: string;
    partnerIds: string[];
    roles: string[];
    revenueVisible: boolean;
    manageRoles: boolean;
  };
}
