// The projects list, with a search box and the form that creates a project.

import { get, post } from '../api.js';
import { field, h, notice, table } from '../dom.js';
import { time } from '../format.js';
import { apiForm, flash, heading, pager, title } from '../page.js';
import { go, href } from '../router.js';

function createForm() {
  return apiForm({
    label: 'Create project',
    id: 'create-project',
    className: 'grid-form',
    handler: async (values) => {
      const body = { name: values.name.trim() };
      if (values.repository_url.trim()) body.repository_url = values.repository_url.trim();
      if (values.default_branch.trim()) body.default_branch = values.default_branch.trim();
      if (values.description.trim()) body.description = values.description.trim();
      const project = await post('/projects', body);
      flash(`Project “${project.name}” created`);
      go(`/projects/${project.id}`);
    },
  },
  field('Name', h('input', { name: 'name', required: true, maxlength: 200 })),
  field('Repository', h('input', { name: 'repository_url', placeholder: 'https://git.example.com/team/app.git' }),
    'A git URL (https, ssh) or a folder the server allows; leave empty to scan uploaded archives'),
  field('Default branch', h('input', { name: 'default_branch', placeholder: 'main' })),
  field('Description', h('input', { name: 'description', maxlength: 2000 })));
}

export async function list({ query, signal }) {
  title('Projects');
  const page = Number(query.get('page') || 1);
  const q = query.get('q') || '';
  const result = await get('/projects', { page, per_page: 20, q, sort: 'name' }, signal);
  const search = h('form', { class: 'inline-form', role: 'search', on: { submit: (event) => {
    event.preventDefault();
    go('/projects', { q: new FormData(event.target).get('q') });
  } } },
  h('label', { for: 'project-search', class: 'visually-hidden' }, 'Search projects by name'),
  h('input', { id: 'project-search', name: 'q', type: 'search', value: q, placeholder: 'Search by name' }),
  h('button', { type: 'submit', class: 'btn' }, 'Search'));

  let body;
  if (!result.items.length) {
    body = q
      ? notice('No project matches', `No project name contains “${q}”.`, h('a', { href: '#/projects', class: 'btn' }, 'Show all projects'))
      : notice('No projects yet', 'Create your first project below: give it a name and the repository to scan, then press “Scan now” on its page.');
  } else {
    body = table(['Project', 'Repository', 'Branch', 'Updated'], result.items.map((project) => h('tr', null,
      h('td', null, h('a', { href: `#/projects/${project.id}` }, project.name)),
      h('td', { class: 'mono wrap' }, project.repository_url || 'uploads only'),
      h('td', null, project.default_branch || '—'),
      h('td', null, time(project.updated_at)))), 'Your projects');
  }
  return h('div', null,
    heading('Projects', search),
    body,
    pager(result.pagination, (number) => href('/projects', { q, page: number }), 'projects'),
    h('section', { class: 'card' }, h('h2', null, 'New project'), createForm()));
}
