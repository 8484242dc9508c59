// The profile: name and email, password change, and the account's own audit history.

import { get, put, supports } from '../api.js';
import { field, h, notice } from '../dom.js';
import { apiForm, describeError, flash, heading, title } from '../page.js';
import { go } from '../router.js';
import { session } from '../session.js';
import { historyTable } from './history.js';

async function activity(signal) {
  const section = h('section', { class: 'card', id: 'my-history' }, h('h2', null, 'Your activity'));
  if (!(await supports('get', '/users/me/history'))) {
    section.append(notice('Not available', 'This server does not offer the account history (GET /api/v1/users/me/history) yet.', null, 'unavailable'));
    return section;
  }
  try {
    const data = await get('/users/me/history', { per_page: 50 }, signal);
    section.append(historyTable(data.items || data));
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    section.append(notice('Could not load your activity', describeError(error), null, 'error'));
  }
  return section;
}

export async function show({ signal }) {
  title('Profile');
  const me = await get('/users/profile', undefined, signal);
  const details = apiForm({
    label: 'Save profile',
    id: 'profile-form',
    handler: async (values) => {
      const body = {};
      if (values.name !== (me.name || '')) body.name = values.name;
      if (values.email.trim() !== me.email) body.email = values.email.trim();
      if (!Object.keys(body).length) {
        flash('Nothing changed');
        return;
      }
      const user = await put('/users/profile', body);
      session.remember(user);
      flash('Profile saved');
      go('/profile');
    },
  },
  field('Name', h('input', { name: 'name', value: me.name || '', autocomplete: 'name' })),
  field('Email', h('input', { name: 'email', type: 'email', value: me.email, autocomplete: 'email', required: true })));
  const password = apiForm({
    label: 'Change password',
    id: 'password-form',
    handler: async (values, form) => {
      if (values.password !== values.confirm) throw new Error('the two new passwords differ');
      await put('/users/profile', { password: values.password, current_password: values.current_password });
      form.reset();
      // Tokens issued before a password change stop working: sign in again with the new one.
      session.clear();
      go('/login', { expired: 1 });
    },
  },
  field('Current password', h('input', { name: 'current_password', type: 'password', autocomplete: 'current-password', required: true })),
  field('New password', h('input', { name: 'password', type: 'password', autocomplete: 'new-password', minlength: 8, required: true }), 'At least 8 characters'),
  field('New password again', h('input', { name: 'confirm', type: 'password', autocomplete: 'new-password', minlength: 8, required: true })));
  return h('div', null,
    heading('Profile'),
    h('section', { class: 'card' }, h('h2', null, 'Details'), details),
    h('section', { class: 'card' }, h('h2', null, 'Password'), h('p', { class: 'muted' }, 'Changing it signs you out everywhere.'), password),
    await activity(signal));
}
