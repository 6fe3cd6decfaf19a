// The scenario page: reads the two CSV files in the browser, asks POST /api/v1/allocations, and
// shows the result as a bar chart (d3, from npm, served by grantcheck), a table and a CSV file.
/* global d3 */
const form = document.getElementById('scenario-form');
const out = form.querySelector('.form-result');
const section = document.getElementById('scenario-result');
const money = (s) => Number(s).toLocaleString('en-US', { style: 'currency', currency: 'USD' });

function chart(rows) {
  const top = [...rows].sort((a, b) => Math.abs(b.change) - Math.abs(a.change)).slice(0, 20);
  const width = 720;
  const bar = 22;
  const height = top.length * bar + 30;
  const x = d3.scaleLinear().domain(d3.extent([0, ...top.map((r) => r.change)])).nice().range([160, width - 20]);
  const svg = d3.create('svg').attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img')
    .attr('aria-label', 'The largest changes of the scenario, by recipient');
  const g = svg.selectAll('g').data(top).join('g').attr('transform', (_, i) => `translate(0,${i * bar + 4})`);
  g.append('rect').attr('x', (r) => Math.min(x(0), x(r.change))).attr('width', (r) => Math.abs(x(r.change) - x(0)))
    .attr('height', bar - 6).attr('fill', (r) => (r.change < 0 ? '#b3261e' : '#1b7a3d'))
    .attr('data-id', (r) => r.id);
  g.append('text').attr('x', 154).attr('y', bar / 2).attr('text-anchor', 'end').attr('font-size', 12).text((r) => r.id);
  g.append('title').text((r) => `${r.id}: ${money(r.change)}`);
  svg.append('g').attr('transform', `translate(0,${top.length * bar + 6})`).call(d3.axisBottom(x).ticks(5).tickFormat(d3.format('$.2s')));
  return svg.node();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  out.classList.remove('bad');
  const states = form.elements.states_csv.files[0];
  if (!states) {
    out.textContent = 'states_csv: choose the states.csv file';
    out.classList.add('bad');
    return;
  }
  const units = form.elements.units_csv.files[0];
  const body = {
    total: form.elements.total.value,
    states_csv: await states.text(),
    units_csv: units ? await units.text() : null,
    withhold: form.elements.withhold.value.split('\n').map((s) => s.trim()).filter(Boolean),
    realloc: form.elements.realloc.value,
    as_of: form.elements.as_of.value,
  };
  out.textContent = 'Running…';
  const res = await fetch('/api/v1/allocations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json();
  if (!res.ok) {
    out.textContent = data.error.message;
    out.classList.add('bad');
    return;
  }
  const rows = data.recipients.map((r) => ({ ...r, change: Number(r.change) })).filter((r) => r.change !== 0 || r.withheld);
  out.textContent = '';
  document.getElementById('scenario-summary').textContent =
    `Withheld ${money(data.withheld)}: ${money(data.reallocated)} paid to others, ${money(data.unpaid)} not paid out ` +
    `(reallocation: ${data.realloc}).` + (data.not_recipients.length ? ` Named but not recipients here: ${data.not_recipients.join(', ')}.` : '');
  document.getElementById('scenario-chart').replaceChildren(chart(rows));
  const tbody = section.querySelector('tbody');
  tbody.replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr');
    for (const [v, num] of [[r.id], [r.kind], [r.state], [money(r.base), 1], [money(r.scenario), 1], [money(r.change), 1]]) {
      const td = document.createElement('td');
      td.textContent = v;
      if (num) td.className = 'num';
      tr.append(td);
    }
    return tr;
  }));
  const csv = ['recipient,kind,state,base,scenario,change,withheld',
    ...rows.map((r) => [r.id, r.kind, r.state, r.base, r.scenario, r.change.toFixed(2), r.withheld].join(','))].join('\r\n');
  document.getElementById('scenario-csv').href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  section.hidden = false;
});
