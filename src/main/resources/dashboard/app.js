// iqmon dashboard: plain JavaScript, no build step. Data from /api/*, live updates from
// /api/events (server-sent events), charts by uPlot.
"use strict";

(function () {
  const state = {
    tiles: new Map(),          // feed -> tile
    elements: new Map(),       // feed -> tile element
    sparks: new Map(),         // feed -> uPlot
    firing: 0,
    windows: [],
    loaded: false,
    pending: [],               // live events that came before the first load
    view: null,
    feedCharts: [],
    sortDirty: false,
  };
  // Measurements the tests read: when the fleet view was drawn, and how late live updates came.
  const stats = (window.iqmonStats = {
    fleetLoadMs: null, fleetFetchMs: null, fleetDrawnAt: null, fleetTiles: 0, alertShownAt: {}, updates: 0, images: 0, alertEvents: 0, lagMaxMs: 0, lagSumMs: 0,
  });

  // The image each tile shows, for the tests that check that live updates kept up.
  window.iqmonLatest = () => Object.fromEntries([...state.tiles].map(([f, t]) => [f, t.imageId]));

  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s == null ? "" : s).replace(/[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const enc = encodeURIComponent;
  const fmt = (v, d = 1) => (v == null || Number.isNaN(v) ? "–" : Number(v).toFixed(d));
  const ago = (ms) => {
    const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    if (s < 60) return s + " s";
    if (s < 3600) return Math.round(s / 60) + " min";
    return (s / 3600).toFixed(1) + " h";
  };
  const when = (ms) => (ms ? new Date(ms).toLocaleTimeString() : "–");
  const sevRank = { CRITICAL: 0, WARNING: 1, INFO: 2 };

  async function getJson(path) {
    const res = await fetch(path, { cache: "no-store" });
    if (!res.ok) throw new Error(path + ": HTTP " + res.status);
    return res.json();
  }

  // ---------- fleet view ----------

  async function loadFleet() {
    const start = performance.now();
    const fleet = await getJson("/api/fleet");
    stats.fleetFetchMs = performance.now() - start;
    state.windows = fleet.windows;
    state.tiles.clear();
    fleet.tiles.forEach((t) => state.tiles.set(t.feed, t));
    state.loaded = true;
    state.pending.splice(0).forEach((e) => applyEvent(e.type, e.data));
    renderFleet();
    stats.fleetTiles = state.elements.size;
    // After the next frame is painted: the time a person waits for the fleet.
    requestAnimationFrame(() => setTimeout(() => {
      stats.fleetLoadMs = performance.now() - start;
      stats.fleetDrawnAt = performance.now();
      document.body.dataset.fleetLoaded = "true";
    }, 0));
  }

  function renderFleet() {
    const box = $("tiles");
    box.textContent = "";
    state.sparks.forEach((u) => u.destroy());
    state.sparks.clear();
    state.elements.clear();
    const html = [];
    for (const t of sortedTiles()) html.push(tileHtml(t));
    box.innerHTML = html.join("");
    for (const el of box.children) {
      state.elements.set(el.dataset.feed, el);
      observer.observe(el);
    }
    applyFilter();
    updateCounts();
  }

  function sortedTiles() {
    const by = $("sort").value;
    const tiles = [...state.tiles.values()];
    const score = (t) => (t.score == null ? Infinity : t.score);
    if (by === "name") tiles.sort((a, b) => a.feed.localeCompare(b.feed));
    else if (by === "alerts") tiles.sort((a, b) => b.alerts.length - a.alerts.length || score(a) - score(b));
    else tiles.sort((a, b) => score(a) - score(b) || a.feed.localeCompare(b.feed));
    return tiles;
  }

  function tileHtml(t) {
    return `<div class="tile${t.alerts.length ? " firing" : ""}" data-feed="${esc(t.feed)}">` +
      tileInner(t) + `</div>`;
  }

  function headHtml(t) {
    const level = t.level ? `<span class="lvl lvl-${esc(t.level)}">${esc(t.level.toLowerCase())}</span>` : "";
    return `<div class="tile-head"><span class="tile-name" title="${esc(t.feed)}">${esc(t.feed)}</span>` +
      `<span><span class="score">${fmt(t.score)}</span>${level}</span></div>`;
  }

  function tileInner(t) {
    return headHtml(t) + frameHtml(t, null, true) +
      `<div class="alerts">${t.alerts.map(chipHtml).join("")}</div>` +
      `<div class="spark"></div>`;
  }

  function frameHtml(t, sources, lazy) {
    const img = t.thumb
      ? `<img alt="latest frame of ${esc(t.feed)}" ${lazy ? 'loading="lazy"' : ""} ` +
        `src="/api/feeds/${enc(t.feed)}/thumbnail.jpg?v=${enc(t.thumb)}">`
      : `<div class="nothumb">no frame yet</div>`;
    const ratio = t.thumbWidth && t.thumbHeight ? ` style="aspect-ratio:${t.thumbWidth} / ${t.thumbHeight}"` : "";
    const rois = t.regions
      .filter((r) => !sources || sources.has(r.source))
      .map((r) =>
        `<div class="roi o-${esc(r.level)} src-${esc(r.source)}" data-roi="${esc(r.id)}" ` +
        `style="left:${r.x * 100}%;top:${r.y * 100}%;width:${r.w * 100}%;height:${r.h * 100}%">` +
        `<span>${esc(r.label)}${confidence(r)} ${fmt(r.score, 0)}</span></div>`)
      .join("");
    return `<div class="frame"${ratio}>${img}${rois}</div>`;
  }

  /** A detected region's confidence as " 87%", nothing for the others. */
  function confidence(r) {
    return r.confidence == null ? "" : ` ${Math.round(r.confidence * 100)}%`;
  }

  function chipHtml(a) {
    return `<span class="chip sev-${esc(a.severity)}" title="${esc(a.message)}">` +
      `${esc(a.rule)}${a.label !== "whole" ? " · " + esc(a.label) : ""} · ${ago(a.firedAt)}</span>`;
  }

  // Sparklines are drawn only for tiles on screen, so 500 feeds stay cheap.
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const feed = e.target.dataset.feed;
      if (e.isIntersecting && !state.sparks.has(feed)) drawSpark(feed, e.target);
    }
  }, { rootMargin: "200px" });

  function sparkData(s) {
    return [s.t, s.p10, s.p90, s.mean, s.base];
  }

  function drawSpark(feed, el) {
    const t = state.tiles.get(feed);
    const box = el.querySelector(".spark");
    if (!t || !t.spark || !box) return;
    const u = new uPlot({
      width: Math.max(100, box.clientWidth || 280), height: 56,
      legend: { show: false }, cursor: { show: false }, select: { show: false },
      scales: { x: { time: true }, y: { range: [0, 100] } },
      axes: [{ show: false }, { show: false }],
      series: [{},
        { stroke: "transparent", points: { show: false } },
        { stroke: "transparent", points: { show: false } },
        { stroke: "#e3e7ec", width: 1.5, points: { show: false } },
        { stroke: "#f5d90a", width: 1, dash: [4, 3], points: { show: false } }],
      bands: [{ series: [2, 1], fill: "rgba(62,155,245,0.3)" }],
    }, sparkData(t.spark.series), box);
    state.sparks.set(feed, u);
  }

  function updateTile(t) {
    const old = state.tiles.get(t.feed);
    state.tiles.set(t.feed, t);
    if (state.view !== "fleet") return;
    const el = state.elements.get(t.feed);
    if (!el) {
      // A new feed: shown at once, put in its place at the next sort.
      const box = $("tiles");
      box.insertAdjacentHTML("beforeend", tileHtml(t));
      state.elements.set(t.feed, box.lastElementChild);
      observer.observe(box.lastElementChild);
      markShown(t);
      state.sortDirty = true;
      applyFilter();
      return;
    }
    el.classList.toggle("firing", t.alerts.length > 0);
    el.querySelector(".tile-head").outerHTML = headHtml(t);
    if (!old || old.thumb !== t.thumb || JSON.stringify(old.regions) !== JSON.stringify(t.regions)) {
      el.querySelector(".frame").outerHTML = frameHtml(t, null, false);
    }
    el.querySelector(".alerts").innerHTML = t.alerts.map(chipHtml).join("");
    markShown(t);
    const u = state.sparks.get(t.feed);
    if (u && t.spark) u.setData(sparkData(t.spark.series));
    if (!old || old.score !== t.score || old.alerts.length !== t.alerts.length) state.sortDirty = true;
  }

  // When each alert episode was first drawn on the page: the tests time alerts by it.
  function markShown(t) {
    const now = Date.now();
    for (const a of t.alerts) if (!(a.episodeId in stats.alertShownAt)) stats.alertShownAt[a.episodeId] = now;
  }

  function applyFilter() {
    const q = $("filter").value.trim().toLowerCase();
    for (const [feed, el] of state.elements) el.hidden = q !== "" && !feed.toLowerCase().includes(q);
    $("fleet-empty").hidden = state.tiles.size > 0;
  }

  function resort() {
    if (!state.sortDirty || state.view !== "fleet") return;
    state.sortDirty = false;
    const box = $("tiles");
    for (const t of sortedTiles()) {
      let el = state.elements.get(t.feed);
      if (!el) {
        box.insertAdjacentHTML("beforeend", tileHtml(t));
        el = box.lastElementChild;
        state.elements.set(t.feed, el);
        observer.observe(el);
        markShown(t);
      }
      box.appendChild(el);
    }
    applyFilter();
  }

  function updateCounts() {
    let firing = 0;
    state.tiles.forEach((t) => (firing += t.alerts.length));
    state.firing = firing;
    $("feed-count").textContent = state.tiles.size;
    $("firing-count").textContent = firing;
    $("firing-count").classList.toggle("hot", firing > 0);
  }

  // ---------- feed view ----------

  let feedSources = new Set(["WHOLE", "STATIC", "EVENT", "SEGMENTED", "DEGRADED", "DETECTED"]);
  let feedLabel = "whole";
  let feedRefresh = 0;

  async function showFeed(feed) {
    const view = $("feed-view");
    let f;
    try {
      f = await getJson("/api/feeds/" + enc(feed));
    } catch (e) {
      view.innerHTML = `<a class="back" href="#/">← fleet</a><p class="empty">No feed ${esc(feed)} in the dashboard.</p>`;
      return;
    }
    if (state.view !== "feed:" + feed) return;
    state.feedCharts.forEach((u) => u.destroy());
    state.feedCharts = [];
    const t = f.tile;
    const labels = Object.keys(f.trends);
    if (!labels.includes(feedLabel)) feedLabel = labels.includes("whole") ? "whole" : labels[0] || "whole";
    const sources = [...new Set(t.regions.map((r) => r.source))];
    view.innerHTML =
      `<a class="back" href="#/">← fleet</a>` +
      `<h1>${esc(t.feed)} <span class="score">${fmt(t.score)}</span>` +
      (t.level ? `<span class="lvl lvl-${esc(t.level)}">${esc(t.level.toLowerCase())}</span>` : "") +
      ` <span class="muted">${esc(t.imageId || "")} · ${when(t.time)}</span></h1>` +
      `<div class="feed-grid"><div>` +
      `<div class="panel"><h2>Latest frame</h2><div class="sources">` +
      sources.map((s) => `<label><input type="checkbox" data-source="${esc(s)}"${feedSources.has(s) ? " checked" : ""}> ${esc(s.toLowerCase())}</label>`).join("") +
      `</div><div id="feed-frame">${frameHtml(t, feedSources, false)}</div></div>` +
      `<div class="panel"><h2>Regions</h2>${regionsTable(f.regions)}</div></div>` +
      `<div><div class="panel"><h2>Trends <select id="trend-label">` +
      labels.map((l) => `<option${l === feedLabel ? " selected" : ""}>${esc(l)}</option>`).join("") +
      `</select></h2><div id="trend-charts"></div></div>` +
      `<div class="panel"><h2>Alert timeline</h2>${timeline(f.episodes)}</div></div></div>`;
    view.querySelectorAll("input[data-source]").forEach((cb) => cb.addEventListener("change", () => {
      if (cb.checked) feedSources.add(cb.dataset.source); else feedSources.delete(cb.dataset.source);
      $("feed-frame").innerHTML = frameHtml(t, feedSources, false);
    }));
    const sel = $("trend-label");
    sel.addEventListener("change", () => { feedLabel = sel.value; drawTrends(f); });
    drawTrends(f);
  }

  function regionsTable(regions) {
    if (!regions.length) return `<p class="muted">No region details yet (they come with the thumbnail).</p>`;
    const rows = regions.map((r) => {
      const top = Object.entries(r.distortions).sort((a, b) => b[1] - a[1]).slice(0, 3)
        .map(([k, p]) => `${esc(k)} ${fmt(p, 2)}`).join(", ");
      const ind = Object.entries(r.indicators).map(([k, v]) => `${esc(k)} ${fmt(v, 2)}`).join(", ");
      return `<tr data-region="${esc(r.id)}"><td>${esc(r.label)}<div class="muted">${esc(r.id)}</div></td>` +
        `<td>${esc(r.source.toLowerCase())}${confidence(r)}</td><td class="num">${fmt(r.score)}</td>` +
        `<td><span class="lvl lvl-${esc(r.level)}">${esc(r.level.toLowerCase())}</span></td>` +
        `<td>${top}</td><td class="num">${fmt(r.importance, 2)}</td><td class="muted">${ind}</td></tr>`;
    });
    return `<table><thead><tr><th>region</th><th>source</th><th>score</th><th>level</th>` +
      `<th>top distortions</th><th>importance</th><th>indicators</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  }

  function drawTrends(f) {
    state.feedCharts.forEach((u) => u.destroy());
    state.feedCharts = [];
    const box = $("trend-charts");
    box.textContent = "";
    const byWindow = f.trends[feedLabel] || {};
    const windows = state.windows.filter((w) => byWindow[w]);
    if (!windows.length) {
      box.innerHTML = `<p class="muted">No closed trend window yet.</p>`;
      return;
    }
    for (const w of windows) {
      const s = byWindow[w];
      const div = document.createElement("div");
      div.className = "chart";
      div.dataset.window = w;
      div.dataset.points = s.t.length;
      div.innerHTML = `<h3>${esc(w)} windows · ${s.t.length} points</h3>`;
      box.appendChild(div);
      const u = new uPlot({
        width: Math.max(300, box.clientWidth - 8), height: 180,
        scales: { x: { time: true }, y: { range: [0, 100] } },
        axes: [{ stroke: "#8b95a3", grid: { stroke: "#2a313b" } }, { stroke: "#8b95a3", grid: { stroke: "#2a313b" } }],
        series: [{},
          { label: "p10", stroke: "rgba(62,155,245,0.6)", width: 1 },
          { label: "p90", stroke: "rgba(62,155,245,0.6)", width: 1 },
          { label: "mean", stroke: "#e3e7ec", width: 2, points: { show: true, size: 4 } },
          { label: "baseline", stroke: "#f5d90a", width: 1, dash: [6, 4] }],
        bands: [{ series: [2, 1], fill: "rgba(62,155,245,0.2)" }],
      }, sparkData(s), div);
      state.feedCharts.push(u);
    }
  }

  function timeline(episodes) {
    if (!episodes.length) return `<p class="muted">No alert in the dashboard's history.</p>`;
    return `<ul class="timeline">` + episodes.map((a) => {
      const ev = a.evidence || {};
      const scores = (ev.scores || []).map((v) => fmt(v)).join(", ");
      return `<li data-episode="${esc(a.episodeId)}"><span class="chip sev-${esc(a.severity)}">${esc(a.severity.toLowerCase())}</span> ` +
        `<b>${esc(a.rule)}</b> · ${esc(a.label)} · FIRING ${when(a.firedAt)} → ` +
        (a.resolvedAt ? `RESOLVED ${when(a.resolvedAt)} (${Math.round((a.resolvedAt - a.firedAt) / 1000)} s)` : `<b>firing for ${ago(a.firedAt)}</b>`) +
        `<div class="muted">${esc(a.message)}</div>` +
        `<div class="muted">reading ${fmt(ev.value, 2)} · threshold ${fmt(ev.threshold, 2)}` +
        (ev.baseline != null ? ` · baseline ${fmt(ev.baseline)}` : "") +
        (ev.window ? ` · window ${esc(ev.window)} (${ev.imageCount ?? "–"} images)` : "") +
        (scores ? ` · run ${scores}` : "") + `</div></li>`;
    }).join("") + `</ul>`;
  }

  // ---------- alerts view ----------

  async function showAlerts() {
    const a = await getJson("/api/alerts");
    if (state.view !== "alerts") return;
    const firing = a.firing.slice().sort((x, y) => sevRank[x.severity] - sevRank[y.severity] || x.firedAt - y.firedAt);
    const row = (x, done) =>
      `<tr data-alert="${esc(x.alertId)}"><td><span class="chip sev-${esc(x.severity)}">${esc(x.severity.toLowerCase())}</span></td>` +
      `<td><a href="#/feed/${enc(x.feed)}">${esc(x.feed)}</a></td><td>${esc(x.label)}</td><td>${esc(x.rule)}</td>` +
      `<td>${done ? when(x.firedAt) + " → " + when(x.resolvedAt) : ago(x.firedAt)}</td><td class="muted">${esc(x.message)}</td></tr>`;
    const head = (t) => `<thead><tr><th>severity</th><th>feed</th><th>region</th><th>rule</th><th>${t}</th><th>why</th></tr></thead>`;
    $("alerts-view").innerHTML =
      `<div class="panel"><h2>Firing (${firing.length})</h2>` +
      (firing.length ? `<table id="firing-table">${head("age")}<tbody>${firing.map((x) => row(x, false)).join("")}</tbody></table>` : `<p class="muted">Nothing firing.</p>`) +
      `</div><div class="panel"><h2>Resolved in the last 24 h (${a.resolved.length})</h2>` +
      (a.resolved.length ? `<table id="resolved-table">${head("fired → resolved")}<tbody>${a.resolved.map((x) => row(x, true)).join("")}</tbody></table>` : `<p class="muted">None.</p>`) +
      `</div>`;
  }

  // ---------- routing and live updates ----------

  function route() {
    const hash = location.hash || "#/";
    $("fleet-view").hidden = true;
    $("feed-view").hidden = true;
    $("alerts-view").hidden = true;
    $("fleet-tools").style.visibility = "hidden";
    $("nav-fleet").classList.remove("active");
    $("nav-alerts").classList.remove("active");
    if (hash.startsWith("#/feed/")) {
      const feed = decodeURIComponent(hash.substring(7));
      state.view = "feed:" + feed;
      $("feed-view").hidden = false;
      showFeed(feed);
    } else if (hash === "#/alerts") {
      state.view = "alerts";
      $("alerts-view").hidden = false;
      $("nav-alerts").classList.add("active");
      showAlerts();
    } else {
      const wasFleet = state.view === "fleet";
      state.view = "fleet";
      $("fleet-view").hidden = false;
      $("fleet-tools").style.visibility = "visible";
      $("nav-fleet").classList.add("active");
      if (!wasFleet && state.loaded) renderFleet();
    }
  }

  function applyEvent(type, data) {
    if (!state.loaded) {
      state.pending.push({ type, data });
      return;
    }
    const now = Date.now();
    if (type === "tiles") {
      for (const t of data) {
        const newImage = (state.tiles.get(t.feed) || {}).imageId !== t.imageId;
        updateTile(t);
        stats.updates++;
        if (newImage && t.ts) {
          stats.images++;
          const lag = now - t.ts;
          stats.lagSumMs += lag;
          stats.lagMaxMs = Math.max(stats.lagMaxMs, lag);
        }
      }
      updateCounts();
      if (data.some((t) => "feed:" + t.feed === state.view)) scheduleFeedRefresh();
    } else if (type === "alert") {
      stats.alertEvents++;
      if (state.view === "alerts") showAlerts();
      if (state.view === "feed:" + data.feed) scheduleFeedRefresh();
    }
  }

  function scheduleFeedRefresh() {
    if (feedRefresh) return;
    feedRefresh = setTimeout(() => {
      feedRefresh = 0;
      if (state.view.startsWith("feed:")) showFeed(state.view.substring(5));
    }, 1000);
  }

  function connect() {
    const source = new EventSource("/api/events");
    source.addEventListener("open", () => $("live").className = "live on");
    source.addEventListener("error", () => $("live").className = "live off");
    source.addEventListener("tiles", (e) => applyEvent("tiles", JSON.parse(e.data)));
    source.addEventListener("alert", (e) => applyEvent("alert", JSON.parse(e.data)));
  }

  $("filter").addEventListener("input", applyFilter);
  $("sort").addEventListener("change", () => { state.sortDirty = true; resort(); });
  window.addEventListener("hashchange", route);
  setInterval(resort, 2000);
  connect();
  route();
  loadFleet().catch((e) => { $("fleet-empty").hidden = false; $("fleet-empty").textContent = "Cannot load the fleet: " + e.message; });
})();
