// The API key: generate one (shown once, with a copy button), see its scopes, revoke it.

import { del, get, post } from '../api.js';
import { button, definitionList, field, h, notice } from '../dom.js';
import { time } from '../format.js';
import { apiForm, describeError, flash, heading, title } from '../page.js';

async function copy(text, input, status) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    input.select();
    document.execCommand('copy');
  }
  status.textContent = 'Copied to the clipboard';
}

function reveal(issued) {
  const input = h('input', { id: 'new-api-key', class: 'mono', readonly: true, value: issued.api_key, 'aria-label': 'Your new API key', spellcheck: 'false' });
  const status = h('span', { role: 'status', class: 'muted' });
  return h('section', { class: 'card reveal', id: 'api-key-reveal' },
    h('h2', null, 'Your new API key'),
    h('p', { class: 'flash flash-warn' }, 'Copy it now: it is shown only this once. Pairsec stores only a hash of it.'),
    h('div', { class: 'copy-row' }, input, button('Copy', () => copy(issued.api_key, input, status), { class: 'btn btn-primary', id: 'copy-api-key' })),
    status,
    h('p', { class: 'muted' }, 'Send it as the X-API-Key header, or set PAIRSEC_API_KEY for the pairsec command.'));
}

function summary(key, onRevoked) {
  if (!key) {
    return h('section', { class: 'card', id: 'api-key-current' }, notice('No API key', 'Generate one below to use the API or the pairsec command from CI.'));
  }
  const confirm = h('div', { class: 'danger-zone' });
  const ask = button('Revoke key…', () => confirm.replaceChildren(
    h('p', null, `Revoke the key ${key.prefix}…? Anything using it stops working at once.`),
    button('Revoke now', async (event) => {
      event.target.disabled = true;
      try {
        await del('/users/api-key');
        flash('API key revoked');
        onRevoked();
      } catch (error) {
        confirm.append(h('p', { class: 'form-error', role: 'alert' }, describeError(error)));
        event.target.disabled = false;
      }
    }, { class: 'btn btn-danger', id: 'confirm-revoke' }),
    ' ', button('Keep it', () => confirm.replaceChildren(ask), { class: 'btn' })), { class: 'btn btn-danger', id: 'revoke-api-key' });
  confirm.append(ask);
  return h('section', { class: 'card', id: 'api-key-current' },
    h('h2', null, 'Current key'),
    definitionList([
      ['Prefix', h('span', { class: 'mono' }, `${key.prefix}…`)],
      ['Scopes', (key.scopes || []).join(', ')],
      ['Created', time(key.created_at)],
      ['Expires', key.expires_at ? time(key.expires_at) : 'never'],
    ]),
    confirm);
}

export async function show({ signal }) {
  title('API key');
  const me = await get('/auth/me', undefined, signal);
  const slot = h('div');
  const revealSlot = h('div');
  const render = (key) => slot.replaceChildren(summary(key, () => {
    revealSlot.replaceChildren();
    render(null);
  }));
  render(me.api_key);
  const form = apiForm({
    label: 'Generate key',
    id: 'generate-api-key',
    handler: async (values) => {
      const body = { scopes: values.scopes === 'read' ? ['read'] : ['read', 'write'] };
      if (values.expires_in_days) body.expires_in_days = Number(values.expires_in_days);
      const issued = await post('/users/api-key', body);
      revealSlot.replaceChildren(reveal(issued));
      render({ prefix: issued.prefix, scopes: issued.scopes, created_at: issued.created_at, expires_at: issued.expires_at });
      document.getElementById('new-api-key')?.focus();
    },
  },
  h('fieldset', { class: 'checks' }, h('legend', null, 'Scopes'),
    h('label', null, h('input', { type: 'radio', name: 'scopes', value: 'read,write', checked: true }), ' read and write (scan from CI)'),
    h('label', null, h('input', { type: 'radio', name: 'scopes', value: 'read' }), ' read only (dashboards, reports)')),
  field('Expires after (days)', h('input', { name: 'expires_in_days', type: 'number', min: 1, max: 3650, inputmode: 'numeric' }), 'Empty: never expires'));
  return h('div', null,
    heading('API key'),
    h('p', null, 'One key per account. A new key replaces the current one.'),
    revealSlot,
    slot,
    h('section', { class: 'card' }, h('h2', null, 'Generate a new key'), form));
}
