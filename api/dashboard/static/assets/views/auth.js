// Sign in and register.

import { post } from '../api.js';
import { field, h } from '../dom.js';
import { apiForm, heading, title } from '../page.js';
import { session } from '../session.js';

async function signIn(email, password, next) {
  const result = await post('/auth/login', { email, password });
  session.start(result.token, result.expires_in, result.user);
  const target = next && next.startsWith('/') ? next : '/projects';
  window.location.hash = `#${target}`;
}

export async function login({ query }) {
  title('Sign in');
  const form = apiForm({ label: 'Sign in', id: 'login-form', handler: (values) => signIn(values.email, values.password, query.get('next')) },
    field('Email', h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true })),
    field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })));
  return h('section', { class: 'card narrow' },
    heading('Sign in to Pairsec'),
    query.get('expired') ? h('p', { class: 'flash flash-warn' }, 'Your session ended; sign in again.') : null,
    form,
    h('p', null, 'No account yet? ', h('a', { href: '#/register' }, 'Create one')));
}

export async function register() {
  title('Create an account');
  const form = apiForm({
    label: 'Create account',
    id: 'register-form',
    handler: async (values) => {
      const body = { email: values.email, password: values.password };
      if (values.name) body.name = values.name;
      await post('/auth/register', body);
      await signIn(values.email, values.password, '/projects');
    },
  },
  field('Name', h('input', { name: 'name', autocomplete: 'name', maxlength: 200 }), 'Optional'),
  field('Email', h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true })),
  field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: 8 }), 'At least 8 characters'));
  return h('section', { class: 'card narrow' },
    heading('Create your Pairsec account'),
    form,
    h('p', null, 'Already registered? ', h('a', { href: '#/login' }, 'Sign in')));
}
