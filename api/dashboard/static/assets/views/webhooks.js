// A project's webhooks: add one (its secret shown once), remove one, read its delivery log.

import { del, get, post, supports } from '../api.js';
import { button, field, h, notice, table } from '../dom.js';
import { time } from '../format.js';
import { apiForm, crumbs, describeError, flash, heading, pager, title } from '../page.js';
import { go, href } from '../router.js';

const EVENTS = ['scan.completed', 'scan.failed', 'finding.new', 'finding.fixed', 'finding.triaged'];

function unavailable(top) {
  return h('div', null, top, notice('Not available', 'This server does not offer webhooks (GET /api/v1/projects/{id}/webhooks) yet.', null, 'unavailable'));
}

function secretBox(created) {
  return h('section', { class: 'card reveal', id: 'webhook-secret' },
    h('h2', null, 'Signing secret'),
    h('p', { class: 'flash flash-warn' }, 'Keep it now: it is shown only this once. Deliveries carry X-Pairsec-Signature, an HMAC-SHA256 made with it.'),
    h('input', { class: 'mono', readonly: true, value: created.secret, 'aria-label': 'Signing secret', id: 'webhook-secret-value' }));
}

function removeButton(projectId, webhook) {
  const slot = h('span');
  const ask = button('Delete…', () => slot.replaceChildren(
    button('Delete for good', async () => {
      try {
        await del(`/projects/${projectId}/webhooks/${webhook.id}`);
        flash('Webhook deleted');
        go(`/projects/${projectId}/webhooks`);
      } catch (error) {
        slot.append(h('span', { class: 'form-error', role: 'alert' }, describeError(error)));
      }
    }, { class: 'btn btn-danger' }), ' ', button('Keep', () => slot.replaceChildren(ask), { class: 'btn' })), { class: 'btn btn-danger' });
  slot.append(ask);
  return slot;
}

function listingTable(projectId, listing) {
  return listing.items.length
    ? table(['URL', 'Events', 'Added', ''], listing.items.map((hook) => h('tr', null,
      h('td', { class: 'mono wrap' }, h('a', { href: `#/projects/${projectId}/webhooks/${hook.id}` }, hook.url)),
      h('td', null, hook.events.join(', ')), h('td', null, time(hook.created_at)), h('td', null, removeButton(projectId, hook)))), 'Webhooks')
    : notice('No webhooks', 'Add one below to be told when a scan ends or findings appear, are fixed or triaged.');
}

export async function list({ params, signal }) {
  const project = await get(`/projects/${params.id}`, undefined, signal);
  title(`Webhooks of ${project.name}`);
  const top = [crumbs(['Projects', '#/projects'], [project.name, `#/projects/${project.id}`], ['Webhooks']), heading('Webhooks')];
  if (!(await supports('get', '/projects/{id}/webhooks'))) return unavailable(top);
  const hooks = await get(`/projects/${project.id}/webhooks`, undefined, signal);
  const reveal = h('div');
  const form = apiForm({
    label: 'Add webhook',
    id: 'add-webhook',
    handler: async (values, formNode) => {
      const events = [...formNode.querySelectorAll('input[name=events]:checked')].map((box) => box.value);
      const body = { url: values.url.trim(), events };
      if (values.secret) body.secret = values.secret;
      const created = await post(`/projects/${project.id}/webhooks`, body);
      flash('Webhook added');
      formNode.reset();
      const listing = await get(`/projects/${project.id}/webhooks`, undefined, signal);
      reveal.replaceChildren(secretBox(created), listingTable(project.id, listing));
    },
  },
  field('Payload URL', h('input', { name: 'url', type: 'url', required: true, placeholder: 'https://ci.example.com/hooks/pairsec' })),
  h('fieldset', { class: 'checks' }, h('legend', null, 'Events'),
    EVENTS.map((name) => h('label', null, h('input', { type: 'checkbox', name: 'events', value: name, checked: name.startsWith('scan.') }), ` ${name}`))),
  field('Secret', h('input', { name: 'secret', type: 'password', autocomplete: 'off' }), 'Optional: 16 or more characters; empty generates one'));
  reveal.append(listingTable(project.id, hooks));
  return h('div', null, top, reveal, h('section', { class: 'card' }, h('h2', null, 'Add a webhook'), form));
}

export async function deliveries({ params, query, signal }) {
  const page = Math.max(1, Number(query.get('page')) || 1);
  const [project, hook, log] = await Promise.all([
    get(`/projects/${params.id}`, undefined, signal),
    get(`/projects/${params.id}/webhooks/${params.webhook}`, undefined, signal),
    get(`/projects/${params.id}/webhooks/${params.webhook}/deliveries`, { page, per_page: 50 }, signal),
  ]);
  title('Webhook deliveries');
  const rows = log.items.map((item) => h('tr', null,
    h('td', null, time(item.created_at)), h('td', null, item.event),
    h('td', null, h('span', { class: `badge delivery-${item.status}` }, item.status)),
    h('td', { class: 'num' }, String(item.attempts)), h('td', null, item.last_status_code ? String(item.last_status_code) : '—'),
    h('td', { class: 'wrap' }, item.last_error || '')));
  return h('div', null,
    crumbs(['Projects', '#/projects'], [project.name, `#/projects/${project.id}`], ['Webhooks', `#/projects/${project.id}/webhooks`], ['Deliveries']),
    heading('Deliveries'),
    h('p', { class: 'mono wrap' }, hook.url),
    rows.length ? table(['Created', 'Event', 'Status', 'Attempts', 'Last answer', 'Last error'], rows, 'Deliveries')
      : notice('No deliveries yet', `Deliveries appear when one of these events happens: ${hook.events.join(', ')}.`),
    pager(log.pagination, (number) => href(`/projects/${project.id}/webhooks/${hook.id}`, { page: number }), 'deliveries'));
}
