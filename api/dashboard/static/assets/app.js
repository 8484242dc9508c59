// The dashboard's entry point: routes, the navigation bar, and rendering one page at a time.

import { whenUnauthenticated } from './api.js';
import { button, h } from './dom.js';
import { errorNotice, fadeStaleFlash, flash, title } from './page.js';
import { go, location_, resolve, route } from './router.js';
import { session } from './session.js';
import * as apikey from './views/apikey.js';
import * as auth from './views/auth.js';
import * as diff from './views/diff.js';
import * as finding from './views/finding.js';
import * as history from './views/history.js';
import * as identities from './views/identities.js';
import * as project from './views/project.js';
import * as projects from './views/projects.js';
import * as profile from './views/profile.js';
import * as scan from './views/scan.js';
import * as webhooks from './views/webhooks.js';

route('/login', auth.login, { public: true });
route('/register', auth.register, { public: true });
route('/projects', projects.list, { section: 'projects' });
route('/projects/:id', project.show, { section: 'projects' });
route('/projects/:id/findings', identities.show, { section: 'projects' });
route('/projects/:id/history', history.project, { section: 'projects' });
route('/projects/:id/webhooks', webhooks.list, { section: 'projects' });
route('/projects/:id/webhooks/:webhook', webhooks.deliveries, { section: 'projects' });
route('/scans/:id', scan.show, { section: 'projects' });
route('/scans/:id/diff', diff.show, { section: 'projects' });
route('/findings/:id', finding.show, { section: 'projects' });
route('/api-key', apikey.show, { section: 'api-key' });
route('/profile', profile.show, { section: 'profile' });

function signOut() {
  session.clear();
  flash('Signed out');
  go('/login');
}

function renderNav(section) {
  const nav = document.getElementById('nav');
  if (!session.token()) {
    nav.replaceChildren(h('a', { href: '#/login' }, 'Sign in'), h('a', { href: '#/register' }, 'Register'));
    return;
  }
  const link = (target, label, name) => h('a', { href: target, 'aria-current': section === name ? 'page' : null }, label);
  const user = session.user();
  nav.replaceChildren(
    link('#/projects', 'Projects', 'projects'),
    link('#/api-key', 'API key', 'api-key'),
    link('#/profile', user?.name || user?.email || 'Profile', 'profile'),
    button('Sign out', signOut, { class: 'link-button', id: 'sign-out' }));
}

let controller = null;
let shownPath = null;

async function render() {
  const { path, query } = location_();
  if (path === '/') {
    go(session.token() ? '/projects' : '/login');
    return;
  }
  const matched = resolve(path);
  if (matched && !matched.public && !session.token()) {
    const next = window.location.hash.replace(/^#/, '');
    go('/login', next.startsWith('/login') ? {} : { next });
    return;
  }
  if (matched?.public && session.token()) {
    go('/projects');
    return;
  }
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  const main = document.getElementById('main');
  const samePage = shownPath === path;
  const focused = samePage ? document.activeElement?.id : null;
  renderNav(matched?.section);
  if (!samePage) {
    main.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    fadeStaleFlash();
  }
  main.setAttribute('aria-busy', 'true');
  let content;
  if (!matched) {
    title('Not found');
    content = h('div', { class: 'notice notice-error' }, h('h1', { id: 'page-title', tabindex: '-1' }, 'No such page'),
      h('p', null, h('a', { href: '#/projects' }, 'Go to your projects')));
  } else {
    try {
      content = await matched.view({ params: matched.params, query, signal });
    } catch (error) {
      if (error?.name === 'AbortError' || signal.aborted) return;
      title('Error');
      content = errorNotice(error, render);
    }
  }
  if (signal.aborted) return;
  main.replaceChildren(content);
  main.removeAttribute('aria-busy');
  shownPath = path;
  const again = focused && document.getElementById(focused);
  if (again) {
    again.focus();
  } else if (!samePage) {
    (document.getElementById('finding-title') || document.getElementById('page-title') || main).focus({ preventScroll: false });
  } else if (query.get('finding')) {
    document.getElementById('finding-title')?.focus();
  }
}

whenUnauthenticated(() => {
  if (!location_().path.startsWith('/login')) go('/login', { expired: 1 });
});

document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  document.getElementById('main').focus();
});
window.addEventListener('hashchange', render);
document.getElementById('booting')?.remove();
render();
