// Pieces every page uses: the title, the page heading, flash messages, forms that report API errors.

import { ApiError } from './api.js';
import { button, h, notice } from './dom.js';

export function title(text) {
  document.title = text ? `${text} · Pairsec` : 'Pairsec';
}

export function heading(text, ...actions) {
  return h('div', { class: 'page-head' },
    h('h1', { id: 'page-title', tabindex: '-1' }, text),
    actions.length ? h('div', { class: 'actions' }, actions) : null);
}

export function crumbs(...links) {
  return h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
    links.map(([label, target], index) => [index ? h('span', { 'aria-hidden': 'true' }, ' / ') : null,
      target ? h('a', { href: target }, label) : h('span', { 'aria-current': 'page' }, label)]));
}

let flashTimer = null;
let flashedAt = 0;

export function flash(text, kind = 'ok') {
  const box = document.getElementById('flash');
  clearTimeout(flashTimer);
  flashedAt = Date.now();
  box.replaceChildren(h('div', { class: `flash flash-${kind}` }, text));
  flashTimer = setTimeout(() => box.replaceChildren(), 6000);
}

/** A message outlives the navigation it announces, not the ones after it. */
export function fadeStaleFlash() {
  if (Date.now() - flashedAt > 1500) document.getElementById('flash').replaceChildren();
}

export function describeError(error) {
  if (error instanceof ApiError) return error.explain();
  return `Something went wrong: ${error?.message || error}`;
}

export function errorNotice(error, retry) {
  const action = retry ? button('Try again', retry, { class: 'btn' }) : null;
  if (error instanceof ApiError && error.status === 404) {
    return notice('Not found', 'It does not exist, or it belongs to another account.', h('a', { href: '#/projects', class: 'btn' }, 'Back to projects'), 'error');
  }
  return notice('Could not load this page', describeError(error), action, 'error');
}

/**
 * A form whose submit runs `handler(values, form)`; while it runs the submit button is disabled, and an
 * API error is shown inside the form (role=alert) with the fields the API named.
 */
export function apiForm({ label, handler, className = 'stack', id }, ...children) {
  const alert = h('div', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: id ? `${id}-submit` : null }, label);
  const form = h('form', { class: className, id, novalidate: false }, children, alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    alert.replaceChildren();
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await handler(Object.fromEntries(new FormData(form).entries()), form);
    } catch (error) {
      if (error?.name !== 'AbortError') alert.replaceChildren(describeError(error));
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

/** Previous / next links for a paginated list, with "page X of Y (N items)". */
export function pager(pagination, linkFor, noun = 'items') {
  const { page, total_pages: pages, total } = pagination;
  if (!total) return null;
  const current = page || 1;
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    current > 1 ? h('a', { href: linkFor(current - 1), class: 'btn', rel: 'prev' }, '← Previous') : h('span', { class: 'btn', 'aria-disabled': 'true' }, '← Previous'),
    h('span', { class: 'muted' }, `Page ${current} of ${Math.max(pages, 1)} · ${total} ${noun}`),
    current < pages ? h('a', { href: linkFor(current + 1), class: 'btn', rel: 'next' }, 'Next →') : h('span', { class: 'btn', 'aria-disabled': 'true' }, 'Next →'));
}
