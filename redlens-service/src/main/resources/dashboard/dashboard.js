// Redlens dashboard: polls /dashboard/data and redraws six Chart.js charts.
(function () {
  'use strict';
  const palette = ['#ef4444', '#3b82f6', '#10b981', '#f59e0b', '#8b5cf6', '#ec4899', '#14b8a6', '#64748b', '#84cc16', '#f97316'];
  const params = new URLSearchParams(location.search);
  const refreshMs = Math.max(500, Number(params.get('refresh') || 2000));
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function timeLabel(ms) { return new Date(ms).toLocaleTimeString(); }
  function lineChart(id, datasets, yOptions) {
    return new Chart(document.getElementById(id), {
      type: 'line',
      data: { labels: [], datasets: datasets.map((d, i) => Object.assign({
        borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length] + '33',
        pointRadius: 0, borderWidth: 2, tension: 0.2, fill: false, data: [] }, d)) },
      options: { responsive: true, interaction: { mode: 'index', intersect: false },
        scales: Object.assign({ x: { ticks: { maxTicksLimit: 6 } } }, yOptions || { y: { beginAtZero: true } }) }
    });
  }

  const charts = {
    ops: lineChart('chart-ops', []),
    latency: new Chart(document.getElementById('chart-latency'), {
      type: 'bar',
      data: { labels: [], datasets: [
        { label: 'p50', backgroundColor: palette[2], data: [] },
        { label: 'p95', backgroundColor: palette[3], data: [] },
        { label: 'p99', backgroundColor: palette[0], data: [] }] },
      options: { responsive: true, scales: { y: { beginAtZero: true, title: { display: true, text: 'ms' } } } }
    }),
    hits: lineChart('chart-hits', [{ label: 'hit ratio', fill: true }], { y: { min: 0, max: 1 } }),
    memory: lineChart('chart-memory', [
      { label: 'used (MiB)', yAxisID: 'y' }, { label: 'RSS (MiB)', yAxisID: 'y' },
      { label: 'fragmentation', yAxisID: 'y1', borderDash: [4, 4] }],
      { y: { beginAtZero: true, position: 'left' }, y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } } }),
    pool: lineChart('chart-pool', [
      { label: 'utilization %', fill: true, yAxisID: 'y' }, { label: 'active', yAxisID: 'y1' }, { label: 'idle', yAxisID: 'y1' }],
      { y: { min: 0, max: 100, position: 'left' }, y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } } }),
    errors: lineChart('chart-errors', [{ label: 'operation errors/s' }, { label: 'pool errors/s' }])
  };
  window.redlensCharts = charts;

  function update(data) {
    const samples = data.samples || [];
    const labels = samples.map(s => timeLabel(s.t));
    const categories = new Set();
    samples.forEach(s => Object.keys(s.ops_per_second || {}).forEach(c => categories.add(c)));
    const names = Array.from(categories).sort();
    charts.ops.data.labels = labels;
    charts.ops.data.datasets = names.map((c, i) => ({
      label: c, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length] + '33',
      pointRadius: 0, borderWidth: 2, tension: 0.2,
      data: samples.map(s => (s.ops_per_second || {})[c] || 0) }));

    const lat = data.latency_by_command || [];
    charts.latency.data.labels = lat.map(l => l.command);
    charts.latency.data.datasets[0].data = lat.map(l => l.p50_ms);
    charts.latency.data.datasets[1].data = lat.map(l => l.p95_ms);
    charts.latency.data.datasets[2].data = lat.map(l => l.p99_ms);

    charts.hits.data.labels = labels;
    charts.hits.data.datasets[0].data = samples.map(s => s.hit_ratio);

    const mib = v => v == null ? null : v / 1048576;
    charts.memory.data.labels = labels;
    charts.memory.data.datasets[0].data = samples.map(s => mib(s.memory_used));
    charts.memory.data.datasets[1].data = samples.map(s => mib(s.memory_rss));
    charts.memory.data.datasets[2].data = samples.map(s => s.memory_fragmentation);

    charts.pool.data.labels = labels;
    charts.pool.data.datasets[0].data = samples.map(s => s.pool_utilization == null ? null : s.pool_utilization * 100);
    charts.pool.data.datasets[1].data = samples.map(s => s.pool_active);
    charts.pool.data.datasets[2].data = samples.map(s => s.pool_idle);

    charts.errors.data.labels = labels;
    charts.errors.data.datasets[0].data = samples.map(s => s.errors_per_second);
    charts.errors.data.datasets[1].data = samples.map(s => s.pool_errors_per_second);

    Object.values(charts).forEach(c => c.update('none'));

    const redis = document.getElementById('redis');
    const up = data.redis && data.redis.status === 'up';
    redis.textContent = 'Redis ' + (data.redis_uri || '') + ': ' + (up ? 'up' : 'DOWN');
    redis.className = 'badge ' + (up ? 'up' : 'down');
    // every node of the topology (one for a single server): role, PING state, memory
    const nodes = document.getElementById('nodes');
    nodes.replaceChildren(...(data.nodes || []).map(n => {
      const item = document.createElement('span');
      item.className = 'badge node ' + (n.status === 'up' ? 'up' : 'down');
      item.dataset.node = n.node;
      item.textContent = n.node + ' ' + (n.role || '') + ' ' + (n.status === 'up' ? 'up' : 'DOWN')
        + (n.memory_used == null ? '' : ' · ' + mib(n.memory_used).toFixed(1) + ' MiB');
      item.title = n.error || '';
      return item;
    }));
    const t = data.totals || {};
    document.getElementById('totals').textContent = (t.operations || 0) + ' operations · ' + (t.errors || 0)
      + ' errors · hit ratio ' + (t.hit_ratio == null ? '–' : (t.hit_ratio * 100).toFixed(1) + '%');
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  }

  function refresh() {
    fetch('/dashboard/data', { cache: 'no-store' })
      .then(r => r.json()).then(update)
      .catch(e => { document.getElementById('updated').textContent = 'update failed: ' + e; })
      .finally(() => setTimeout(refresh, refreshMs));
  }
  refresh();
})();
