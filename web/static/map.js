// The national map on the home page: states and counties from us-atlas (Census ids), coloured by a
// measure from the bulk status API, as of a date chosen with a slider or a date field. The URL
// keeps the view (?measure=&condition=&as_of=) so it can be shared. d3 and topojson-client are
// the npm packages, served by grantcheck.
/* global d3, topojson */
const root = document.getElementById('map');
const form = document.getElementById('map-controls');
const measureEl = document.getElementById('measure');
const conditionEl = document.getElementById('condition');
const dateEl = document.getElementById('as-of');
const sliderEl = document.getElementById('as-of-slider');
const legendEl = document.getElementById('legend');
const tableBody = document.querySelector('#map-table tbody');
const summaryEl = document.getElementById('map-summary');

const START = Date.UTC(2016, 0, 1);
const DAY = 86400000;
const params = new URLSearchParams(location.search);
measureEl.value = params.get('measure') || measureEl.value;
conditionEl.value = params.get('condition') || conditionEl.value;
dateEl.value = params.get('as_of') || dateEl.value;
sliderEl.max = String(Math.floor((Date.now() - START) / DAY));
const syncSlider = () => { sliderEl.value = String(Math.round((Date.parse(dateEl.value) - START) / DAY)); };
syncSlider();

// Colours chosen for contrast on white (WCAG AA against the text that labels them).
const MEASURES = {
  enforceable: {
    label: (r) => (!r ? 'no data' : !r.applies ? 'does not apply' : !r.enforceable ? 'blocked by a court' : r.enforceable_certain ? 'enforceable' : 'uncertain'),
    colors: { 'blocked by a court': '#1b7a3d', enforceable: '#b3261e', uncertain: '#c98a00', 'does not apply': '#c9ced4', 'no data': '#eef0f2' },
  },
  lists: {
    label: (r) => (!r ? 'no data' : r.lists.length > 1 ? 'on several lists' : r.lists.length === 1 ? 'on one list' : 'on no list'),
    colors: { 'on several lists': '#6a1b9a', 'on one list': '#b388d9', 'on no list': '#e6e8eb', 'no data': '#eef0f2' },
  },
  obligation: {
    label: (r) => (!r || !r.obligation ? 'nothing owed' : r.obligation.replace(/_/g, ' ')),
    colors: { open: '#c98a00', extended: '#e0b040', missed: '#b3261e', 'not recorded': '#8d6e63', met: '#1b7a3d', 'met late': '#5f9e6e', withdrawn: '#9e9e9e', 'nothing owed': '#e6e8eb' },
  },
  assessment: {
    label: (r) => (!r ? 'no data' : r.assessment.replace(/_/g, ' ')),
    colors: { 'likely breach': '#b3261e', 'likely compliant': '#1b7a3d', unknown: '#c9ced4', 'no data': '#eef0f2' },
  },
  determination: {
    label: (r) => (!r || !r.determination ? 'no determination' : r.determination.replace(/_/g, ' ')),
    colors: {
      'final noncompliance': '#7f1d1d', 'preliminary noncompliance': '#b3261e', 'insufficient evidence': '#c98a00',
      'no evidence of noncompliance': '#5f9e6e', compliant: '#1b7a3d', withdrawn: '#9e9e9e', 'no determination': '#e6e8eb',
    },
  },
  money: {
    // Known amounts only: an award whose amount the sources do not give is counted apart, never guessed.
    label: (r) => {
      if (!r || r.at_stake_cents === null) return r && r.unknown_amounts > 0 ? 'amount unknown' : 'no award on record';
      const dollars = r.at_stake_cents / 100;
      return dollars >= 1e6 ? '$1 million or more' : dollars >= 1e5 ? '$100,000 to $1 million' : dollars > 0 ? 'under $100,000' : 'amount unknown';
    },
    detail: (r) => (r && r.at_stake ? `${r.at_stake}${r.unknown_amounts ? ` and ${r.unknown_amounts} unknown` : ''}` : null),
    colors: {
      '$1 million or more': '#0b3d91', '$100,000 to $1 million': '#3f6fc4', 'under $100,000': '#9db8e8',
      'amount unknown': '#c9ced4', 'no award on record': '#eef0f2',
    },
  },
};

let geo;
async function loadGeography() {
  const topo = await (await fetch('/static/counties-albers-10m.json')).json();
  geo = {
    counties: topojson.feature(topo, topo.objects.counties).features,
    states: topojson.feature(topo, topo.objects.states).features,
    borders: topojson.mesh(topo, topo.objects.states, (a, b) => a !== b),
  };
  const svg = d3.select(root).append('svg').attr('viewBox', '0 0 975 610').attr('role', 'img')
    .attr('aria-label', 'Map of U.S. counties coloured by the chosen measure');
  const path = d3.geoPath();
  svg.append('g').attr('class', 'counties').selectAll('path').data(geo.counties).join('path')
    .attr('d', path).attr('data-geoid', (d) => d.id).attr('tabindex', -1)
    .on('click', (_, d) => { location.href = `/jurisdictions/${d.id}`; })
    .append('title');
  svg.append('path').datum(geo.borders).attr('class', 'state-borders').attr('d', path);
  // Cities have no coordinates in the data: each is drawn near the centre of its county, and says so.
  geo.centroids = new Map(geo.counties.map((f) => [f.id, path.centroid(f)]));
  geo.cityLayer = svg.append('g').attr('class', 'cities');
}

