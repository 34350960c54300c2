/**
 * The viewer page's script, run by the browser: reads the replay embedded in the page, and on
 * every move of the time slider highlights the active states in each machine's diagram and fills
 * in the environments, the role and what blocks it. Text from the run is only ever set as text.
 */

/** The JavaScript of the viewer page (plain browser JavaScript, no modules, no network). */
export const VIEWER_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('run-data').textContent);
  var frames = data.frames;
  var slider = document.getElementById('slider');
  var clock = document.getElementById('clock');
  var marked = [];
  var timer = null;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function two(n) { return (n < 10 ? '0' : '') + n; }
  function elapsed(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    return two(Math.floor(s / 3600)) + ':' + two(Math.floor((s % 3600) / 60)) + ':' + two(s % 60);
  }
  function mark(byMachine, className) {
    Object.keys(byMachine).forEach(function (machine) {
      byMachine[machine].forEach(function (id) {
        var node = document.getElementById('state:' + id);
        if (node) { node.classList.add(className); marked.push([node, className]); }
      });
    });
  }
  function fill(id, nodes) {
    var box = document.getElementById(id);
    while (box.firstChild) box.removeChild(box.firstChild);
    nodes.forEach(function (node) { box.appendChild(node); });
  }
  function row(cells, classes) {
    var tr = el('tr');
    cells.forEach(function (cell, i) { tr.appendChild(el('td', cell, classes && classes[i])); });
    return tr;
  }
  function pair(term, value) { return [el('dt', term), el('dd', value === null || value === '' ? '—' : value)]; }

  function render(index) {
    var frame = frames[index];
    if (!frame) return;
    marked.forEach(function (m) { m[0].classList.remove(m[1]); });
    marked = [];
    mark(frame.active, 'active');
    mark(frame.ended, 'finished');
    clock.textContent = 'T+' + elapsed(frame.at - data.start.at) + ' virtual (' + new Date(frame.at).toISOString().replace('.000Z', 'Z') + ')' +
      ' · +' + (frame.real - data.start.real) + ' ms real · step ' + (index + 1) + ' of ' + frames.length;
    fill('environments', frame.environments.map(function (e) {
      return row([e.key, e.operation, e.status || '—', e.result || e.state], [null, null, 'status', 'state']);
    }));
    var role = frame.role;
    fill('role', role ? [].concat(pair('operation', role.operation), pair('state', role.state), pair('deletion task', role.taskStatus), pair('result', role.result)) : [el('dt', 'not started')]);
    var account = frame.account;
    var blockers = account ? account.blockers.map(function (b) { return el('li', b.region + ' ' + b.kind + ' ' + b.id + ' (' + b.status + ')', 'blocker'); }) : [];
    if (account) account.unreadable.forEach(function (region) { blockers.push(el('li', region + ': could not be read', 'blocker')); });
    if (blockers.length === 0) blockers.push(el('li', 'nothing', 'none'));
    fill('blockers', blockers);
    document.getElementById('gate').textContent = account ? 'orchestrator: ' + account.state + (account.waitReason && account.blockers.length + account.unreadable.length > 0 ? ' · waits: ' + account.waitReason : '') : '';
    fill('actors', frame.actors.map(function (a) { return row([a.label, a.state, a.status], [null, 'state', null]); }));
    Object.keys(data.machines).forEach(function (machine) {
      var states = frame.actors.filter(function (a) { return a.machine === machine; }).map(function (a) { return a.state; });
      document.getElementById('now:' + machine).textContent = states.length ? states.join(' | ') : 'no actor';
    });
    document.body.setAttribute('data-frame', String(index));
  }

  slider.max = String(Math.max(0, frames.length - 1));
  slider.addEventListener('input', function () { render(Number(slider.value)); });
  document.getElementById('play').addEventListener('click', function () {
    if (timer) { clearInterval(timer); timer = null; return; }
    if (Number(slider.value) >= frames.length - 1) slider.value = '0';
    timer = setInterval(function () {
      var next = Number(slider.value) + 1;
      if (next >= frames.length) { clearInterval(timer); timer = null; return; }
      slider.value = String(next);
      render(next);
    }, 80);
  });
  Array.prototype.forEach.call(document.querySelectorAll('button.zoom'), function (button) {
    button.addEventListener('click', function () { button.closest('.machine').classList.toggle('zoomed'); });
  });
  render(Number(slider.value) || 0);
})();
`;
