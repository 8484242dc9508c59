// Hash routes (#/scans/<id>?severity=high): the server serves one page, and ids and filters stay in
// the fragment, which is never sent to the server. The token is never part of a route.

const routes = [];

export function route(pattern, view, options = {}) {
  const keys = [];
  const source = pattern.replace(/:(\w+)/g, (_, key) => {
    keys.push(key);
    return '([^/?#]+)';
  });
  routes.push({ pattern, regex: new RegExp(`^${source}$`), keys, view, ...options });
}

export function location_() {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { path: path || '/', query: new URLSearchParams(query) };
}

export function resolve(path) {
  for (const entry of routes) {
    const match = entry.regex.exec(path);
    if (match) {
      const params = {};
      entry.keys.forEach((key, index) => {
        params[key] = decodeURIComponent(match[index + 1]);
      });
      return { ...entry, params };
    }
  }
  return null;
}

/** '#/scans/<id>?page=2', dropping empty query values. */
export function href(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

export function go(path, query) {
  const target = href(path, query);
  if (window.location.hash === target) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = target;
  }
}
