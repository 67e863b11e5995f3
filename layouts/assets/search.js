/* congbo search: queries the static index under /search/ (written at build
   time by internal/search). No server, no third party, no eval, no inline
   script: it runs under a CSP of script-src 'self'. Without it the search
   form still submits to /tim-kiem/, which lists the sections.
   fold/tokens/shard must match internal/search (Tokens, Shard). */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var out = document.getElementById("search-results");
  if (!form || !out || !window.fetch || !window.URLSearchParams) { return; }
  var base = out.getAttribute("data-index") || "/search/";
  var say = out.dataset;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-list");
  var more = document.getElementById("search-more");
  var nojs = document.getElementById("search-nojs");
  var PAGE = 10;
  var meta = null;
  var cache = {};
  var results = [];
  var shown = 0;
  var run = 0;

  var special = { "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L" };
  function tokens(s) {
    s = s.replace(/[đĐßæÆøØłŁ]/g, function (c) { return special[c]; });
    s = s.normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase();
    return s.split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t !== ""; });
  }
  function shard(tok, n) {
    var bytes = new TextEncoder().encode(tok);
    var h = 2166136261;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 16777619) >>> 0;
    }
    return h & (n - 1);
  }
  function undelta(d) {
    var ids = [], prev = 0;
    for (var i = 0; i < d.length; i++) {
      if (d[i] < 0) {
        for (var k = 0; k < -d[i]; k++) { ids.push(++prev); }
      } else {
        prev += d[i];
        ids.push(prev);
      }
    }
    return ids;
  }
  function get(name) {
    var url = base + name + (meta ? "?v=" + meta.h : "");
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (r.status === 404) { return null; }
        if (!r.ok) { throw new Error(r.status + " " + url); }
        return r.json();
      });
    }
    return cache[url];
  }
  function fmt(s, n, q) { return s.replace("%d", String(n)).replace("%s", q); }
  function toSet(ids) { var s = {}; ids.forEach(function (id) { s[id] = true; }); return s; }

  function search(q, filters) {
    var toks = tokens(q).filter(function (t, i, a) { return a.indexOf(t) === i; });
    var facets = [];
    if (filters.section) { facets.push("f/s-" + filters.section + ".json"); }
    if (filters.unit) { facets.push("f/u-" + filters.unit + ".json"); }
    if (filters.year) { facets.push("f/y-" + filters.year + ".json"); }
    var loads = toks.map(function (t) { return get("t/" + shard(t, meta.shards) + ".json"); })
      .concat(facets.map(get));
    return Promise.all(loads).then(function (files) {
      var ids = null, score = {};
      toks.forEach(function (t, i) {
        var e = files[i] && files[i][t];
        var title = e ? undelta(e[0]) : [], other = e ? undelta(e[1]) : [];
        title.forEach(function (id) { score[id] = (score[id] || 0) + 1; });
        var all = title.concat(other);
        if (ids === null) { ids = all; return; }
        var set = toSet(all);
        ids = ids.filter(function (id) { return set[id]; });
      });
      files.slice(toks.length).forEach(function (d) {
        var set = toSet(d ? undelta(d) : []);
        ids = ids === null ? Object.keys(set).map(Number) : ids.filter(function (id) { return set[id]; });
      });
      ids = ids || [];
      var n = toks.length;
      // All syllables in title or number first, then newest (lower id) first.
      return ids.sort(function (a, b) {
        var sa = score[a] === n, sb = score[b] === n;
        return sa === sb ? a - b : (sa ? -1 : 1);
      });
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }
  function day(iso) { var p = iso.split("-"); return p[2] + "/" + p[1] + "/" + p[0]; }
  function item(r) {
    var li = el("li", "item");
    var art = el("article", "card");
    var h = el("h2", "item-title");
    var a = el("a", "", r.t);
    a.href = r.u;
    h.appendChild(a);
    art.appendChild(h);
    var m = el("p", "item-meta");
    if (r.s) { m.appendChild(el("span", "item-type", r.s)); }
    if (r.n) {
      var num = el("span", "item-number");
      num.appendChild(el("span", "visually-hidden", say.number + ": "));
      num.appendChild(document.createTextNode(r.n));
      m.appendChild(num);
    }
    if (r.d) { var t = el("time", "", day(r.d)); t.dateTime = r.d; m.appendChild(t); }
    if (r.o && r.o.length) { m.appendChild(el("span", "item-unit", r.o.join(", "))); }
    art.appendChild(m);
    if (r.x) { art.appendChild(el("p", "item-summary", r.x)); }
    li.appendChild(art);
    return li;
  }
  function showMore(token) {
    var ids = results.slice(shown, shown + PAGE);
    var chunks = ids.map(function (id) { return get("d/" + Math.floor(id / meta.chunk) + ".json"); });
    return Promise.all(chunks).then(function (cs) {
      if (token !== run) { return; }
      var first = null;
      ids.forEach(function (id, i) {
        var r = cs[i] && cs[i][id % meta.chunk];
        if (!r) { return; }
        var li = item(r);
        first = first || li;
        list.appendChild(li);
      });
      shown += ids.length;
      more.hidden = shown >= results.length;
      return first;
    });
  }

  function params() {
    var p = new URLSearchParams(window.location.search);
    return { q: (p.get("q") || "").trim(), section: p.get("section") || "", unit: p.get("unit") || "", year: p.get("year") || "" };
  }
  function fill(p) {
    ["q", "section", "unit", "year"].forEach(function (k) {
      var f = form.elements.namedItem(k);
      if (f) { f.value = p[k]; }
    });
  }
  function start(p) {
    var token = ++run;
    list.textContent = "";
    more.hidden = true;
    results = [];
    shown = 0;
    if (!p.q && !p.section && !p.unit && !p.year) { status.textContent = ""; return; }
    status.textContent = say.loading;
    var ready = meta ? Promise.resolve(meta) : get("meta.json").then(function (m) { meta = m; return m; });
    ready.then(function () { return search(p.q, p); }).then(function (ids) {
      if (token !== run) { return; }
      results = ids;
      return showMore(token).then(function () {
        if (token !== run) { return; }
        // Announced once the first results are in the list.
        status.textContent = ids.length ? fmt(say.found, ids.length, p.q) : fmt(say.none, 0, p.q);
      });
    }).catch(function () {
      if (token === run) { status.textContent = say.error; }
    });
  }

  if (nojs) { nojs.hidden = true; }
  out.hidden = false;
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var data = new FormData(form);
    var p = { q: String(data.get("q") || "").trim(), section: String(data.get("section") || ""), unit: String(data.get("unit") || ""), year: String(data.get("year") || "") };
    var qs = new URLSearchParams();
    Object.keys(p).forEach(function (k) { if (p[k]) { qs.set(k, p[k]); } });
    window.history.replaceState(null, "", window.location.pathname + (qs.toString() ? "?" + qs : ""));
    start(p);
  });
  more.addEventListener("click", function () {
    showMore(run).then(function (first) {
      var a = first && first.querySelector("a");
      if (a) { a.focus(); }
    });
  });
  var p = params();
  fill(p);
  start(p);
}());
