// @ts-check
// The API client: the Bearer token on every /api call, one refresh on 401, then back to sign-in.

/** @typedef {import('./types.js').Session} Session */
/** @typedef {import('./types.js').FieldError} FieldError */

const SESSION_KEY = 'keywork.session';

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
const isRecord = (value) => typeof value === 'object' && value !== null;

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {unknown} body
   */
  constructor(status, body) {
    super((isRecord(body) && typeof body.message === 'string' && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }

  /**
   * errors[] of a 400: [{ field, reason }]
   * @returns {FieldError[]}
   */
  get fieldErrors() {
    const errors = isRecord(this.body) ? this.body.errors : undefined;
    return Array.isArray(errors)
      ? errors.filter((e) => isRecord(e)).map((e) => ({ field: String(e.field ?? ''), reason: String(e.reason ?? '') }))
      : [];
  }
}

/**
 * The HTTP status of a failed call (0: no connection), or undefined for any other error.
 * @param {unknown} error
 */
export const statusOf = (error) => (error instanceof ApiError ? error.status : undefined);

/** @type {Session | null} */
let session = load();
/** @type {Set<(session: Session | null) => void>} */
const listeners = new Set();

/** @returns {Session | null} */
function load() {
  try {
    const stored = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null');
    // A session without a token (the former guest mode) is no session.
    return isRecord(stored) && typeof stored.accessToken === 'string' && isRecord(stored.user) ? /** @type {Session} */ (stored) : null;
  } catch {
    return null;
  }
}

/** @param {Session | null} next */
function save(next) {
  session = next;
  // Answers asked ahead were asked as the user before: none is handed to another session.
  /** @type {EarlyRequests | undefined} */ (Reflect.get(window, 'keyworkEarly'))?.clear();
  if (next) localStorage.setItem(SESSION_KEY, JSON.stringify(next));
  else localStorage.removeItem(SESSION_KEY);
  for (const listener of listeners) listener(session);
}

export const getSession = () => session;
/** @param {(session: Session | null) => void} fn */
export const onSessionChange = (fn) => listeners.add(fn);

/** Forgets the session here and revokes its refresh token on the server (best effort). */
export function signOut() {
  const ending = session;
  save(null);
  // Without a refresh token the server would revoke every session of the user: skip it then.
  if (ending?.accessToken && ending.refreshToken) {
    fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ending.accessToken}` },
      body: JSON.stringify({ refreshToken: ending.refreshToken }),
    }).catch(() => undefined);
  }
}

/**
 * The session a login or refresh answer carries, or null when it carries none.
 * @param {unknown} body
 * @param {Session | null} before
 * @returns {Session | null}
 */
function sessionFrom(body, before) {
  if (!isRecord(body) || typeof body.accessToken !== 'string') return null;
  const user = isRecord(body.user) ? /** @type {Session['user']} */ (body.user) : before?.user;
  if (!user) return null;
  const refreshToken = typeof body.refreshToken === 'string' ? body.refreshToken : (before?.refreshToken ?? null);
  return { accessToken: body.accessToken, refreshToken, user };
}

/**
 * Signs in with an account; every later /api call carries its access token.
 * @param {string} username
 * @param {string} password
 */
export async function signIn(username, password) {
  let response;
  try {
    response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new ApiError(0, { message: '无法连接服务器，请检查网络后重试' });
  }
  const body = await parse(response);
  if (!response.ok) throw new ApiError(response.status, body);
  const next = sessionFrom(body, null);
  if (!next) throw new ApiError(response.status, { message: '登录应答有误' });
  save(next);
  return next;
}

/** @type {Promise<boolean> | null} */
let refreshing = null;

/** One refresh at a time, shared by every request that got a 401. */
async function refresh() {
  const current = session;
  if (!current?.refreshToken) return false;
  refreshing ??= (async () => {
    try {
      const response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ refreshToken: current.refreshToken }),
      });
      if (!response.ok) return false;
      const next = sessionFrom(await parse(response), current);
      if (!next) return false;
      save(next);
      return true;
    } catch {
      return false;
    } finally {
      setTimeout(() => (refreshing = null), 0);
    }
  })();
  return refreshing;
}

/** @returns {Record<string, string>} */
function authHeaders() {
  return session?.accessToken ? { authorization: `Bearer ${session.accessToken}` } : {};
}

/**
 * The body as JSON, as text when it is not JSON, null when empty.
 * @param {Response} response
 * @returns {Promise<unknown>}
 */
async function parse(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Called when the session is gone for good (refresh failed): the app shows the sign-in page. */
let onSignedOut = () => {};
/** @param {() => void} fn */
export const setSignedOutHandler = (fn) => (onSignedOut = fn);

/**
 * `body` is sent as JSON; `file` (a spreadsheet upload) as it is, with its own type.
 * @typedef {{ method?: string, body?: unknown, file?: Blob, headers?: Record<string, string> }} RequestOptions
 */

/**
 * fetch for /api: returns the raw Response after the 401 → refresh → retry dance.
 * @param {string} path
 * @param {RequestOptions} [options]
 */
export async function apiResponse(path, { method = 'GET', body, file, headers = {} } = {}) {
  const send = () =>
    fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(file
          ? { 'content-type': file.type || 'application/octet-stream' }
          : body !== undefined
            ? { 'content-type': 'application/json' }
            : {}),
        ...authHeaders(),
        ...headers,
      },
      body: file ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  let response;
  try {
    const sentWith = session?.accessToken;
    response = await send();
    // Another request may have refreshed the token meanwhile: then just send again.
    if (response.status === 401 && (session?.accessToken !== sentWith || (await refresh()))) response = await send();
  } catch {
    throw new ApiError(0, { message: '无法连接服务器，请检查网络后重试' });
  }
  if (response.status === 401) {
    save(null);
    onSignedOut();
    throw new ApiError(401, { message: '登录已过期，请重新登录' });
  }
  return response;
}

/**
 * JSON call: resolves { body, headers, status } or throws ApiError for any non-2xx. The caller
 * names the body's type (the api's answer is trusted to have it).
 * @template [T=unknown]
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<{ body: T, headers: Headers, status: number }>}
 */
export async function api(path, options = {}) {
  const response = await apiResponse(path, options);
  const body = await parse(response);
  if (!response.ok) throw new ApiError(response.status, body);
  return { body: /** @type {T} */ (body), headers: response.headers, status: response.status };
}

/**
 * GET as JSON. A JSDoc type on the variable it is assigned to names the answer's type.
 * @template [T=unknown]
 * @param {string} path
 * @returns {Promise<T>}
 */
export async function getJson(path) {
  // Only a success was read ahead; anything else (an expired token, no connection) is asked again
  // here, with the refresh and the errors of every other call.
  const early = await earlyAnswer(path);
  if (early) return /** @type {T} */ (early.body);
  /** @type {{ body: T }} */
  const { body } = await api(path);
  return body;
}

/** How long an answer asked ahead waits for the page that needs it; later, the page asks again. */
const AHEAD_MS = 10_000;

/**
 * The requests index.html's start script sent before any module had loaded (`keyworkEarly`), by
 * path: the body of a success, read as it came, or null.
 * @typedef {Map<string, { answer: Promise<{ body: unknown } | null>, asked: number }>} EarlyRequests
 */

/**
 * The start script's answer for a path, taken once; null when it sent none, or long ago.
 * @param {string} path
 * @returns {Promise<{ body: unknown } | null> | null}
 */
export function earlyAnswer(path) {
  /** @type {EarlyRequests | undefined} */
  const early = Reflect.get(window, 'keyworkEarly');
  const entry = early?.get(path);
  if (!entry) return null;
  early?.delete(path);
  return performance.now() - entry.asked <= AHEAD_MS ? entry.answer : null;
}

/**
 * A query string from the parameters that have a value ('' when none has).
 * @param {Record<string, string | number | null | undefined>} params
 */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Downloads a file that needs the token: fetched as a blob, saved through an object URL.
 * @param {string} path
 * @param {string} filename
 */
export async function download(path, filename) {
  const response = await apiResponse(path, { headers: { accept: '*/*' } });
  if (!response.ok) throw new ApiError(response.status, await parse(response));
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return blob.size;
}

/** @typedef {'live' | 'connecting' | 'offline'} LiveStatus */

/**
 * Live updates of a department: calls onProjected({ projection }) when its read models changed,
 * onStatus('live' | 'connecting' | 'offline'), and onReconnect({ first }) each time the stream
 * opens, the first time included (notices sent before it was connected are missed: refetch).
 * EventSource cannot send headers, so the token goes in the query string. A closed stream (e.g.
 * an expired token) refreshes and reopens.
 * @param {string} department
 * @param {{
 *   onProjected: (notice: { type: 'projected', projection: string }) => void,
 *   onStatus?: (status: LiveStatus) => void,
 *   onReconnect?: (info: { first: boolean }) => void,
 * }} handlers
 */
export function liveUpdates(department, { onProjected, onStatus = () => {}, onReconnect = () => {} }) {
  /** @type {EventSource | null} */
  let source = null;
  let stopped = false;
  let wasOpen = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retry;
  let delay = 1000;
  const open = () => {
    if (stopped) return;
    onStatus('connecting');
    const opened = session?.accessToken;
    const url = `/api/departments/${encodeURIComponent(department)}/stream${opened ? `?access_token=${encodeURIComponent(opened)}` : ''}`;
    const current = new EventSource(url);
    source = current;
    current.onopen = () => {
      delay = 1000;
      onStatus('live');
      // Notices sent before the stream was (re)connected are lost: let the page refetch.
      onReconnect({ first: !wasOpen });
      wasOpen = true;
    };
    current.onmessage = (event) => {
      let data = null;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (isRecord(data) && data.type === 'projected') onProjected({ type: 'projected', projection: String(data.projection) });
    };
    current.onerror = () => {
      if (stopped) return;
      if (current.readyState === EventSource.CLOSED) {
        onStatus('offline');
        current.close();
        retry = setTimeout(async () => {
          // Closed for good, e.g. an expired token: refresh it unless a request already did.
          if (session?.accessToken === opened) await refresh();
          open();
        }, delay);
        delay = Math.min(delay * 2, 30_000);
      } else {
        onStatus('connecting');
      }
    };
  };
  open();
  return {
    close() {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    },
  };
}

/**
 * Whether the signed-in user holds this role in the department (the admin holds every role).
 * Only hides controls: the API decides.
 * @param {string} department
 * @param {string} role
 */
export function can(department, role) {
  if (!session) return false;
  return session.user.roles.some(
    (r) => (r.role === 'admin' && r.department === '*') || (r.role === role && (r.department === department || r.department === '*')),
  );
}
