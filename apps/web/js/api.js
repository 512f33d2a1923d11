// The API client: the Bearer token on every /api call, one refresh on 401, then back to sign-in.

const SESSION_KEY = 'keywork.session';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && typeof body === 'object' && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
  /** errors[] of a 400: [{ field, reason }] */
  get fieldErrors() {
    return Array.isArray(this.body?.errors) ? this.body.errors : [];
  }
}

let session = load();
const listeners = new Set();

function load() {
  try {
    const stored = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null');
    // A session without a token (the former guest mode) is no session.
    return stored?.accessToken ? stored : null;
  } catch {
    return null;
  }
}

function save(next) {
  session = next;
  if (next) localStorage.setItem(SESSION_KEY, JSON.stringify(next));
  else localStorage.removeItem(SESSION_KEY);
  for (const listener of listeners) listener(session);
}

export const getSession = () => session;
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

/** Signs in with an account; every later /api call carries its access token. */
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
  save({ accessToken: body.accessToken, refreshToken: body.refreshToken ?? null, user: body.user });
  return session;
}

let refreshing = null;

/** One refresh at a time, shared by every request that got a 401. */
async function refresh() {
  if (!session?.refreshToken) return false;
  refreshing ??= (async () => {
    try {
      const response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
      if (!response.ok) return false;
      const body = await parse(response);
      if (!body?.accessToken) return false;
      save({ ...session, accessToken: body.accessToken, refreshToken: body.refreshToken ?? session.refreshToken, user: body.user ?? session.user });
      return true;
    } catch {
      return false;
    } finally {
      setTimeout(() => (refreshing = null), 0);
    }
  })();
  return refreshing;
}

function authHeaders() {
  return session?.accessToken ? { authorization: `Bearer ${session.accessToken}` } : {};
}

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
let onSignedOut = () => undefined;
export const setSignedOutHandler = (fn) => (onSignedOut = fn);

/**
 * fetch for /api: returns the raw Response after the 401 → refresh → retry dance.
 */
export async function apiResponse(path, { method = 'GET', body, headers = {} } = {}) {
  const send = () =>
    fetch(path, {
      method,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...authHeaders(), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
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

/** JSON call: resolves { body, headers, status } or throws ApiError for any non-2xx. */
export async function api(path, options = {}) {
  const response = await apiResponse(path, options);
  const body = await parse(response);
  if (!response.ok) throw new ApiError(response.status, body);
  return { body, headers: response.headers, status: response.status };
}

export const getJson = async (path) => (await api(path)).body;

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Downloads a file that needs the token: fetched as a blob, saved through an object URL. */
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

/**
 * Live updates of a department: calls onProjected({ projection }) when its read models changed,
 * onStatus('live' | 'connecting' | 'offline'), and onReconnect({ first }) each time the stream
 * opens, the first time included (notices sent before it was connected are missed: refetch). EventSource cannot send headers, so the token
 * goes in the query string. A closed stream (e.g. expired token) refreshes and reopens.
 */
export function liveUpdates(department, { onProjected, onStatus = () => undefined, onReconnect = () => undefined }) {
  let source = null;
  let stopped = false;
  let wasOpen = false;
  let retry = null;
  let delay = 1000;
  const open = () => {
    if (stopped) return;
    onStatus('connecting');
    const token = session?.accessToken;
    const opened = token;
    const url = `/api/departments/${encodeURIComponent(department)}/stream${token ? `?access_token=${encodeURIComponent(token)}` : ''}`;
    source = new EventSource(url);
    source.onopen = () => {
      delay = 1000;
      onStatus('live');
      // Notices sent before the stream was (re)connected are lost: let the page refetch.
      onReconnect({ first: !wasOpen });
      wasOpen = true;
    };
    source.onmessage = (event) => {
      let data = null;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (data?.type === 'projected') onProjected(data);
    };
    source.onerror = () => {
      if (stopped) return;
      if (source.readyState === EventSource.CLOSED) {
        onStatus('offline');
        source.close();
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
 */
export function can(department, role) {
  if (!session) return false;
  const roles = session.user?.roles ?? [];
  return roles.some((r) => (r.role === 'admin' && r.department === '*') || (r.role === role && (r.department === department || r.department === '*')));
}
