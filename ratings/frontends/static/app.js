/* The what-if page of `ratings serve`. It decides nothing: every rating, score, margin, reason, chart and
   "what would it take" comes from the server's API (the same answers as the `ratings` command). It holds the
   inspection being edited, as JSON, and asks again after each change. No library, nothing fetched from
   anywhere but this server. */
(function () {
  'use strict';

  var state = {card: null, inspection: null, rulesList: [], asked: 0, result: null};
  var $ = function (id) { return document.getElementById(id); };

  // ---------------------------------------------------------------------------------------------- requests

  function problemText(body) {
    if (body && body.errors && body.errors.length) {
      return body.errors.map(function (e) {
        return (e.line ? 'line ' + e.line + ': ' : '') + (e.key ? e.key + ': ' : '') + e.message;
      }).join('\n');
    }
    return body && body.detail ? body.detail : 'the server refused the request';
  }

  function call(method, path, body, type) {
    var options = {method: method, headers: {}};
    if (body !== undefined) {
      options.body = body;
      options.headers['Content-Type'] = type || 'application/json';
    }
    return fetch(path, options).then(function (response) {
      var kind = response.headers.get('Content-Type') || '';
      var read = kind.indexOf('json') >= 0 ? response.json() : response.text();
      return read.then(function (data) {
        if (!response.ok) {
          var error = new Error(problemText(data));
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  function say(text, isError) {
    var box = $('message');
    box.textContent = text || '';
    box.className = 'message' + (isError ? ' error' : '');
  }

  // ----------------------------------------------------------------------------------------- the rule sets

  function loadRules() {
    return call('GET', '/api/rules').then(function (list) {
      state.rulesList = list;
      var select = $('rules');
      select.textContent = '';
      list.forEach(function (r) {
        var option = document.createElement('option');
        option.value = r.id;
        option.textContent = r.id + ': ' + r.title;
        select.appendChild(option);
      });
      var pdu = list.filter(function (r) { return r.service === 'probation-pdu'; });
      pdu.sort(function (a, b) { return a.from < b.from ? 1 : -1; });
      select.value = (pdu[0] || list[0]).id;
    });
  }

  function loadCard(id) {
    return call('GET', '/api/rules/' + encodeURIComponent(id)).then(function (card) {
      state.card = card;
      $('rules').value = id;
      return card;
    });
  }

  function kindOf(sid) { return state.card.standards[sid] ? state.card.standards[sid].kind : null; }

  // --------------------------------------------------------------------------------------- the inspection

  function blank(card) {
    // as `ratings template` writes it: every judgement, key question and item `unknown`
    var inspection = {name: 'What if', rules: card.id, judgements: {}, cases: {}};
    var scores = {};
    Object.keys(card.standards).forEach(function (sid) {
      var s = card.standards[sid];
      if (s.kind === 'judged') { inspection.judgements[sid] = 'unknown'; }
      if (s.kind === 'case') {
        inspection.cases[sid] = {};
        s.key_questions.forEach(function (q) { inspection.cases[sid][q.id] = 'unknown'; });
      }
      if (s.kind === 'scored') {
        scores[sid] = {};
        s.items.forEach(function (q) { scores[sid][q.id] = 'unknown'; });
      }
    });
    if (Object.keys(scores).length) { inspection.scores = scores; }
    if (!Object.keys(inspection.cases).length) { delete inspection.cases; }
    return inspection;
  }

  function startBlank() {
    return loadCard($('rules').value).then(function (card) {
      start(blank(card), 'A blank template of ' + card.id + ': every value unknown. Change any of them.');
    }).catch(function (e) { say(e.message, true); });
  }

  function start(inspection, message) {
    state.inspection = inspection;
    var id = typeof inspection.rules === 'string' ? inspection.rules : null;
    var ready = id && (!state.card || state.card.id !== id) ? loadCard(id) : Promise.resolve(state.card);
    return ready.then(function () { buildForm(); say(message); refresh(); });
  }

  function fileType(name, fallback) {
    var lower = name.toLowerCase();
    if (/\.json$/.test(lower)) { return 'application/json'; }
    if (/\.ya?ml$/.test(lower)) { return 'application/yaml'; }
    if (/\.pdf$/.test(lower)) { return 'application/pdf'; }
    if (/\.x?html?$/.test(lower)) { return 'text/html'; }
    if (/\.txt$/.test(lower)) { return 'text/plain'; }
    return fallback;
  }

  function uploadInspection(file) {
    var type = fileType(file.name, 'application/yaml');
    say('Reading ' + file.name + '…');
    file.arrayBuffer().then(function (data) {
      return call('POST', '/api/inspection', data, type);
    }).then(function (answer) {
      var inspection = answer.inspection;
      if (typeof inspection.rules !== 'string') {  // chosen by its dates: ask which, then name it
        return call('POST', '/api/rate', JSON.stringify(inspection)).then(function (result) {
          inspection.rules = result.rules;
          return start(inspection, 'Read ' + file.name + ' (rated under ' + result.rules + ').');
        });
      }
      return start(inspection, 'Read ' + file.name + '.');
    }).catch(function (e) { say(file.name + ': ' + e.message, true); });
  }

  function uploadReport(file) {
    var type = fileType(file.name, 'text/plain');
    say('Reading the report ' + file.name + '…');
    file.arrayBuffer().then(function (data) {
      return call('POST', '/api/extract', data, type);  // the rule set that finds most in it
    }).then(function (found) {
      found.inspection.rules = found.rules;
      var gaps = found.gaps.length ? ' Not found (left unknown): ' + found.gaps.map(function (g) {
        return g.key; }).join(', ') + '.' : '';
      return start(found.inspection, 'Read ' + file.name + ' under ' + found.rules + '.' + gaps);
    }).catch(function (e) { say(file.name + ': ' + e.message, true); });
  }

  // --------------------------------------------------------------------------------------------- the form

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function buildForm() {
    var form = $('inspection');
    form.textContent = '';
    var card = state.card, inspection = state.inspection;
    var name = el('div', {'class': 'judgement'});
    name.appendChild(el('label', {'for': 'name'}, 'Name'));
    var nameInput = el('input', {type: 'text', id: 'name'});
    nameInput.value = inspection.name || '';
    nameInput.addEventListener('input', function () { inspection.name = nameInput.value; changed(); });
    name.appendChild(nameInput);
    form.appendChild(name);
    card.domains.forEach(function (domain) {
      var set = el('fieldset');
      set.appendChild(el('legend', {}, (domain.number ? domain.number + ' ' : '') + domain.name));
      domain.standards.forEach(function (sid) {
        var s = card.standards[sid];
        if (s.kind === 'judged') { set.appendChild(judgementField(sid, s)); }
        if (s.kind === 'case') { set.appendChild(partsField(sid, s, 'cases', s.key_questions)); }
        if (s.kind === 'scored') { set.appendChild(partsField(sid, s, 'scores', s.items)); }
      });
      if (set.children.length > 1) { form.appendChild(set); }
    });
  }

  function judgementField(sid, s) {
    var box = el('div', {'class': 'judgement'});
    var id = 'j-' + sid;
    box.appendChild(el('label', {'for': id}, s.label + ' (judgement)'));
    var select = el('select', {id: id});
    var current = state.inspection.judgements ? state.inspection.judgements[sid] : undefined;
    var choices = s.ratings.concat([card().not_rated, 'unknown']);
    if (current !== undefined && typeof current !== 'string') {  // an award: shown, kept as the file gives it
      select.appendChild(el('option', {value: '__as_given'}, 'as the file gives it (' +
        (current.awarded || 'award') + ')'));
    }
    choices.forEach(function (r) { select.appendChild(el('option', {value: r}, r)); });
    select.value = typeof current === 'string' ? matchChoice(current, choices) : '__as_given';
    select.addEventListener('change', function () {
      if (select.value === '__as_given') { return; }
      state.inspection.judgements = state.inspection.judgements || {};
      state.inspection.judgements[sid] = select.value === card().not_rated ? 'not rated' : select.value;
      changed();
    });
    box.appendChild(select);
    return box;
  }

  function card() { return state.card; }

  function matchChoice(value, choices) {
    var lower = value.toLowerCase();
    for (var i = 0; i < choices.length; i++) { if (choices[i].toLowerCase() === lower) { return choices[i]; } }
    return choices[0];
  }

  function partsField(sid, s, section, parts) {
    var set = el('div', {'class': 'standard-parts', id: 'std-' + sid});
    var title = el('p', {}, s.label);
    title.className = 'part-title';
    set.appendChild(title);
    var values = state.inspection[section] ? state.inspection[section][sid] : undefined;
    if (typeof values === 'string') {
      var toggle = el('button', {type: 'button', id: 'rate-' + sid}, s.label + ' is ' + values + ': give it values');
      toggle.addEventListener('click', function () {
        var fresh = {};
        parts.forEach(function (q) { fresh[q.id] = section === 'scores' ? s.scores.lowest : 50; });
        state.inspection[section][sid] = fresh;
        buildForm(); changed(); focus('n-' + sid + '-' + parts[0].id);
      });
      set.appendChild(toggle);
      return set;
    }
    parts.forEach(function (q) { set.appendChild(partField(sid, s, section, q)); });
    return set;
  }

  function focus(id) { var node = $(id); if (node) { node.focus(); } }

  function partField(sid, s, section, q) {
    var box = el('div', {'class': 'field'});
    var nid = 'n-' + sid + '-' + q.id, rid = 'r-' + sid + '-' + q.id;
    var holder = state.inspection[section][sid];
    var value = holder[q.id];
    box.appendChild(el('label', {'for': nid, title: q.text}, q.id.replace(/_/g, ' ')));
    var scored = section === 'scores';
    var counts = value !== null && typeof value === 'object' && 'yes' in value && 'of' in value;
    var low = scored ? s.scores.lowest : 0;
    var high = scored ? s.scores.highest : (counts ? value.of : 100);
    var slider = el('input', {type: 'range', id: rid, min: String(low), max: String(high), step: '1',
                              'aria-label': s.label + ', ' + q.id.replace(/_/g, ' ') + (counts ? " ('Yes' cases)" :
                                (scored ? ' (score)' : ' (percentage)'))});
    var number = el('input', {type: 'number', id: nid, min: String(low), max: String(high),
                              step: scored || counts ? '1' : 'any'});
    var known = typeof value === 'number' || counts;
    var shown = counts ? value.yes : (typeof value === 'number' ? value : low);
    slider.value = String(shown);
    number.value = known ? String(shown) : '';
    number.placeholder = known ? '' : String(value === null ? 'no cases' : (typeof value === 'string' ? value : '…'));
    function set(raw) {
      var n = Number(raw);
      if (raw === '' || isNaN(n)) { return; }
      n = Math.max(low, Math.min(high, n));
      if (counts) { holder[q.id] = {yes: Math.round(n), of: value.of}; value = holder[q.id]; }
      else { holder[q.id] = scored ? Math.round(n) : n; }
      changed();
    }
    slider.addEventListener('input', function () { number.value = slider.value; set(slider.value); });
    number.addEventListener('input', function () { if (number.value !== '') { slider.value = number.value; } set(number.value); });
    box.appendChild(slider);
    box.appendChild(number);
    if (counts) {  // the cases judged 'Yes' of how many: the total can change too
      var note = el('span', {'class': 'counts'});
      var oid = 'o-' + sid + '-' + q.id;
      note.appendChild(el('label', {'for': oid}, "'Yes' of"));
      var total = el('input', {type: 'number', id: oid, min: '1', step: '1'});
      total.value = String(value.of);
      total.addEventListener('change', function () {
        var of = Math.round(Number(total.value));
        if (!(of >= 1)) { total.value = String(value.of); return; }
        holder[q.id] = {yes: Math.min(value.yes, of), of: of};
        buildForm(); changed(); focus(oid);
      });
      note.appendChild(total);
      note.appendChild(document.createTextNode(' cases'));
      box.appendChild(note);
    } else if (!known) {
      box.appendChild(el('span', {'class': 'state'}, value === null ? 'no applicable cases' :
        (typeof value === 'string' ? value + ': move the slider or type a value' : 'as the file gives it')));
    }
    return box;
  }

  // ------------------------------------------------------------------------------------------- rating

  var timer = null;
  function changed() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, 120);
  }

  function refresh() {
    var asked = ++state.asked;
    var body = JSON.stringify(state.inspection);
    call('POST', '/api/rate', body).then(function (result) {
      if (asked !== state.asked) { return; }
      state.result = result;
      showResult(result);
      if ($('message').className.indexOf('error') >= 0) { say(''); }  // the last error is mended
      showGaps(result, body, asked);
      return call('POST', '/api/report', body).then(function (page) {
        if (asked === state.asked) { showReport(page); }
      });
    }).catch(function (e) {
      if (asked !== state.asked) { return; }
      say(e.message, true);
    });
  }

  // what unknowns leave open, in the words `ratings rate` prints (frontends/tables.py, rating_or_possible):
  // everything the scale has is 'any rating', else the ratings listed
  function ratingText(rating, possible, every) {
    if (rating !== null && rating !== undefined) { return rating; }
    if (!possible || !possible.length) { return 'not determined'; }
    if (every.length && every.every(function (r) { return possible.indexOf(r) >= 0; })) {
      return (possible.indexOf(card().not_rated) >= 0 ? 'any rating, or ' + card().not_rated : 'any rating') +
        ' (unknowns)';
    }
    return possible.join(' or ') + ' (unknowns)';
  }

  // the ratings the overall may have: those of its own scale when it names one
  function overallRatings() {
    var c = card(), own = c.overall && c.overall.scale && c.scales ? c.scales[c.overall.scale] : null;
    return (own ? own.ratings : c.scale).map(function (r) { return r.rating; });
  }

  function showResult(result) {
    var possible = result.possible || {};
    $('overall').textContent = ratingText(result.overall, possible.overall, overallRatings());
    $('score').textContent = result.score === null || result.score === undefined ?
      (possible.score ? possible.score.min + ' to ' + possible.score.max : '–') + (result.max_score ? ' of ' +
        result.max_score : '') : result.score + '/' + result.max_score;
    var list = $('standards');
    list.textContent = '';
    Object.keys(result.standards).forEach(function (sid) {
      var sr = result.standards[sid];
      var item = el('li', {id: 's-' + sid});
      item.appendChild(el('span', {'class': 'std'}, (state.card.standards[sid] || {}).label || sr.name));
      item.appendChild(el('strong', {'class': 'rating-text'}, ratingText(sr.rating,
        possible.standards ? possible.standards[sid] : null, (state.card.standards[sid] || {}).ratings || []) +
        (sr.capped_by ? ' (limited by ' + sr.capped_by + ')' : '')));
      var margin = sr.margin || sr.margin_points;
      if (margin && (margin.down !== null || margin.up !== null)) {
        var unit = sr.margin ? ' cases' : ' points';
        var parts = [];
        if (margin.down !== null) { parts.push(margin.down + unit + ' fewer would lower it'); }
        if (margin.up !== null) { parts.push(margin.up + unit + ' more would raise it'); }
        item.appendChild(el('span', {'class': 'margin'}, parts.join('; ')));
      }
      list.appendChild(item);
    });
  }

  function showReport(page) {
    // its <style> is the page's /report.css already: left out, as the policy allows no inline style
    var doc = new DOMParser().parseFromString(page.replace(/<style>[\s\S]*?<\/style>/g, ''), 'text/html');
    var main = doc.querySelector('main');
    var target = $('report');
    target.textContent = '';
    if (!main) { return; }
    Array.prototype.forEach.call(main.children, function (child) {
      target.appendChild(document.importNode(child, true));
    });
    Array.prototype.forEach.call(target.querySelectorAll('script'), function (s) { s.remove(); });
  }

  // --------------------------------------------------------------------------------- what would it take

  function better(result) {
    if (!result.overall) { return []; }
    var scale = state.card.scale.map(function (r) { return r.rating; });
    var at = scale.indexOf(result.overall);
    return at > 0 ? scale.slice(0, at).reverse() : [];
  }

  function showGaps(result, body, asked) {
    var box = $('gaps');
    box.textContent = '';
    var targets = better(result);
    if (!state.card.overall) { box.appendChild(el('p', {}, 'This rule set gives no overall rating.')); return; }
    if (!targets.length) {
      box.appendChild(el('p', {}, result.overall ? 'Nothing is better than ' + result.overall + '.' :
        'Give every unknown value first: then each better rating shows what it would take.'));
      return;
    }
    targets.forEach(function (target) {
      var slug = target.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      var part = el('div', {'class': 'gap', id: 'gap-' + slug});
      part.appendChild(el('h3', {}, 'To reach ' + target));
      var wait = el('p', {}, 'Working it out…');
      part.appendChild(wait);
      box.appendChild(part);
      call('POST', '/api/gap?target=' + encodeURIComponent(target), body).then(function (gap) {
        if (asked !== state.asked) { return; }
        part.removeChild(wait);
        showGap(part, gap, slug);
      }).catch(function (e) { if (asked === state.asked) { wait.textContent = e.message; } });
    });
  }

  function showGap(part, gap, slug) {
    if (!gap.reachable) {
      part.appendChild(el('p', {}, 'Not reachable: ' + (gap.reason || 'no change of the case results reaches it') + '.'));
      return;
    }
    var cost = gap.extra_cases !== undefined && gap.extra_cases !== null ? gap.extra_cases + " more cases judged 'Yes'" :
      (gap.extra_points !== undefined ? gap.extra_points + ' more points' : 'these changes');
    part.appendChild(el('p', {}, 'It would take ' + cost + ':'));
    var list = el('ul');
    gap.changes.forEach(function (c) {
      list.appendChild(el('li', {}, label(c.standard) + ', ' + c.question.replace(/_/g, ' ') + ': ' +
        shown(c.from) + ' → ' + shown(c.to)));
    });
    part.appendChild(list);
    var apply = el('button', {type: 'button', id: 'apply-' + slug}, 'Apply: reach ' + gap.target);
    apply.addEventListener('click', function () { applyGap(gap); });
    part.appendChild(apply);
  }

  function label(sid) { return (state.card.standards[sid] || {}).label || sid; }

  function shown(v) {
    if (v && 'yes' in v) { return v.yes + ' of ' + v.of; }
    if (v && 'percent' in v) { return v.percent + '%'; }
    if (v && 'score' in v) { return 'score ' + v.score; }
    return JSON.stringify(v);
  }

  function applyGap(gap) {
    gap.changes.forEach(function (c) {
      var section = kindOf(c.standard) === 'scored' ? 'scores' : 'cases';
      var holder = state.inspection[section][c.standard];
      if ('yes' in c.to) { holder[c.question] = {yes: c.to.yes, of: c.to.of}; }
      else if ('percent' in c.to) { holder[c.question] = c.to.percent; }
      else if ('score' in c.to) { holder[c.question] = c.to.score; }
    });
    buildForm();
    say('Applied what it takes to reach ' + gap.target + '.');
    refresh();
  }

  // ------------------------------------------------------------------------------------------ download

  // no ',' (it ends a value inside {...}) nor ':' or '#' (a key, a comment): such text is quoted
  var PLAIN = /^[A-Za-z][A-Za-z0-9 _.'()\/-]*$/;
  var RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

  function scalar(v) {
    if (v === null) { return 'null'; }
    if (typeof v === 'number' || typeof v === 'boolean') { return String(v); }
    var text = String(v);
    return PLAIN.test(text) && !RESERVED.test(text) && !/\s$/.test(text) ? text : JSON.stringify(text);
  }

  function key(k) { return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k); }

  function flow(v) {
    if (Array.isArray(v)) { return '[' + v.map(flow).join(', ') + ']'; }
    if (v !== null && typeof v === 'object') {
      return '{' + Object.keys(v).map(function (k) { return key(k) + ': ' + flow(v[k]); }).join(', ') + '}';
    }
    return scalar(v);
  }

  function small(v) {
    if (Array.isArray(v)) { return v.every(function (x) { return x === null || typeof x !== 'object'; }); }
    var keys = Object.keys(v);
    return keys.length <= 4 && keys.every(function (k) { return v[k] === null || typeof v[k] !== 'object'; });
  }

  function toYaml(value, indent) {
    var pad = new Array(indent + 1).join(' ');
    return Object.keys(value).map(function (k) {
      var v = value[k];
      if (v !== null && typeof v === 'object') {
        if (small(v) || !Object.keys(v).length) { return pad + key(k) + ': ' + flow(v) + '\n'; }
        if (Array.isArray(v)) {
          return pad + key(k) + ':\n' + v.map(function (x) { return pad + '  - ' + flow(x) + '\n'; }).join('');
        }
        return pad + key(k) + ':\n' + toYaml(v, indent + 2);
      }
      return pad + key(k) + ': ' + scalar(v) + '\n';
    }).join('');
  }

  function download() {
    if (!state.inspection) { return; }
    var text = '# Written by the what-if page of `ratings serve`: rate it with `ratings rate FILE`.\n' +
      toYaml(state.inspection, 0);
    var blob = new Blob([text], {type: 'application/yaml'});
    var link = el('a', {href: URL.createObjectURL(blob), download: 'inspection.yaml'});
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  // --------------------------------------------------------------------------------------------- start

  $('blank').addEventListener('click', startBlank);
  $('rules').addEventListener('change', startBlank);
  $('download').addEventListener('click', download);
  $('upload-inspection').addEventListener('change', function (e) {
    if (e.target.files.length) { uploadInspection(e.target.files[0]); e.target.value = ''; }
  });
  $('upload-report').addEventListener('change', function (e) {
    if (e.target.files.length) { uploadReport(e.target.files[0]); e.target.value = ''; }
  });
  window.ratingsPage = {state: state, toYaml: toYaml};
  loadRules().then(startBlank).catch(function (e) { say(e.message, true); });
}());
