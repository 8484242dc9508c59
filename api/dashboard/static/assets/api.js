// The only door to the server: the public REST API under /api/v1, with the session's Bearer token.

import { session } from './session.js';

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, message, details, code) {
    super(message);
    this.status = status;
    this.details = details;
    this.code = code;
  }

  /** The message with the field-by-field details the API gives, for showing to a person. */
  explain() {
    if (!this.details || typeof this.details !== 'object') {
      return this.details && typeof this.details === 'string' ? `${this.message}: ${this.details}` : this.message;
    }
    const parts = Object.entries(this.details).map(([name, why]) => `${name} ${typeof why === 'string' ? why : JSON.stringify(why)}`);
    return `${this.message} (${parts.join('; ')})`;
  }
}

let onUnauthenticated = () => {};
export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

export function queryString(query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function send(method, path, { body, query, signal, accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(BASE + path + queryString(query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'The server cannot be reached; check that Pairsec is running and try again');
  }
  if (!response.ok) {
    let payload = null;
    try {
      payload = await response.json();
    } catch {
      payload = null;
    }
    if (response.status === 401 && token) {
      session.clear();
      onUnauthenticated();
    }
    throw new ApiError(response.status, payload?.error || `Request failed (${response.status})`, payload?.details, payload?.code);
  }
  return response;
}

export async function call(method, path, options = {}) {
  const response = await send(method, path, options);
  const payload = await response.json();
  return payload.data;
}

export const get = (path, query, signal) => call('GET', path, { query, signal });
export const post = (path, body) => call('POST', path, { body });
export const put = (path, body) => call('PUT', path, { body });
export const del = (path) => call('DELETE', path);

/** Fetches a file with the token in a header and hands it to the browser as a download. */
export async function download(path, query) {
  const response = await send('GET', path, { query, accept: '*/*' });
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const filename = match ? decodeURIComponent(match[1]) : 'pairsec-export';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return filename;
}

let operations = null;

/** Whether this server offers an operation, e.g. supports('get', '/projects/{id}/findings'). */
export async function supports(method, path) {
  if (!operations) {
    // The OpenAPI document is public and is not wrapped in the envelope.
    operations = fetch(`${BASE}/openapi.json`, { credentials: 'omit' })
      .then((response) => (response.ok ? response.json() : { paths: {} }))
      .catch(() => ({ paths: {} }));
  }
  const document = await operations;
  return Boolean(document.paths?.[path]?.[method]);
}

/** Sends a file as the raw request body (source archives for uploads). */
export async function upload(path, file) {
  const headers = { Accept: 'application/json', 'Content-Type': file.name.endsWith('.zip') ? 'application/zip' : 'application/gzip' };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(BASE + path, { method: 'POST', headers, body: file, credentials: 'omit', cache: 'no-store' });
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, payload?.error || `Upload failed (${response.status})`, payload?.details, payload?.code);
  }
  return payload.data;
}
