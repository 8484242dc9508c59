// Builds DOM nodes without ever parsing HTML: texts become text nodes, so data from scanned code
// (paths, snippets, messages) is shown literally. Nothing in the dashboard assigns innerHTML.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'multiple', 'required']);

// Links stay on this site: a fragment or a path, never another scheme or host (//x).
function safeHref(value) {
  const text = String(value);
  return text.startsWith('#') || /^\/(?![/\\])/.test(text) ? text : '#';
}

function setProps(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key.startsWith('on')) {
      throw new Error(`event handlers go in "on", not in the attribute ${key}`);
    } else if (key === 'class') {
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'href') {
      el.setAttribute('href', safeHref(value));
    } else if (PROPERTIES.has(key)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

/** h('a', {href: '#/x', class: 'btn'}, 'text', otherNode) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  return append(el, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  return append(el, children);
}

export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const hintNode = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintNode);
}

export function select(name, options, chosen, props = {}) {
  return h('select', { name, ...props },
    options.map(([value, label]) => h('option', { value, selected: value === chosen }, label)));
}

export function button(label, onClick, props = {}) {
  return h('button', { type: 'button', ...props, on: { click: onClick } }, label);
}

/** A message for empty lists and unavailable features: what it means and what to do. */
export function notice(title, text, action, kind = 'empty') {
  return h('div', { class: `notice notice-${kind}` }, h('strong', null, title), text ? h('p', null, text) : null, action);
}

export function table(headers, rows, caption) {
  for (const row of rows) {
    [...row.children].forEach((cell, index) => {
      if (headers[index]) cell.dataset.label = headers[index];
    });
  }
  return h('div', { class: 'table-wrap' },
    h('table', null,
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', null, h('tr', null, headers.map((name) => h('th', { scope: 'col' }, name)))),
      h('tbody', null, rows)));
}

export function definitionList(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));
}
