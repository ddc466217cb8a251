// The report's only script: sortable tables, the log-scale switch, and a self-check that a test
// (or a curious user, in the element inspector) reads from <body data-*>:
//   data-errors / data-error-messages   script errors, console.error calls, failed loads, CSP refusals
//   data-images / data-images-broken    <img> elements, and those that did not decode
//   data-ready="1"                      set once the page has loaded and initialised
// A URL ending in #sort=TABLE:COLUMN:asc|desc opens the page sorted, e.g. #sort=ranking:seconds:desc.
(function () {
  'use strict';
  var body = document.body;
  var errors = [];

  function record(message) {
    errors.push(String(message));
    body.dataset.errors = String(errors.length);
    body.dataset.errorMessages = errors.join(' | ');
  }
  body.dataset.errors = '0';

  // capture phase: a failed <img> load does not bubble, but it is seen on the way down
  window.addEventListener('error', function (e) {
    if (e.target && e.target !== window && e.target.tagName) {
      record(e.target.tagName + ' failed to load');
    } else {
      record(e.message || 'script error');
    }
  }, true);
  document.addEventListener('securitypolicyviolation', function (e) {
    record('blocked by the content security policy: ' + e.blockedURI + ' (' + e.violatedDirective + ')');
  });
  var consoleError = console.error;
  console.error = function () {
    record(Array.prototype.join.call(arguments, ' '));
    return consoleError.apply(console, arguments);
  };

  // Text compares "seed#2" before "seed#10"; numbers compare as numbers; empty cells (NaN) go last
  // whichever the direction, since "no value" is not small or large.
  var collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

  function key(cell) {
    return cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : cell.textContent.trim();
  }

  function sortTable(table, th, dir) {
    var col = th.cellIndex;
    var numeric = th.dataset.type === 'num';
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var keyed = rows.map(function (row, i) {
      var k = key(row.cells[col]);
      var v = numeric ? (k === '' ? NaN : parseFloat(k)) : k;
      return { row: row, v: v, missing: numeric ? isNaN(v) : k === '', i: i };
    });
    keyed.sort(function (a, b) {
      if (a.missing !== b.missing) {
        return a.missing ? 1 : -1;
      }
      var c = a.missing ? 0 : (numeric ? a.v - b.v : collator.compare(a.v, b.v));
      // Array.sort is stable, but say it: equal keys keep their current (e.g. rank) order
      return (dir === 'asc' ? c : -c) || a.i - b.i;
    });
    keyed.forEach(function (k) { tbody.appendChild(k.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
      h.removeAttribute('aria-sort');
    });
    th.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
    table.dataset.sortedBy = th.dataset.key + ':' + dir;
  }

  function onHeader(table, th) {
    // first click ascending, then alternate
    var dir = th.getAttribute('aria-sort') === 'ascending' ? 'desc' : 'asc';
    sortTable(table, th, dir);
  }

  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.tabIndex = 0;
      th.title = 'Sort by ' + th.textContent.trim();
      th.addEventListener('click', function () { onHeader(table, th); });
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onHeader(table, th);
        }
      });
    });
  });

  var logBox = document.getElementById('lr-log-toggle');
  if (logBox) {
    var linear = document.getElementById('lr-linear');
    var log = document.getElementById('lr-log');
    var show = function () {
      linear.hidden = logBox.checked;
      log.hidden = !logBox.checked;
    };
    logBox.addEventListener('change', show);
    show();
  }

  // Opening a sorted view by link: clicks the header itself, so a link sorts as a user would.
  var m = /^#sort=([\w-]+):([\w-]+):(asc|desc)$/.exec(window.location.hash);
  if (m) {
    var table = document.getElementById(m[1]);
    var th = table && table.querySelector('thead th[data-key="' + m[2] + '"]');
    if (th) {
      th.click();
      if (m[3] === 'desc') {
        th.click();
      }
    } else {
      record('no column ' + m[2] + ' in table ' + m[1] + ' to sort by');
    }
  }

  window.addEventListener('load', function () {
    var images = document.images;
    var broken = 0;
    for (var i = 0; i < images.length; i++) {
      if (!images[i].complete || images[i].naturalWidth === 0) {
        broken++;
      }
    }
    body.dataset.images = String(images.length);
    body.dataset.imagesBroken = String(broken);
    body.dataset.ready = '1';
  });
})();
