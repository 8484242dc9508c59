// One project: statistics, the open-findings chart, "Scan now", its scans, and its settings.

import { del, get, post, put, supports, upload } from '../api.js';
import { lineChart } from '../chart.js';
import { button, definitionList, field, h, notice, select, table } from '../dom.js';
import { SCAN_TYPES, SEVERITIES, duration, scanStatus, shortId, time } from '../format.js';
import { apiForm, crumbs, describeError, flash, heading, pager, title } from '../page.js';
import { go, href } from '../router.js';

function statistics(stats) {
  const open = stats.open_findings || {};
  const last = stats.last_scan;
  return h('section', { class: 'stats', 'aria-label': 'Statistics' },
    h('div', { class: 'stat' }, h('span', { class: 'stat-value' }, String(open.total ?? 0)), h('span', { class: 'stat-label' }, 'open findings')),
    SEVERITIES.map((name) => h('div', { class: `stat stat-${name}` }, h('span', { class: 'stat-value' }, String(open[name] ?? 0)), h('span', { class: 'stat-label' }, name))),
    h('div', { class: 'stat' }, h('span', { class: 'stat-value' }, String(stats.fixed_in_last_scan ?? 0)), h('span', { class: 'stat-label' }, 'fixed by the last scan')),
    h('div', { class: 'stat' }, h('span', { class: 'stat-value' }, String(stats.scans?.total ?? 0)), h('span', { class: 'stat-label' }, 'scans')),
    h('div', { class: 'stat stat-wide' }, h('span', { class: 'stat-label' }, 'Last scan'),
      last ? h('span', null, h('a', { href: `#/scans/${last.id}` }, shortId(last.id)), ' ', scanStatus(last.status), ' ', time(last.at)) : h('span', null, 'none yet')));
}

/** Open findings by severity over time, from GET /analytics/findings; "not available" on older servers. */
const RANGE_DAYS = { day: 30, week: 182, month: 365 };
const STEP_DAYS = { day: 1, week: 7, month: 31 };

/** The chart starts one period before the project existed (so it rises from zero), at most RANGE_DAYS ago. */
function trendStart(createdAt, interval) {
  const day = 86_400_000;
  const earliest = Date.now() - RANGE_DAYS[interval] * day;
  const created = Date.parse(createdAt) || earliest;
  return new Date(Math.max(earliest, created - STEP_DAYS[interval] * day)).toISOString();
}

async function trend(project, interval, signal) {
  const projectId = project.id;
  const section = h('section', { class: 'card', id: 'trend' });
  const chooser = select('interval', [['day', 'Daily'], ['week', 'Weekly'], ['month', 'Monthly']], interval, {
    id: 'trend-interval', 'aria-label': 'Interval',
    on: { change: (event) => go(`/projects/${projectId}`, { interval: event.target.value }) },
  });
  section.append(h('div', { class: 'section-head' }, h('h2', null, 'Open findings by severity'), chooser));
  if (!(await supports('get', '/analytics/findings'))) {
    section.append(notice('Trends are not available', 'This server does not offer the analytics endpoint (GET /api/v1/analytics/findings) yet; the counts above are current.', null, 'unavailable'));
    return section;
  }
  try {
    const data = await get('/analytics/findings', {
      project_id: projectId, group_by: 'severity', interval, format: 'json', report: 'timeseries', from: trendStart(project.created_at, interval),
    }, signal);
    const series = openBySeverity(data);
    if (!series.labels.length || series.series.every((s) => s.values.every((v) => v === 0))) {
      section.append(notice('No trend yet', 'Run a scan: each completed scan adds a point to this chart.'));
    } else {
      section.append(lineChart({ ...series, caption: `Open findings by severity, per ${interval}` }));
    }
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    section.append(notice('Could not load the trend', describeError(error), null, 'error'));
  }
  return section;
}

/** The analytics time series (one row per severity and period) as labels + "open" counts per severity. */
export function openBySeverity(data) {
  const byPeriod = new Map();
  for (const row of data?.timeseries || []) {
    const period = String(row.period || '');
    if (!period || !SEVERITIES.includes(row.severity)) continue;
    if (!byPeriod.has(period)) byPeriod.set(period, {});
    byPeriod.get(period)[row.severity] = Number(row.open) || 0;
  }
  const labels = [...byPeriod.keys()].sort();
  return { labels, series: SEVERITIES.map((name) => ({ name, values: labels.map((p) => byPeriod.get(p)[name] ?? 0) })) };
}

function scanNow(project) {
  const file = h('input', { type: 'file', name: 'archive', accept: '.tar.gz,.tgz,.zip' });
  return apiForm({
    label: 'Scan now',
    id: 'scan-now',
    className: 'inline-form scan-now',
    handler: async (values, form) => {
      const body = { project_id: project.id, scan_type: values.scan_type };
      if (values.ref.trim()) body.ref = values.ref.trim();
      const archive = form.querySelector('input[type=file]')?.files[0];
      if (archive) body.upload_id = (await upload(`/projects/${project.id}/uploads`, archive)).upload_id;
      const scan = await post('/scans', body);
      go(`/scans/${scan.id}`);
    },
  },
  field('Scan type', select('scan_type', SCAN_TYPES.map((t) => [t, t === 'full' ? 'full (all engines)' : t]), 'full')),
  field('Branch or ref', h('input', { name: 'ref', placeholder: project.default_branch || 'default branch', size: 12 })),
  project.repository_url ? null : field('Source archive', file, '.tar.gz or .zip: this project has no repository'));
}