function drawCities(cities, measure) {
  // Several cities of one county would hide each other: the first sits at the centre, the others on a ring around it.
  const byCounty = d3.group(cities.filter((r) => geo.centroids.has(r.county_id)), (r) => r.county_id);
  const placed = [];
  for (const [countyId, group] of byCounty) {
    const [x, y] = geo.centroids.get(countyId);
    group.forEach((r, i) => {
      const angle = (2 * Math.PI * (i - 1)) / Math.max(1, group.length - 1);
      const ring = i === 0 ? 0 : 7;
      placed.push({ row: r, x: x + ring * Math.cos(angle), y: y + ring * Math.sin(angle) });
    });
  }
  geo.cityLayer.selectAll('circle').data(placed, (p) => p.row.jurisdiction_id).join((enter) => {
    const c = enter.append('circle').attr('r', 4).attr('data-geoid', (p) => p.row.jurisdiction_id)
      .attr('cx', (p) => p.x).attr('cy', (p) => p.y)
      .on('click', (_, p) => { location.href = `/jurisdictions/${p.row.jurisdiction_id}`; });
    c.append('title');
    return c;
  }).each(function ({ row: r }) {
    const label = measure.label(r);
    this.setAttribute('fill', measure.colors[label] || '#eef0f2');
    this.setAttribute('data-state', label);
    this.firstChild.textContent = `${r.display_name} (drawn near its county's centre): ${measure.detail?.(r) ?? label}`;
  });
}

async function statusRows(kind) {
  const q = new URLSearchParams({ as_of: dateEl.value, condition: conditionEl.value, kind, limit: '5000' });
  const res = await fetch(`/api/v1/status?${q}`);
  if (!res.ok) throw new Error((await res.json()).error.message);
  return (await res.json()).items;
}

let pending = 0;
async function render() {
  const ticket = ++pending;
  const q = new URLSearchParams({ measure: measureEl.value, condition: conditionEl.value, as_of: dateEl.value });
  history.replaceState(null, '', `?${q}`);
  root.setAttribute('aria-busy', 'true');
  try {
    const [counties, states, cities] = await Promise.all([statusRows('county'), statusRows('state'), statusRows('city')]);
    if (ticket !== pending) return;  // a newer request is on its way
    const measure = MEASURES[measureEl.value];
    const byId = new Map(counties.map((r) => [r.jurisdiction_id, r]));
    const counts = new Map();
    d3.select(root).selectAll('g.counties path').each(function (d) {
      const row = byId.get(d.id);
      const label = measure.label(row);
      counts.set(label, (counts.get(label) || 0) + 1);
      this.setAttribute('fill', measure.colors[label] || '#eef0f2');
      this.setAttribute('data-state', label);
      this.firstChild.textContent = `${row ? row.display_name : d.properties.name}: ${label}`;
    });
    drawCities(cities, measure);
    legendEl.replaceChildren(...Object.entries(measure.colors).filter(([k]) => counts.has(k)).map(([k, c]) => {
      const li = document.createElement('li');
      const sw = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      sw.setAttribute('width', '14'); sw.setAttribute('height', '14');
      const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      rect.setAttribute('width', '14'); rect.setAttribute('height', '14'); rect.setAttribute('fill', c);
      sw.append(rect);
      li.append(sw, ` ${k} (${counts.get(k)} counties)`);
      return li;
    }));
    summaryEl.textContent = `As of ${dateEl.value}: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}.`;
    // The table carries the states and every city drawn on the map, so each point is reachable by keyboard too.
    tableBody.replaceChildren(...states.concat(cities).map((r) => {
      const tr = document.createElement('tr');
      const a = document.createElement('a');
      a.href = `/jurisdictions/${r.jurisdiction_id}`;
      a.textContent = r.display_name;
      const cells = [a, measure.detail?.(r) ?? measure.label(r), r.lists.join(', ')];
      for (const c of cells) {
        const td = document.createElement('td');
        td.append(c);
        tr.append(td);
      }
      return tr;
    }));
  } catch (e) {
    summaryEl.textContent = `The map could not load: ${e.message}`;
  } finally {
    root.removeAttribute('aria-busy');
  }
}

// Sorting the table by a column header.
document.querySelectorAll('#map-table th button').forEach((button, index) => {
  button.addEventListener('click', () => {
    const rows = [...tableBody.rows];
    const dir = button.dataset.dir === 'asc' ? -1 : 1;
    button.dataset.dir = dir === 1 ? 'asc' : 'desc';
    rows.sort((a, b) => dir * a.cells[index].textContent.localeCompare(b.cells[index].textContent));
    tableBody.replaceChildren(...rows);
  });
});

let timer;
sliderEl.addEventListener('input', () => {
  dateEl.value = new Date(START + Number(sliderEl.value) * DAY).toISOString().slice(0, 10);
  clearTimeout(timer);
  timer = setTimeout(render, 120);
});
form.addEventListener('change', (e) => { if (e.target !== sliderEl) { syncSlider(); render(); } });
form.addEventListener('submit', (e) => { e.preventDefault(); syncSlider(); render(); });

loadGeography().then(render);
