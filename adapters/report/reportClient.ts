// The browser side of the report and the live page, as plain JavaScript text: the HTML file inlines it
// beside plotly.js and the model, so the page needs no network and no build step. It draws whatever
// model it is given; the live page calls `draw` again with each new model pushed over Server-Sent Events.
// (No backticks or template placeholders inside: this is a String.raw template.)

/** The page's script: defines `window.rxhpoDraw(model)` and, on a live page, follows `/events`. */
export const REPORT_CLIENT = String.raw`
(function () {
  'use strict';
  var COLORS = { completed: '#1f77b4', stopped: '#ff7f0e', paused: '#9467bd', failed: '#d62728', running: '#2ca02c' };
  var STATES = ['completed', 'stopped', 'paused', 'running', 'failed'];
  var CONFIG = { displaylogo: false, responsive: true };
  var SORT = { key: 'number', dir: 1 };
  var PAGE = { index: 0, size: 100 };
  var current = null;

  function $(id) { return document.getElementById(id); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function fmt(v) {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(5)));
    return String(v);
  }
  // A wall time in ms as a person reads it: 850 ms, 12.3 s, 4 min 05 s, 2 h 03 min.
  function duration(ms) {
    if (ms === null || ms === undefined) return '';
    if (ms < 1000) return Math.round(ms) + ' ms';
    var s = ms / 1000;
    if (s < 60) return Number(s.toPrecision(3)) + ' s';
    var m = Math.floor(s / 60), h = Math.floor(m / 60);
    if (h === 0) return m + ' min ' + String(Math.floor(s % 60)).padStart(2, '0') + ' s';
    return h + ' h ' + String(m % 60).padStart(2, '0') + ' min';
  }
  function layout(extra) {
    var l = { margin: { l: 60, r: 20, t: 30, b: 50 }, height: 380, hovermode: 'closest', legend: { orientation: 'h' } };
    for (var k in extra) l[k] = extra[k];
    return l;
  }
  function axisOf(p, title) {
    var a = { title: { text: title || p.name } };
    if (p.kind === 'categorical') { a.type = 'category'; a.categoryarray = p.choices; a.categoryorder = 'array'; }
    else if (p.log) a.type = 'log';
    return a;
  }
  function plot(id, traces, l) {
    var el = $(id);
    if (!el) return;
    window.Plotly.react(el, traces, l, CONFIG);
  }
  function note(id, text) {
    var el = $(id);
    if (!el) return;
    if (el.data) window.Plotly.purge(el);
    el.innerHTML = '<p class="empty">' + esc(text) + '</p>';
  }
  function valueName(m) { return m.summary.objective.metric + ' (' + m.summary.objective.mode + ')'; }

  function drawSummary(m) {
    var s = m.summary;
    var rows = [
      ['objective', s.objective.mode + ' ' + s.objective.metric],
      ['trials', s.counts.total + ' (' + STATES.map(function (k) { return s.counts[k] + ' ' + k; }).join(', ') + ')'],
      ['best', s.best ? 'trial ' + s.best.number + ': ' + fmt(s.best.value) + (s.best.step === null ? '' : ' at step ' + s.best.step) : 'none completed yet'],
      ['best config', s.best ? esc(JSON.stringify(s.best.config)) : ''],
      ['seed', esc(s.seed)],
      ['sampler', s.sampler ? esc(s.sampler.name + (s.sampler.options ? ' ' + JSON.stringify(s.sampler.options) : '')) : 'not recorded'],
      ['schedulers', s.schedulers && s.schedulers.length ? esc(s.schedulers.map(function (x) { return x.name; }).join(', ')) : 'none'],
      ['concurrency', s.concurrency],
      ['budget', esc(JSON.stringify(s.budget)) + (s.deadlineReached ? ' (deadline reached)' : '')],
      ['wall time', s.wallTime ? duration(s.wallTime.ms) + ' (' + new Date(s.wallTime.start).toISOString() + ' to ' + new Date(s.wallTime.end).toISOString() + ')' : 'not recorded'],
      ['events', s.events + (s.library ? ' written by ' + esc(s.library) : '')]
    ];
    $('summary').innerHTML = '<table class="kv">' + rows.map(function (r) {
      return '<tr><th>' + r[0] + '</th><td>' + (r[0] === 'best config' || r[0] === 'seed' || r[0] === 'sampler' || r[0] === 'schedulers' || r[0] === 'budget' || r[0] === 'events' ? r[1] : esc(r[1])) + '</td></tr>';
    }).join('') + '</table>';
    document.title = m.title;
    $('title').textContent = m.title;
  }

  function sampledNote(m) {
    var n = m.trials.number.length;
    return m.sample.length < n ? ' (' + m.sample.length + ' of ' + n + ' trials drawn, best ones always; the best line and counts use all)' : '';
  }

  function drawHistory(m) {
    var t = m.trials;
    if (t.number.length === 0) return note('chart-history', 'No trials yet.');
    var traces = STATES.map(function (st) {
      var xs = [], ys = [];
      m.sample.forEach(function (i) { if (t.state[i] === st && t.value[i] !== null) { xs.push(t.number[i]); ys.push(t.value[i]); } });
      return { type: 'scatter', mode: 'markers', name: st, x: xs, y: ys, marker: { color: COLORS[st], size: 6 } };
    }).filter(function (tr) { return tr.x.length > 0; });
    var last = t.number.length ? t.number[t.number.length - 1] : 0;
    var bx = m.bestSoFar.number.slice(), by = m.bestSoFar.value.slice();
    if (bx.length) { bx.push(last); by.push(by[by.length - 1]); }
    traces.push({ type: 'scatter', mode: 'lines', name: 'best so far', x: bx, y: by, line: { shape: 'hv', color: '#111' } });
    plot('chart-history', traces, layout({ xaxis: { title: { text: 'trial' } }, yaxis: { title: { text: valueName(m) } } }));
    $('note-history').textContent = sampledNote(m);
  }

  function drawCurves(m) {
    var c = m.curves;
    if (c.curves.length === 0) return note('chart-intermediate', 'No trial reported yet.');
    var traces = STATES.map(function (st) {
      var xs = [], ys = [], tx = [];
      c.curves.forEach(function (cv) {
        if (cv.state !== st) return;
        for (var k = 0; k < cv.steps.length; k++) { xs.push(cv.steps[k]); ys.push(cv.values[k]); tx.push('trial ' + cv.number); }
        xs.push(null); ys.push(null); tx.push('');
      });
      return { type: 'scatter', mode: 'lines', name: st, x: xs, y: ys, text: tx, connectgaps: false, line: { color: COLORS[st], width: 1 }, opacity: 0.7 };
    }).filter(function (tr) { return tr.x.length > 0; });
    var kinds = { stopped: 'x', paused: 'diamond', promoted: 'triangle-up', forked: 'star' };
    Object.keys(kinds).forEach(function (k) {
      var ms = c.marks.filter(function (mk) { return mk.kind === k; });
      if (!ms.length) return;
      traces.push({
        type: 'scatter', mode: 'markers', name: k + ' here',
        x: ms.map(function (mk) { return mk.step; }), y: ms.map(function (mk) { return mk.value; }),
        text: ms.map(function (mk) { return 'trial ' + mk.number + (mk.rung === undefined ? '' : ', rung ' + mk.rung); }),
        marker: { symbol: kinds[k], size: 9, color: '#000' }
      });
    });
    var shapes = c.rungSteps.map(function (s) {
      return { type: 'line', x0: s, x1: s, yref: 'paper', y0: 0, y1: 1, line: { dash: 'dot', color: '#888', width: 1 } };
    });
    plot('chart-intermediate', traces, layout({ shapes: shapes, xaxis: { title: { text: 'step' } }, yaxis: { title: { text: valueName(m) } } }));
    $('note-intermediate').textContent = (c.shown < c.total ? c.shown + ' of ' + c.total + ' curves drawn (the best and an even sample). ' : '') +
      (c.rungSteps.length ? 'Dotted lines: steps where rungs decided.' : '');
  }

  function drawImportance(m) {
    var imp = m.importance.filter(function (x) { return x.raw > 0; });
    if (imp.length === 0) {
      note('chart-importance', 'Not enough completed trials to tell which parameters matter.');
    } else {
      var rev = imp.slice().reverse();
      plot('chart-importance', [{ type: 'bar', orientation: 'h', x: rev.map(function (x) { return x.share; }), y: rev.map(function (x) { return x.name; }), marker: { color: '#1f77b4' } }],
        layout({ height: Math.max(200, 24 * imp.length + 80), margin: { l: 140, r: 20, t: 20, b: 40 }, xaxis: { title: { text: 'importance (share, PED-ANOVA)' } } }));
    }
    $('table-importance').innerHTML = '<table class="grid"><tr><th>parameter</th><th>share</th><th>PED-ANOVA</th></tr>' + m.importance.map(function (x) {
      return '<tr><td>' + esc(x.name) + '</td><td>' + fmt(x.share) + '</td><td>' + fmt(x.raw) + '</td></tr>';
    }).join('') + '</table>';
  }

  function ranked(m, count) {
    var order = m.importance.map(function (x) { return x.name; });
    m.params.forEach(function (p) { if (order.indexOf(p.name) < 0) order.push(p.name); });
    return order.slice(0, count).map(function (n) {
      var j = -1;
      m.params.forEach(function (p, k) { if (p.name === n) j = k; });
      return j;
    }).filter(function (j) { return j >= 0; });
  }

  function drawSlices(m) {
    var box = $('chart-slices');
    var t = m.trials;
    var js = ranked(m, 8);
    if (js.length === 0 || t.number.length === 0) return note('chart-slices', 'No parameters or no trials yet.');
    if (box.getAttribute('data-n') !== String(js.length)) {
      box.innerHTML = js.map(function (_, k) { return '<div class="slice" id="chart-slice-' + k + '"></div>'; }).join('');
      box.setAttribute('data-n', String(js.length));
    }
    js.forEach(function (j, k) {
      var p = m.params[j];
      var xs = [], ys = [], cs = [];
      m.smallSample.forEach(function (i) {
        var v = t.params[j][i];
        if (v === null || t.value[i] === null || t.state[i] === 'failed') return;
        xs.push(v); ys.push(t.value[i]); cs.push(t.number[i]);
      });
      plot('chart-slice-' + k, [{ type: 'scatter', mode: 'markers', x: xs, y: ys, marker: { size: 5, color: cs, colorscale: 'Blues', opacity: 0.8 }, showlegend: false }],
        layout({ height: 260, margin: { l: 50, r: 10, t: 30, b: 45 }, title: { text: p.name + (p.conditional ? ' (where active)' : ''), font: { size: 13 } }, xaxis: axisOf(p), yaxis: { title: { text: m.summary.objective.metric } } }));
    });
    $('note-slices').textContent = (m.params.length > js.length ? 'The ' + js.length + ' most important of ' + m.params.length + ' parameters. ' : '') + 'Colour: trial number.' + (m.smallSample.length < m.trials.number.length ? ' ' + m.smallSample.length + ' of ' + m.trials.number.length + ' trials drawn, the best ones always.' : '');
  }

  function drawContours(m) {
    var box = $('chart-contours');
    if (m.contours.length === 0) return note('chart-contours', 'Contours need two parameters and completed trials.');
    if (box.getAttribute('data-n') !== String(m.contours.length)) {
      box.innerHTML = m.contours.map(function (_, k) { return '<div class="slice" id="chart-contour-' + k + '"></div>'; }).join('');
      box.setAttribute('data-n', String(m.contours.length));
    }
    var byName = {};
    m.params.forEach(function (p, j) { byName[p.name] = j; });
    m.contours.forEach(function (c, k) {
      var jx = byName[c.x], jy = byName[c.y];
      var px = m.params[jx], py = m.params[jy];
      var sx = [], sy = [];
      m.smallSample.forEach(function (i) {
        var a = m.trials.params[jx][i], b = m.trials.params[jy][i];
        if (a !== null && b !== null && m.trials.state[i] === 'completed') { sx.push(a); sy.push(b); }
      });
      plot('chart-contour-' + k, [
        { type: 'contour', x: c.xs, y: c.ys, z: c.z, connectgaps: true, colorscale: 'Blues', reversescale: m.summary.objective.mode === 'max', colorbar: { title: { text: m.summary.objective.metric } }, contours: { coloring: 'heatmap' } },
        { type: 'scatter', mode: 'markers', x: sx, y: sy, marker: { size: 3, color: '#000', opacity: 0.4 }, showlegend: false, hoverinfo: 'skip' }
      ], layout({ height: 320, margin: { l: 60, r: 10, t: 30, b: 45 }, title: { text: c.x + ' × ' + c.y, font: { size: 13 } }, xaxis: axisOf(px), yaxis: axisOf(py) }));
    });
    $('note-contours').textContent = 'Pairs of the most important parameters; colour: mean ' + m.summary.objective.metric + ' of all completed trials in each cell, darker is better.';
  }

  // Parallel coordinates as SVG line traces on normalised axes (one trace per band of the objective),
  // not plotly's WebGL parcoords: a software-rendered WebGL context costs seconds before the first line.
  function drawParallel(m) {
    var t = m.trials;
    var rows = m.sample.filter(function (i) { return t.state[i] === 'completed' && t.value[i] !== null; });
    var js = ranked(m, 8);
    if (rows.length === 0 || js.length === 0) return note('chart-parallel', 'No completed trials yet.');
    var axes = js.map(function (j) {
      var p = m.params[j];
      var col = t.params[j];
      if (p.kind === 'categorical') {
        var n = Math.max(1, p.choices.length - 1);
        return { label: p.name, lo: p.choices[0], hi: p.choices[p.choices.length - 1], at: function (i) { var v = col[i]; return v === null ? null : p.choices.indexOf(String(v)) / n; } };
      }
      var f = p.log ? Math.log : function (x) { return x; };
      var lo = f(p.low), hi = f(p.high), w = hi - lo || 1;
      return { label: p.name + (p.log ? ' (log)' : ''), lo: fmt(p.low), hi: fmt(p.high), at: function (i) { var v = col[i]; return v === null ? null : (f(v) - lo) / w; } };
    });
    var vals = rows.map(function (i) { return t.value[i]; });
    var vmin = Math.min.apply(null, vals), vmax = Math.max.apply(null, vals), vw = vmax - vmin || 1;
    axes.push({ label: m.summary.objective.metric, lo: fmt(vmin), hi: fmt(vmax), at: function (i) { return (t.value[i] - vmin) / vw; } });
    var BANDS = 6;
    var good = m.summary.objective.mode === 'min' ? function (v) { return (vmax - v) / vw; } : function (v) { return (v - vmin) / vw; };
    var traces = [];
    for (var b = 0; b < BANDS; b++) traces.push({ type: 'scatter', mode: 'lines', x: [], y: [], hoverinfo: 'skip', showlegend: false, line: { width: 1, color: 'hsl(210,70%,' + (85 - b * 11) + '%)' }, opacity: 0.6 });
    rows.forEach(function (i) {
      var tr = traces[Math.min(BANDS - 1, Math.floor(good(t.value[i]) * BANDS))];
      axes.forEach(function (a, k) { tr.x.push(k); tr.y.push(a.at(i)); });
      tr.x.push(null); tr.y.push(null);
    });
    var ann = [];
    axes.forEach(function (a, k) {
      ann.push({ x: k, y: 1.04, text: '<b>' + esc(a.label) + '</b>', showarrow: false, yanchor: 'bottom' });
      ann.push({ x: k, y: -0.04, text: esc(a.lo), showarrow: false, yanchor: 'top', font: { size: 10 } });
      ann.push({ x: k, y: 1.0, text: esc(a.hi), showarrow: false, xanchor: 'left', xshift: 4, font: { size: 10 } });
    });
    var shapes = axes.map(function (_, k) { return { type: 'line', x0: k, x1: k, y0: 0, y1: 1, line: { color: '#444', width: 1 } }; });
    plot('chart-parallel', traces, layout({ height: 420, margin: { l: 40, r: 60, t: 50, b: 40 }, annotations: ann, shapes: shapes,
      xaxis: { visible: false, range: [-0.3, axes.length - 0.6] }, yaxis: { visible: false, range: [-0.12, 1.12] } }));
    $('note-parallel').textContent = (m.params.length > js.length ? 'The ' + js.length + ' most important parameters. ' : '') + 'Completed trials; darker lines are better.' + sampledNote(m);
  }

  function drawEdf(m) {
    if (m.edf.n === 0) return note('chart-edf', 'No completed trials yet.');
    plot('chart-edf', [{ type: 'scatter', mode: 'lines', x: m.edf.x, y: m.edf.y, line: { shape: 'hv' }, name: 'completed' }],
      layout({ xaxis: { title: { text: valueName(m) } }, yaxis: { title: { text: 'fraction of trials ≤ x' }, range: [0, 1.02] } }));
  }

  function drawTimeline(m) {
    var t = m.trials;
    if (t.number.length === 0) return note('chart-timeline', 'No trials yet.');
    // A time axis (seconds since the study started) when the journal records times, else event order.
    var timed = !!(t.startMs && m.summary.wallTime);
    var endOf = timed ? m.summary.wallTime.ms / 1000 : m.summary.events;
    var minLen = timed ? endOf / 1000 : 0.5;
    var traces = STATES.map(function (st) {
      var y = [], base = [], x = [], tx = [];
      m.smallSample.forEach(function (i) {
        if (t.state[i] !== st) return;
        var b = timed ? (t.startMs[i] === null ? null : t.startMs[i] / 1000) : t.start[i];
        if (b === null) return;
        var e = timed ? (t.endMs[i] === null ? endOf : t.endMs[i] / 1000) : (t.end[i] === null ? endOf : t.end[i]);
        y.push('slot ' + t.slot[i]); base.push(b); x.push(Math.max(minLen, e - b));
        tx.push('trial ' + t.number[i] + (timed && t.durationMs[i] !== null ? ', ' + duration(t.durationMs[i]) : ''));
      });
      return { type: 'bar', orientation: 'h', name: st, y: y, base: base, x: x, text: tx, hoverinfo: 'text+name', textposition: 'none', marker: { color: COLORS[st] } };
    }).filter(function (tr) { return tr.y.length > 0; });
    var slots = 0;
    t.slot.forEach(function (s) { slots = Math.max(slots, s + 1); });
    plot('chart-timeline', traces, layout({ barmode: 'overlay', height: Math.max(220, 30 * slots + 120), xaxis: { title: { text: timed ? 'wall time since the study started (s)' : 'events (order; this journal records no times)' } }, yaxis: { autorange: 'reversed' } }));
    $('note-timeline').textContent = m.smallSample.length < t.number.length ? m.smallSample.length + ' of ' + t.number.length + ' trials drawn.' : '';
  }

  function drawLineage(m) {
    if (m.forks.length === 0) {
      note('chart-lineage', 'No forks: this study did not use population based training.');
      $('table-schedule').innerHTML = '';
      return;
    }
    // Each member a horizontal line over the steps it trained; each fork a link from the parent it copied.
    var t = m.trials;
    var chain = {};
    m.bestSchedule.forEach(function (r) { chain[r.number] = true; });
    var life = { x: [], y: [], text: [] }, best = { x: [], y: [], text: [] };
    for (var i = 0; i < t.number.length; i++) {
      var to = t.lastStep[i] === null ? t.startStep[i] : t.lastStep[i];
      var tr = chain[t.number[i]] ? best : life;
      tr.x.push(t.startStep[i], to, null); tr.y.push(t.number[i], t.number[i], null);
      var label = 'trial ' + t.number[i] + ': ' + fmt(t.value[i]);
      tr.text.push(label, label, '');
    }
    var lx = [], ly = [], lt = [];
    m.forks.forEach(function (f) {
      lx.push(f.step, f.step, null); ly.push(f.parent, f.child, null);
      var label = 'trial ' + f.child + ' copied trial ' + f.parent + (f.replaced >= 0 ? ' (replacing trial ' + f.replaced + ')' : '') + ' at step ' + f.step + ': ' + f.mutation;
      lt.push(label, label, '');
    });
    plot('chart-lineage', [
      { type: 'scatter', mode: 'lines', name: 'member', x: life.x, y: life.y, text: life.text, hoverinfo: 'text', line: { color: '#9bb' } },
      { type: 'scatter', mode: 'lines', name: 'the best member and its ancestors', x: best.x, y: best.y, text: best.text, hoverinfo: 'text', line: { color: '#1f77b4', width: 4 } },
      { type: 'scatter', mode: 'lines+markers', name: 'fork (parent → child)', x: lx, y: ly, text: lt, hoverinfo: 'text', line: { color: '#9467bd', dash: 'dot' }, marker: { size: 5 } }
    ], layout({ height: Math.max(300, 14 * t.number.length + 120), xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'trial' }, autorange: 'reversed' } }));
    var sched = m.bestSchedule;
    $('table-schedule').innerHTML = sched.length === 0 ? '' : '<h3>Hyper-parameter schedule of the best member</h3><table class="grid"><tr><th>trial</th><th>steps</th><th>config</th></tr>' + sched.map(function (r) {
      return '<tr><td>' + r.number + '</td><td>' + r.from + ' – ' + (r.to === null ? '' : r.to) + '</td><td>' + esc(JSON.stringify(r.config)) + '</td></tr>';
    }).join('') + '</table>';
  }

  function rowOrder(m) {
    var t = m.trials;
    var idx = t.number.map(function (_, i) { return i; });
    var col;
    if (SORT.key === 'number') col = t.number;
    else if (SORT.key === 'state') col = t.state;
    else if (SORT.key === 'step') col = t.lastStep;
    else if (SORT.key === 'value') col = t.value;
    else if (SORT.key === 'duration') col = t.durationMs || t.number;
    else col = t.params[Number(SORT.key.slice(1))] || t.number;
    idx.sort(function (a, b) {
      var x = col[a], y = col[b];
      if (x === null && y === null) return a - b;
      if (x === null) return 1;
      if (y === null) return -1;
      if (x < y) return -SORT.dir;
      if (x > y) return SORT.dir;
      return a - b;
    });
    return idx;
  }

  function drawTable(m) {
    var t = m.trials;
    var heads = [['number', '#'], ['state', 'state'], ['step', 'steps'], ['value', m.summary.objective.metric]]
      .concat(t.durationMs ? [['duration', 'duration']] : [])
      .concat(m.params.map(function (p, j) { return ['p' + j, p.name]; }));
    var idx = rowOrder(m);
    var pages = Math.max(1, Math.ceil(idx.length / PAGE.size));
    if (PAGE.index >= pages) PAGE.index = pages - 1;
    var slice = idx.slice(PAGE.index * PAGE.size, (PAGE.index + 1) * PAGE.size);
    var html = '<table class="grid" id="trials"><thead><tr>' + heads.map(function (h) {
      var arrow = SORT.key === h[0] ? (SORT.dir > 0 ? ' ▲' : ' ▼') : '';
      return '<th data-key="' + h[0] + '">' + esc(h[1]) + arrow + '</th>';
    }).join('') + '<th>error</th></tr></thead><tbody>' + slice.map(function (i) {
      return '<tr class="' + t.state[i] + '"><td>' + t.number[i] + '</td><td>' + t.state[i] + '</td><td>' + fmt(t.lastStep[i]) + '</td><td>' + fmt(t.value[i]) + '</td>' + (t.durationMs ? '<td>' + duration(t.durationMs[i]) + '</td>' : '') +
        m.params.map(function (_, j) { return '<td>' + esc(fmt(t.params[j][i])) + '</td>'; }).join('') + '<td>' + esc(t.error[i] || '') + '</td></tr>';
    }).join('') + '</tbody></table>';
    $('table-trials').innerHTML = html;
    $('pager').innerHTML = pages > 1 ? '<button id="prev">‹</button> page ' + (PAGE.index + 1) + ' of ' + pages + ' <button id="next">›</button>' : '';
    var prev = $('prev'), next = $('next');
    if (prev) prev.onclick = function () { if (PAGE.index > 0) { PAGE.index--; drawTable(current); } };
    if (next) next.onclick = function () { if (PAGE.index < pages - 1) { PAGE.index++; drawTable(current); } };
    Array.prototype.forEach.call($('table-trials').querySelectorAll('th[data-key]'), function (th) {
      th.onclick = function () {
        var k = th.getAttribute('data-key');
        SORT = { key: k, dir: SORT.key === k ? -SORT.dir : 1 };
        PAGE.index = 0;
        drawTable(current);
      };
    });
  }

  // The summary and the table first (cheap, and what a person checks for a new trial), then one chart per
  // task, so the page stays responsive and a newer model pushed meanwhile restarts the round with itself.
  var round = 0;
  function draw(m) {
    current = m;
    var mine = ++round;
    var timings = {};
    var first = [drawSummary, drawTable];
    var charts = [drawHistory, drawCurves, drawImportance, drawSlices, drawContours, drawParallel, drawEdf, drawTimeline, drawLineage];
    function run(f) {
      var t0 = performance.now();
      try { f(m); } catch (e) { console.error('rxhpo report: ' + f.name + ' failed: ' + (e && e.message)); }
      timings[f.name] = Math.round(performance.now() - t0);
    }
    first.forEach(run);
    document.body.setAttribute('data-trials', String(m.trials.number.length));
    document.body.removeAttribute('data-drawn');
    var k = 0;
    function next() {
      if (mine !== round) return;
      if (k < charts.length) { run(charts[k++]); setTimeout(next, 0); return; }
      window.rxhpoTimings = timings;
      document.body.setAttribute('data-drawn', String(Date.now()));
    }
    next();
  }
  window.rxhpoDraw = draw;

  function progress(p) {
    var bar = $('progress');
    if (!bar) return;
    bar.hidden = p.done;
    bar.querySelector('progress').max = p.total || 1;
    bar.querySelector('progress').value = p.loaded;
    bar.querySelector('span').textContent = p.done ? '' : 'loading the journal: ' + Math.round((100 * p.loaded) / (p.total || 1)) + '%';
  }

  var embedded = $('rxhpo-model');
  if (embedded && embedded.textContent.trim() !== '') draw(JSON.parse(embedded.textContent));
  if (window.RXHPO_LIVE) {
    var source = new EventSource('events');
    source.addEventListener('progress', function (e) { progress(JSON.parse(e.data)); });
    source.addEventListener('model', function (e) { progress({ done: true, loaded: 1, total: 1 }); draw(JSON.parse(e.data)); });
    source.addEventListener('failure', function (e) { $('live').textContent = JSON.parse(e.data).message; $('live').className = 'failure'; });
  }
})();
`;