function scansTable(projectId, result, page) {
  if (!result.items.length) {
    return notice('No scans yet', 'Press “Scan now” above to run the first scan of this project.');
  }
  const rows = result.items.map((scan) => h('tr', null,
    h('td', null, h('a', { href: `#/scans/${scan.id}` }, time(scan.created_at))),
    h('td', null, scan.scan_type),
    h('td', null, scanStatus(scan.status)),
    h('td', { class: 'num' }, String(scan.findings?.total ?? 0)),
    h('td', { class: 'num' }, String(scan.findings?.critical ?? 0)),
    h('td', { class: 'num' }, String(scan.findings?.high ?? 0)),
    h('td', { class: 'mono' }, scan.commit ? scan.commit.slice(0, 10) : '—'),
    h('td', null, duration(scan.duration_ms))));
  return h('div', null,
    table(['Started', 'Type', 'Status', 'Findings', 'Critical', 'High', 'Commit', 'Duration'], rows, 'Scans of this project'),
    pager(result.pagination, (number) => href(`/projects/${projectId}`, { scans_page: number }), 'scans'));
}

function settingsForm(project) {
  const fields = [
    field('Name', h('input', { name: 'name', value: project.name, required: true })),
    field('Repository', h('input', { name: 'repository_url', value: project.repository_url || '' })),
    field('Default branch', h('input', { name: 'default_branch', value: project.default_branch || '' })),
    field('Description', h('textarea', { name: 'description', rows: 2 }, project.description || '')),
  ];
  const hasRuleSettings = 'disabled_rules' in project || 'rules_path' in project;
  if (hasRuleSettings) {
    fields.push(field('Rules path', h('input', { name: 'rules_path', value: project.rules_path || '' }), 'Extra semgrep rules: a folder or .yml file inside the repository, e.g. .pairsec/rules'));
    fields.push(field('Disabled rules', h('textarea', { name: 'disabled_rules', rows: 2 }, (project.disabled_rules || []).join('\n')), 'One rule id a line'));
  }
  const form = apiForm({
    label: 'Save changes',
    id: 'project-settings',
    handler: async (values) => {
      const body = {};
      for (const name of ['name', 'description']) if (values[name] !== (project[name] || '')) body[name] = values[name];
      for (const name of ['repository_url', 'default_branch', 'rules_path']) {
        if (name in values && values[name].trim() !== (project[name] || '')) body[name] = values[name].trim() || null;
      }
      if ('disabled_rules' in values) {
        const rules = values.disabled_rules.split(/[\s,]+/).filter(Boolean);
        if (rules.join('\n') !== (project.disabled_rules || []).join('\n')) body.disabled_rules = rules;
      }
      if (!Object.keys(body).length) {
        flash('Nothing changed');
        return;
      }
      await put(`/projects/${project.id}`, body);
      flash('Project saved');
      go(`/projects/${project.id}`);
    },
  }, fields);
  const remove = h('div', { class: 'danger-zone' });
  const askDelete = button('Delete project…', () => {
    remove.replaceChildren(h('p', null, `Delete “${project.name}” with all its scans and findings? The audit log keeps its events.`),
      button('Delete for good', async () => {
        try {
          await del(`/projects/${project.id}`);
          flash(`Project “${project.name}” deleted`);
          go('/projects');
        } catch (error) {
          remove.append(h('p', { role: 'alert', class: 'form-error' }, describeError(error)));
        }
      }, { class: 'btn btn-danger' }),
      ' ', button('Keep it', () => remove.replaceChildren(askDelete), { class: 'btn' }));
  }, { class: 'btn btn-danger' });
  remove.append(askDelete);
  return h('details', { class: 'card' }, h('summary', null, h('h2', null, 'Settings')), form, remove);
}

export async function show({ params, query, signal }) {
  const page = Number(query.get('scans_page') || 1);
  const interval = ['day', 'week', 'month'].includes(query.get('interval')) ? query.get('interval') : 'day';
  const [project, scans] = await Promise.all([
    get(`/projects/${params.id}`, undefined, signal),
    get('/scans', { project_id: params.id, page, per_page: 10 }, signal),
  ]);
  title(project.name);
  const [hasIdentities, hasWebhooks] = await Promise.all([supports('get', '/projects/{id}/findings'), supports('get', '/projects/{id}/webhooks')]);
  return h('div', null,
    crumbs(['Projects', '#/projects'], [project.name]),
    heading(project.name,
      hasIdentities ? h('a', { href: `#/projects/${project.id}/findings`, class: 'btn' }, 'All findings') : null,
      hasWebhooks ? h('a', { href: `#/projects/${project.id}/webhooks`, class: 'btn' }, 'Webhooks') : null,
      h('a', { href: `#/projects/${project.id}/history`, class: 'btn' }, 'Audit history')),
    definitionList([
      ['Repository', h('span', { class: 'mono wrap' }, project.repository_url || 'none: scans use uploaded archives')],
      ['Default branch', project.default_branch || 'the repository’s default'],
      project.description ? ['Description', project.description] : null,
      ['Created', time(project.created_at)],
    ]),
    statistics(project.statistics || {}),
    h('section', { class: 'card' }, h('h2', null, 'Scan now'), scanNow(project)),
    await trend(project, interval, signal),
    h('section', { class: 'card', id: 'scans' }, h('h2', null, 'Scans'), scansTable(project.id, scans, page)),
    settingsForm(project));
}
