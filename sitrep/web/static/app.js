/* Sitrep page: map, timeline, list, evidence panel and review form over the HTTP API.
 *
 * Rules this file keeps (the page runs under a strict Content-Security-Policy):
 * - no HTML strings with data: every text from the API goes through textContent or text nodes,
 *   and evidence highlighting builds <mark> elements from slices of the article text;
 * - no inline styles in markup: sizes are set through the CSSOM (element.style), colours by class;
 * - every URL is relative, so the page works behind a path prefix and loads nothing from
 *   another host (the optional tile layer is the user's own setting).
 */
(function () {
  "use strict";

  // ACLED taxonomy, as sitrep.models.SUB_EVENT_TYPES (tests/test_web.py checks they agree).
  const SUB_TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
      "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity",
      "Disrupted weapons use", "Headquarters or base established", "Looting/property destruction",
      "Non-violent transfer of territory", "Other"],
  };
  const EVENT_TYPES = Object.keys(SUB_TYPES);
  const ACTOR_KINDS = ["state forces", "rebel group", "political militia", "identity militia",
    "rioters", "protesters", "civilians", "external force"];
  const FIELD_LABELS = {
    event_date: "Date", event_type: "Event type", sub_event_type: "Sub-event type",
    actor1: "Actor 1", assoc_actor_1: "Associated actor 1", actor2: "Actor 2",
    assoc_actor_2: "Associated actor 2", location: "Location", fatalities: "Fatalities",
    wounded: "Wounded", captured: "Captured", claim: "Claim", notes: "Notes",
    civilian_harm: "Civilian harm", review: "Review",
  };
  const CORRECTABLE = ["sub_event_type", "event_date", "actor1", "actor2", "location",
    "fatalities", "wounded", "captured", "notes", "civilian_harm"];
  const REMOVABLE = new Set(["actor2", "location", "event_date", "wounded", "captured", "fatalities"]);
  const TOKEN_KEY = "sitrep.token";
  const PAGE_SIZE = 500;
  const MAX_EVENTS = 5000;
  const ADMIN1_MIN_ZOOM = 4;
  const SVG_NS = "http://www.w3.org/2000/svg";

  const state = {
    config: null,
    params: new URLSearchParams(), // the filters of the events shown, as API parameters
    events: [],          // the API's answer for those filters
    total: 0,
    brush: null,         // [since, until] ISO dates, inclusive, or null
    timeline: null,      // bins and geometry of the drawn timeline
    current: null,       // the open event's detail
    eventId: null,       // the id of the event the panel shows or is loading
    lastChange: null,    // what made the newest history entry (see writeUrl)
    opener: null,        // element focused before the panel opened
    loadSeq: 0,
    openSeq: 0,
    brushDrag: null,     // {from, to, moved} bin indices while the pointer drags
    countries: new Map(), // value -> label, across every load
    actors: new Set(),
  };
  let map = null;
  let clusters = null;
  const markersById = new Map();
  /** A layer on no map: the parent of markers taken off the map (see renderMarkers). */
  const DETACHED = L.layerGroup();

  // ---------------------------------------------------------------- helpers

  const $ = (id) => document.getElementById(id);

  /** Build an element; `text` sets textContent, other keys are attributes (never on*). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = value;
      else if (key.startsWith("on")) throw new Error("no inline handlers");
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = String(value);
      else node.setAttribute(key, String(value));
    }
    return node;
  }

  /** For the few strings Leaflet renders as HTML (attribution): escape everything. */
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => (
      { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]));
  }

  const slug = (text) => String(text || "other").toLowerCase().replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const typeClass = (type) => "t-" + slug(type);
  const fieldClass = (field) => "f-" + slug(field);

  function safeUrl(url) {
    try {
      const parsed = new URL(String(url), window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (_err) {
      return null;
    }
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => fn(...args), ms);
    };
  }

  const fatalities = (ev) => (ev.fatalities && Number.isFinite(ev.fatalities.best) ? ev.fatalities.best : 0);
  const actor = (ev, role) => (ev.actors || []).find((a) => a.role === role) || null;
  const place = (ev) => ev.location || null;

  function placeLabel(ev) {
    const loc = place(ev);
    if (!loc) return "no location";
    return [loc.name, loc.admin1 && loc.admin1 !== loc.name ? loc.admin1 : null, loc.country]
      .filter(Boolean).join(", ");
  }

  function countText(count) {
    if (!count) return "—";
    let text = String(count.best);
    if (count.low !== count.best || count.high !== count.best) text += ` (${count.low}–${count.high})`;
    return text;
  }

  function valueText(value) {
    if (value === null || value === undefined) return "—";
    if (typeof value !== "object") return String(value);
    if ("best" in value) {
      let text = countText(value);
      if (value.qualifier && value.qualifier !== "exact") text += ` ${value.qualifier.replace("_", " ")}`;
      if (value.party) text += ` (${value.party})`;
      return text;
    }
    if ("name" in value) return value.name;
    return JSON.stringify(value);
  }

  // ---------------------------------------------------------------- API

  function token() {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY) || "";
    } catch (_err) {
      return "";
    }
  }

  async function api(path, options) {
    const opts = options || {};
    const headers = { Accept: "application/json" };
    const write = opts.method && opts.method !== "GET";
    const tok = token();
    if (tok && (write || !(state.config && state.config.public_read))) {
      headers.Authorization = "Bearer " + tok;
    }
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method: opts.method || "GET",
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: "same-origin",
    });
    let data = null;
    try {
      data = await response.json();
    } catch (_err) {
      data = null;
    }
    if (!response.ok) {
      const message = data && data.error && data.error.message
        ? data.error.message : `${response.status} ${response.statusText}`;
      const err = new Error(message);
      err.status = response.status;
      throw err;
    }
    return data;
  }

  function setStatus(text, isError) {
    const status = $("status");
    status.textContent = text;
    status.classList.toggle("is-error", Boolean(isError));
  }

  // ---------------------------------------------------------------- filters

  function fillFilterOptions() {
    const typeSelect = $("f-type");
    for (const type of EVENT_TYPES) {
      const group = el("optgroup", { label: type });
      group.append(el("option", { value: type, text: `${type} (all)` }));
      for (const sub of SUB_TYPES[type]) group.append(el("option", { value: sub, text: sub }));
      typeSelect.append(group);
    }
  }

  function rememberOptions(events) {
    let changed = false;
    for (const ev of events) {
      const loc = place(ev);
      if (loc && (loc.country_code || loc.country)) {
        const value = loc.country_code || loc.country;
        const label = loc.country || loc.country_code;
        // A country first met in a URL is labelled by its code until its events arrive.
        const placeholder = state.countries.get(value) === value && label !== value;
        if (!state.countries.has(value) || placeholder) {
          state.countries.set(value, label);
          changed = true;
        }
      }
      for (const a of ev.actors || []) {
        if (!state.actors.has(a.name)) {
          state.actors.add(a.name);
          changed = true;
        }
      }
    }
    if (!changed) return;
    const select = $("f-country");
    const chosen = select.value;
    select.replaceChildren(el("option", { value: "", text: "All countries" }));
    const sorted = [...state.countries.entries()].sort((a, b) => a[1].localeCompare(b[1]));
    for (const [value, label] of sorted) select.append(el("option", { value, text: label }));
    select.value = chosen;
    const list = $("actor-names");
    list.replaceChildren(...[...state.actors].sort().map((name) => el("option", { value: name })));
  }

  function filterParams() {
    const params = new URLSearchParams();
    const form = new FormData($("filters"));
    for (const [key, raw] of form.entries()) {
      let value = String(raw).trim();
      if (!value) continue;
      if (key === "actor") {
        // The API matches canonical names; a name not in the list is read as a prefix.
        const known = [...state.actors].some((n) => n.toLowerCase() === value.toLowerCase());
        if (!known && !value.endsWith("*")) value += "*";
      }
      params.set(key, value);
    }
    return params;
  }

  async function loadEvents({ fit } = { fit: true }) {
    const seq = ++state.loadSeq;
    setStatus("Loading events…");
    const params = new URLSearchParams(state.params);
    params.set("limit", String(PAGE_SIZE));
    params.set("sort", "-date");
    const items = [];
    let count = null;
    let cursor = null;
    try {
      do {
        if (cursor) params.set("cursor", cursor);
        const page = await api("api/events?" + params.toString());
        if (seq !== state.loadSeq) return;
        if (count === null && typeof page.count === "number") count = page.count;
        items.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor && items.length < MAX_EVENTS);
    } catch (err) {
      if (seq === state.loadSeq) setStatus(`Could not load events: ${err.message}`, true);
      return;
    }
    state.events = items;
    state.total = count === null ? items.length : count;
    rememberOptions(items);
    render({ fit });
  }

  // ---------------------------------------------------------------- the view in the URL

  /* The page's URL holds its view, so a copied URL reopens it: the filters under the API's
   * own parameter names (type=Battles&country=SDN), the timeline's selection as
   * brush=FIRST..LAST and the open event as event=ID. Each change the user makes is a new
   * history entry, so Back returns to the view before it; the keystrokes of one search,
   * or arrow-key steps of the selection, share one entry (`coalesce`). */
  const FILTER_KEYS = ["since", "until", "type", "actor", "country", "q"];
  const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

  function viewParams() {
    const params = new URLSearchParams(state.params);
    if (state.brush) params.set("brush", state.brush.join(".."));
    if (state.eventId) params.set("event", state.eventId);
    return params;
  }

  /** Record the view in the URL: a new history entry ("push") or the current one ("replace"). */
  function writeUrl(mode, coalesce) {
    const query = viewParams().toString();
    const url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    const same = url === window.location.pathname + window.location.search + window.location.hash;
    if (!same) {
      if (mode === "push" && !(coalesce && coalesce === state.lastChange)) {
        window.history.pushState(null, "", url);
      } else {
        window.history.replaceState(null, "", url);
      }
    }
    state.lastChange = coalesce || null;
  }

  function parseBrush(text) {
    const [since, until] = String(text || "").split("..");
    if (!ISO_DAY.test(since || "") || !ISO_DAY.test(until || "") || since > until) return null;
    return [since, until];
  }

  /** The option of `select` whose value is `value` in any case (a hand-typed URL). */
  function optionValue(select, value) {
    const key = value.toLowerCase();
    const found = [...select.options].find((o) => o.value.toLowerCase() === key);
    return found ? found.value : null;
  }

  /** Fill the filter form from URL parameters. Countries are listed from the events loaded,
   * so one the URL names gets its option now (named properly once its events arrive). An
   * actor without a trailing * was a known name when the URL was made: it stays exact. */
  function setFilterForm(params) {
    const form = $("filters");
    for (const key of FILTER_KEYS) {
      const control = form.elements.namedItem(key);
      let value = (params.get(key) || "").trim();
      if (key === "since" || key === "until") value = ISO_DAY.test(value) ? value : "";
      if (key === "actor" && value && !value.endsWith("*")) state.actors.add(value);
      if (key === "country" && value && !optionValue(control, value)) {
        state.countries.set(value, value);
        control.append(el("option", { value, text: value }));
      }
      if (control.tagName === "SELECT") value = value ? optionValue(control, value) || "" : "";
      control.value = value;
    }
  }

  /** Show the view the URL describes: on the first load, and on Back and Forward. */
  async function applyUrl({ initial } = { initial: false }) {
    const params = new URLSearchParams(window.location.search);
    setFilterForm(params);
    const wanted = filterParams();
    const filtersChanged = initial || wanted.toString() !== state.params.toString();
    state.params = wanted;
    state.brush = parseBrush(params.get("brush"));
    state.lastChange = null;
    const id = params.get("event");
    if (filtersChanged) await loadEvents({ fit: true });
    else render({ fit: false });
    if (id && id !== state.eventId) openEvent(id, undefined, { history: "none" });
    else if (!id && state.eventId) closePanel({ history: "none" });
  }

  /** Apply the filter form: load its events and record the view (a new history entry). */
  function applyFilters(coalesce) {
    state.params = filterParams();
    writeUrl("push", coalesce);
    loadEvents({ fit: true });
  }

  /** The export endpoint's parameters for what is shown: the filters, narrowed to the
   * timeline's selection (the later of the two first days, the earlier of the last days). */
  function exportParams(format) {
    const params = new URLSearchParams(state.params);
    if (state.brush) {
      const since = params.get("since");
      const until = params.get("until");
      params.set("since", since && since > state.brush[0] ? since : state.brush[0]);
      params.set("until", until && until < state.brush[1] ? until : state.brush[1]);
    }
    params.set("format", format);
    return params;
  }

  function renderDownloads() {
    for (const link of document.querySelectorAll("#download a[data-format]")) {
      link.href = "api/export?" + exportParams(link.dataset.format).toString();
    }
  }

  /** A store with private reads wants the token with every read; a link cannot send it, so
   * the file is fetched with it and handed to the browser as a download. */
  async function downloadWithToken(event) {
    const link = event.target.closest("#download a[data-format]");
    if (!link || !state.config || state.config.public_read || !token()) return;
    event.preventDefault();
    try {
      const response = await fetch(link.href, { headers: { Authorization: "Bearer " + token() } });
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const disposition = response.headers.get("Content-Disposition") || "";
      const name = (disposition.match(/filename="?([^";]+)"?/) || [])[1] || "sitrep-events";
      const url = URL.createObjectURL(await response.blob());
      const save = el("a", { href: url, download: name });
      document.body.append(save);
      save.click();
      save.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setStatus(`Could not download: ${err.message}`, true);
    }
  }

  // ---------------------------------------------------------------- map

  const EventIcon = L.DivIcon.extend({
    /* Builds its content with DOM calls each time: no HTML strings. */
    createIcon(oldIcon) {
      const div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
      div.textContent = this.options.label || "";
      div.setAttribute("aria-label", this.options.ariaLabel || "");
      if (this.options.eventId) div.dataset.id = this.options.eventId;
      return div;
    },
  });

  function diameter(deaths, base, max, step = 5) {
    return Math.min(max, Math.round(base + step * Math.sqrt(Math.max(0, deaths))));
  }

  function markerFor(ev) {
    const loc = place(ev);
    const deaths = fatalities(ev);
    const size = diameter(deaths, 14, 46);
    const label = `${ev.sub_event_type} in ${placeLabel(ev)}, ${ev.event_date || "undated"}, ` +
      `${deaths} fatalities. Press Enter for the evidence.`;
    const marker = L.marker([loc.latitude, loc.longitude], {
      icon: new EventIcon({
        className: `ev-marker ${typeClass(ev.event_type)}${ev.review === "confirmed" ? " is-confirmed" : ""}`,
        iconSize: [size, size],
        label: deaths > 0 && size >= 22 ? String(deaths) : "",
        ariaLabel: label,
        eventId: ev.event_id,
      }),
      keyboard: true,
      title: `${ev.sub_event_type} — ${placeLabel(ev)}`,
      riseOnHover: true,
    });
    marker.eventId = ev.event_id;
    marker.deaths = deaths;
    marker.eventType = ev.event_type;
    marker.on("click", () => openEvent(ev.event_id, marker.getElement()));
    // Leaflet focuses markers (role=button) but turns no key into a click: Enter or Space.
    marker.on("keypress", (e) => {
      const key = e.originalEvent;
      if (key && (key.key === "Enter" || key.key === " ")) {
        key.preventDefault();
        openEvent(ev.event_id, marker.getElement());
      }
    });
    return marker;
  }

  function clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    let deaths = 0;
    const byType = new Map();
    for (const m of children) {
      deaths += m.deaths || 0;
      byType.set(m.eventType, (byType.get(m.eventType) || 0) + 1);
    }
    const dominant = [...byType.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const size = diameter(deaths, 26, 58, 3.5);
    return new EventIcon({
      className: `ev-cluster ${typeClass(dominant)}`,
      iconSize: [size, size],
      label: String(children.length),
      ariaLabel: `${children.length} events, ${deaths} fatalities, mostly ${dominant}. ` +
        "Press Enter to zoom in.",
    });
  }

  async function addOutlines() {
    const canvas = L.canvas({ padding: 0.5 });
    const layers = {};
    try {
      const world = await (await fetch("static/vendor/world-atlas/countries-50m.json")).json();
      const countries = topojson.feature(world, world.objects.countries);
      layers.land = L.geoJSON(countries, {
        renderer: canvas, interactive: false,
        style: { color: "#a79f8d", weight: 0.8, fillColor: "#f3efe6", fillOpacity: 1 },
      });
    } catch (err) {
      setStatus(`Country outlines could not load: ${err.message}`, true);
    }
    try {
      const topo = await (await fetch("static/vendor/admin1/admin1-lines.json")).json();
      layers.admin1 = L.geoJSON(topojson.feature(topo, topo.objects.admin1), {
        renderer: canvas, interactive: false,
        style: { color: "#c9c0ac", weight: 0.6, dashArray: "3 3" },
      });
    } catch (_err) {
      layers.admin1 = null; // the countries still show; admin-1 lines are a bonus
    }
    return layers;
  }

  async function initMap() {
    map = L.map("map", {
      zoomControl: true, worldCopyJump: true, minZoom: 1, maxZoom: 13,
      attributionControl: true, keyboard: true, zoomSnap: 0.5,
    }).setView([20, 20], 2);
    map.getContainer().setAttribute("aria-label",
      "Map of events. Use the arrow keys to pan and plus or minus to zoom; Tab reaches the markers.");
    map.attributionControl.setPrefix(
      '<a href="https://leafletjs.com" rel="noreferrer">Leaflet</a>');
    // The full data attribution (GeoNames and the rest) is in the footer, from /api/config.
    map.attributionControl.addAttribution(escapeHtml("Outlines: Natural Earth (public domain)"));

    clusters = L.markerClusterGroup({
      iconCreateFunction: clusterIcon,
      showCoverageOnHover: false,
      maxClusterRadius: 44,
      spiderfyOnMaxZoom: true,
      zoomToBoundsOnClick: true,
      chunkedLoading: true,
    });
    map.addLayer(clusters);

    const outlines = await addOutlines();
    const tileUrl = state.config && state.config.tile_url;
    const bases = {};
    if (outlines.land) bases["Outlines (offline)"] = outlines.land;
    if (tileUrl) {
      // The user's own tile server: the default base layer, with the outlines one click away.
      const credit = (state.config.attribution || "").split("\n").find((l) => l.startsWith("Map tiles:"));
      const tiles = L.tileLayer(tileUrl, { maxZoom: 18, attribution: escapeHtml(credit || `Map tiles: ${tileUrl}`) });
      bases["Tiles (online)"] = tiles;
      tiles.addTo(map);
      L.control.layers(bases, null, { position: "topright" }).addTo(map);
    } else if (outlines.land) {
      outlines.land.addTo(map);
    }
    const admin1 = outlines.admin1;
    const syncAdmin1 = () => {
      if (!admin1) return;
      const want = map.getZoom() >= ADMIN1_MIN_ZOOM && outlines.land && map.hasLayer(outlines.land);
      if (want && !map.hasLayer(admin1)) admin1.addTo(map);
      if (!want && map.hasLayer(admin1)) map.removeLayer(admin1);
    };
    map.on("zoomend baselayerchange", syncAdmin1);
    syncAdmin1();
    buildLegend();
  }

  function buildLegend() {
    const legend = $("legend");
    legend.replaceChildren(
      el("p", { class: "legend-title", text: "Event type" }),
      el("ul", { class: "legend-types" }, ...EVENT_TYPES.map((type) => el("li", {},
        el("span", { class: `swatch ${typeClass(type)}`, "aria-hidden": "true" }),
        el("span", { text: type }),
        el("span", { class: "legend-count", "data-type": type }))),
      ),
      el("p", { class: "legend-size" },
        el("span", { class: "size-dot small", "aria-hidden": "true" }),
        el("span", { class: "size-dot large", "aria-hidden": "true" }),
        "size: fatalities"),
    );
  }

  function renderMarkers(events, fit) {
    const old = [...markersById.values()];
    clusters.clearLayers();
    // A zoomToShowLayer still animating for an old marker tests map.hasLayer(marker.__parent)
    // when the animation ends; clearLayers has unset it, so give it a layer that is on no map.
    for (const marker of old) if (!marker.__parent) marker.__parent = DETACHED;
    markersById.clear();
    const markers = [];
    for (const ev of events) {
      const loc = place(ev);
      if (!loc || !Number.isFinite(loc.latitude) || !Number.isFinite(loc.longitude)) continue;
      const marker = markerFor(ev);
      markersById.set(ev.event_id, marker);
      markers.push(marker);
    }
    clusters.addLayers(markers);
    $("map").dataset.markers = String(markers.length);
    if (fit && markers.length) {
      const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
      map.fitBounds(bounds.pad(0.15), { maxZoom: 7, animate: false });
    }
    const counts = new Map();
    for (const ev of events) counts.set(ev.event_type, (counts.get(ev.event_type) || 0) + 1);
    for (const node of document.querySelectorAll(".legend-count")) {
      node.textContent = String(counts.get(node.dataset.type) || 0);
    }
  }

  // ---------------------------------------------------------------- list

  function renderList(events) {
    const list = $("event-list");
    const items = events.map((ev) => {
      const a1 = actor(ev, "actor1");
      const a2 = actor(ev, "actor2");
      const who = [a1 && a1.name, a2 && a2.name].filter(Boolean).join(" vs ");
      const deaths = fatalities(ev);
      const button = el("button", {
        type: "button", class: "event-item", "data-id": ev.event_id,
        "aria-current": state.current && state.current.event.event_id === ev.event_id ? "true" : null,
      },
      el("span", { class: `dot ${typeClass(ev.event_type)}`, "aria-hidden": "true" }),
      el("span", { class: "ei-main" },
        el("span", { class: "ei-title", text: `${ev.sub_event_type} · ${placeLabel(ev)}` }),
        el("span", { class: "ei-sub", text: [ev.event_date || "undated", who].filter(Boolean).join(" · ") }),
        el("span", { class: "ei-src", text: (ev.article && ev.article.outlet) || "" })),
      el("span", { class: "ei-deaths", title: "fatalities", text: deaths ? String(deaths) : "" },
        deaths ? el("span", { class: "visually-hidden", text: " fatalities" }) : null),
      ev.review !== "unreviewed" ? el("span", { class: `badge review-${ev.review}`, text: ev.review }) : null);
      return el("li", {}, button);
    });
    list.replaceChildren(...items);
    $("list-count").textContent = `(${events.length})`;
  }

  // ---------------------------------------------------------------- timeline

  const DAY = 86400000;
  const toTime = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  const toIso = (time) => new Date(time).toISOString().slice(0, 10);

  function binStart(time, unit) {
    const d = new Date(time);
    if (unit === "day") return time;
    if (unit === "week") return time - ((d.getUTCDay() + 6) % 7) * DAY;
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }

  function nextBin(time, unit) {
    if (unit === "day") return time + DAY;
    if (unit === "week") return time + 7 * DAY;
    const d = new Date(time);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }

  function makeBins(events) {
    const dated = events.filter((ev) => ev.event_date);
    if (!dated.length) return null;
    const times = dated.map((ev) => toTime(ev.event_date));
    const min = Math.min(...times);
    const max = Math.max(...times);
    const span = (max - min) / DAY;
    const unit = span <= 92 ? "day" : span <= 730 ? "week" : "month";
    const bins = [];
    const index = new Map();
    for (let t = binStart(min, unit); t <= max; t = nextBin(t, unit)) {
      index.set(t, bins.length);
      bins.push({ start: t, end: nextBin(t, unit) - DAY, events: 0, fatalities: 0 });
    }
    for (const ev of dated) {
      const bin = bins[index.get(binStart(toTime(ev.event_date), unit))];
      bin.events += 1;
      bin.fatalities += fatalities(ev);
    }
    return { unit, bins };
  }

  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  /** Candidate ticks, each with a rank: a year (and the first bin, which names its year)
   * outranks a month, which outranks a day. Placing the ranks in that order means a range
   * that spans years always shows them, however narrow the timeline. */
  function tickCandidates(bins, unit) {
    const found = [];
    bins.forEach((bin, i) => {
      const d = new Date(bin.start);
      const year = d.getUTCFullYear();
      const month = d.getUTCMonth();
      const pd = i ? new Date(bins[i - 1].start) : null;
      if (unit === "month") {
        if (!pd || pd.getUTCFullYear() !== year) found.push({ i, rank: 3, text: String(year) });
        else if (month % 3 === 0) found.push({ i, rank: 1, text: MONTHS[month] });
      } else if (!pd) {
        found.push({ i, rank: 3, text: `${MONTHS[month]} ${year}` });
      } else if (pd.getUTCFullYear() !== year) {
        found.push({ i, rank: 3, text: String(year) });
      } else if (pd.getUTCMonth() !== month) {
        found.push({ i, rank: 2, text: MONTHS[month] });
      } else if (unit === "day" && d.getUTCDate() % 7 === 1) {
        found.push({ i, rank: 1, text: String(d.getUTCDate()) });
      }
    });
    return found;
  }

  /** The ticks that fit without overlapping, higher ranks first, in order along the axis. */
  function placeTicks(candidates, x, right) {
    const width = (tick) => 6.5 * tick.text.length + 8; // 10px labels, a gap after each
    const placed = [];
    const ordered = [...candidates].sort((a, b) => b.rank - a.rank || a.i - b.i);
    for (const tick of ordered) {
      const from = x(tick.i);
      const to = from + width(tick);
      if (to - 8 > right) continue;
      if (placed.some((p) => from < x(p.i) + width(p) && x(p.i) < to)) continue;
      placed.push(tick);
    }
    return placed.sort((a, b) => a.i - b.i);
  }

  function renderTimeline() {
    const node = $("timeline");
    const width = Math.max(240, node.clientWidth || 600);
    const height = Math.max(80, node.clientHeight || 120);
    node.setAttribute("viewBox", `0 0 ${width} ${height}`);
    node.replaceChildren();
    const made = makeBins(state.events);
    if (!made) {
      state.timeline = null;
      node.append(svg("text", { x: 12, y: height / 2, class: "tl-empty", text: "No dated events" }));
      return;
    }
    const { unit, bins } = made;
    const m = { left: 34, right: 40, top: 10, bottom: 22 };
    const plotW = width - m.left - m.right;
    const plotH = height - m.top - m.bottom;
    const bw = plotW / bins.length;
    const maxEvents = Math.max(1, ...bins.map((b) => b.events));
    const maxDeaths = Math.max(1, ...bins.map((b) => b.fatalities));
    const yE = (v) => m.top + plotH - (v / maxEvents) * plotH;
    // Fatalities on a square-root scale: one mass-casualty report would flatten the rest.
    const yF = (v) => m.top + plotH - Math.sqrt(v / maxDeaths) * plotH;
    state.timeline = { unit, bins, left: m.left, bw, width, height };

    const inBrush = (bin) => !state.brush ||
      (toIso(bin.end) >= state.brush[0] && toIso(bin.start) <= state.brush[1]);

    const axis = svg("g", { class: "tl-axis" });
    axis.append(svg("line", { x1: m.left, x2: width - m.right, y1: m.top + plotH, y2: m.top + plotH }));
    axis.append(svg("text", { x: m.left - 6, y: m.top + 8, class: "tl-y tl-y-events", text: maxEvents }));
    axis.append(svg("text", { x: width - m.right + 6, y: m.top + 8, class: "tl-y tl-y-deaths", text: maxDeaths }));
    for (const tick of placeTicks(tickCandidates(bins, unit), (i) => m.left + i * bw, width)) {
      const x = m.left + tick.i * bw;
      axis.append(svg("line", { x1: x, x2: x, y1: m.top + plotH, y2: m.top + plotH + 4 }));
      axis.append(svg("text", { x: x + 2, y: height - 6, class: "tl-tick", text: tick.text }));
    }
    node.append(axis);

    const bars = svg("g", { class: "tl-bars" });
    bins.forEach((bin, i) => {
      if (!bin.events) return;
      const y = yE(bin.events);
      const rect = svg("rect", {
        x: m.left + i * bw + Math.min(1, bw * 0.1), y, width: Math.max(1, bw - Math.min(2, bw * 0.2)),
        height: m.top + plotH - y, class: inBrush(bin) ? "tl-bar" : "tl-bar is-out",
      });
      rect.append(svg("title", { text: `${toIso(bin.start)}: ${bin.events} events, ${bin.fatalities} fatalities` }));
      bars.append(rect);
    });
    node.append(bars);

    let path = "";
    bins.forEach((bin, i) => {
      const x = m.left + (i + 0.5) * bw;
      path += `${i ? "L" : "M"}${x.toFixed(1)},${yF(bin.fatalities).toFixed(1)}`;
    });
    node.append(svg("path", { d: path, class: "tl-deaths" }));
    const dots = svg("g", { class: "tl-dots" });
    bins.forEach((bin, i) => {
      if (!bin.fatalities) return;
      dots.append(svg("circle", { cx: m.left + (i + 0.5) * bw, cy: yF(bin.fatalities), r: 2.5 }));
    });
    node.append(dots);

    if (state.brush) {
      const [i0, i1] = brushIndices();
      if (i0 !== null) {
        node.append(svg("rect", {
          x: m.left + i0 * bw, y: m.top - 4, width: (i1 - i0 + 1) * bw, height: plotH + 4,
          class: "tl-brush",
        }));
      }
    }
    const live = state.brushDrag;
    if (live) {
      const a = Math.min(live.from, live.to);
      const b = Math.max(live.from, live.to);
      node.append(svg("rect", {
        x: m.left + a * bw, y: m.top - 4, width: (b - a + 1) * bw, height: plotH + 4, class: "tl-brush is-live",
      }));
    }
  }

  function brushIndices() {
    const t = state.timeline;
    if (!t || !state.brush) return [null, null];
    let i0 = null;
    let i1 = null;
    t.bins.forEach((bin, i) => {
      if (toIso(bin.end) >= state.brush[0] && toIso(bin.start) <= state.brush[1]) {
        if (i0 === null) i0 = i;
        i1 = i;
      }
    });
    return [i0, i1];
  }

  function binAt(clientX) {
    const t = state.timeline;
    const box = $("timeline").getBoundingClientRect();
    const x = ((clientX - box.left) / box.width) * t.width;
    return Math.max(0, Math.min(t.bins.length - 1, Math.floor((x - t.left) / t.bw)));
  }

  /** Select bins i0..i1 of the timeline (null: none) and record it (see writeUrl). */
  function setBrush(i0, i1, coalesce) {
    const t = state.timeline;
    if (i0 === null || !t) {
      state.brush = null;
    } else {
      const a = Math.max(0, Math.min(i0, i1));
      const b = Math.min(t.bins.length - 1, Math.max(i0, i1));
      state.brush = [toIso(t.bins[a].start), toIso(t.bins[b].end)];
    }
    writeUrl("push", coalesce);
    render({ fit: false });
  }

  function initTimeline() {
    const node = $("timeline");
    node.addEventListener("pointerdown", (event) => {
      if (!state.timeline || event.button !== 0) return;
      const i = binAt(event.clientX);
      state.brushDrag = { from: i, to: i, moved: false };
      node.setPointerCapture(event.pointerId);
      event.preventDefault();
      node.focus({ preventScroll: true });
    });
    node.addEventListener("pointermove", (event) => {
      const drag = state.brushDrag;
      if (!drag) return;
      const i = binAt(event.clientX);
      if (i !== drag.to) {
        drag.to = i;
        drag.moved = true;
        renderTimeline();
      }
    });
    const finish = (event) => {
      const drag = state.brushDrag;
      if (!drag) return;
      state.brushDrag = null;
      if (node.hasPointerCapture(event.pointerId)) node.releasePointerCapture(event.pointerId);
      if (!drag.moved && state.brush) setBrush(null);
      else setBrush(drag.from, drag.to);
    };
    node.addEventListener("pointerup", finish);
    node.addEventListener("pointercancel", () => {
      state.brushDrag = null;
      renderTimeline();
    });
    node.addEventListener("keydown", (event) => {
      const t = state.timeline;
      if (!t) return;
      const last = t.bins.length - 1;
      let [i0, i1] = brushIndices();
      if (event.key === "Escape" && state.brush) {
        event.stopPropagation();
        setBrush(null);
        return;
      }
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      event.preventDefault();
      const step = event.key === "ArrowRight" ? 1 : -1;
      if (i0 === null) {
        i0 = i1 = step > 0 ? 0 : last;
      } else if (event.shiftKey) {
        if (step > 0) i1 = Math.min(last, i1 + 1);
        else i0 = Math.max(0, i0 - 1);
      } else if ((step > 0 && i1 < last) || (step < 0 && i0 > 0)) {
        i0 += step;
        i1 += step;
      }
      setBrush(i0, i1, "brush-keys");
    });
    $("brush-clear").addEventListener("click", () => setBrush(null));
    window.addEventListener("resize", debounce(() => renderTimeline(), 150));
  }

  // ---------------------------------------------------------------- render

  function visibleEvents() {
    if (!state.brush) return state.events;
    const [since, until] = state.brush;
    return state.events.filter((ev) => ev.event_date && ev.event_date >= since && ev.event_date <= until);
  }

  function render({ fit }) {
    const visible = visibleEvents();
    renderMarkers(visible, fit);
    renderList(visible);
    renderTimeline();
    const brushed = Boolean(state.brush);
    if (brushed) $("timeline").dataset.brush = state.brush.join("..");
    else delete $("timeline").dataset.brush;
    $("brush-clear").hidden = !brushed;
    $("brush-label").textContent = brushed ? `Showing ${state.brush[0]} to ${state.brush[1]}` : "";
    let text = `${state.total} event${state.total === 1 ? "" : "s"}`;
    if (state.events.length < state.total) text += ` (first ${state.events.length} loaded)`;
    if (brushed) text += `, ${visible.length} in the selected period`;
    setStatus(text);
    renderDownloads();
    document.body.dataset.loaded = String(state.loadSeq);
  }

  // ---------------------------------------------------------------- panel

  function clearNode(id) {
    const node = $(id);
    node.replaceChildren();
    return node;
  }

  function spanKey(span) {
    return `${span.start}-${span.end}`;
  }

  /** The article text as text nodes and <mark> elements cut at every evidence boundary. */
  function renderArticleText(text, spans) {
    const box = clearNode("article-text");
    const valid = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) &&
      s.start >= 0 && s.end <= text.length && s.start < s.end);
    const cuts = new Set([0, text.length]);
    for (const s of valid) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      const piece = text.slice(a, b);
      const covering = valid.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) {
        box.append(document.createTextNode(piece));
        continue;
      }
      covering.sort((x, y) => (x.end - x.start) - (y.end - y.start));
      const fields = [...new Set(covering.map((s) => s.field))];
      box.append(el("mark", {
        class: `ev ${fieldClass(covering[0].field)}`,
        "data-spans": [...new Set(covering.map(spanKey))].join(" "),
        "data-fields": fields.join(" "),
        title: fields.map((f) => FIELD_LABELS[f] || f).join(", "),
        text: piece,
      }));
    }
    box.dataset.marks = String(valid.length);
  }

  function jumpTo(span) {
    const marks = [...document.querySelectorAll("#article-text mark")]
      .filter((m) => (m.dataset.spans || "").split(" ").includes(spanKey(span)));
    if (!marks.length) return;
    for (const m of document.querySelectorAll("#article-text mark.is-flash")) m.classList.remove("is-flash");
    for (const m of marks) m.classList.add("is-flash");
    marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function evidenceChips(spans) {
    if (!spans.length) return null;
    return el("span", { class: "chips" }, ...spans.map((s) => {
      const chip = el("button", {
        type: "button", class: `chip ${fieldClass(s.field)}`,
        "aria-label": `Show “${s.text}” in the article`, text: `“${s.text}”`,
      });
      chip.addEventListener("click", () => jumpTo(s));
      return chip;
    }));
  }

  function fieldRow(list, label, value, spans, extraClass) {
    list.append(
      el("dt", { class: extraClass || null }, label),
      el("dd", {}, el("span", { class: "value", text: value }), evidenceChips(spans || [])),
    );
  }

  function renderFields(ev, evidence) {
    const list = clearNode("fields");
    const of = (field) => evidence.filter((s) => s.field === field);
    const date = ev.event_date ? `${ev.event_date} (${ev.date_precision || "day"})` : "undated";
    fieldRow(list, "Date", date, of("event_date"));
    fieldRow(list, "Type", `${ev.event_type} — ${ev.sub_event_type}`,
      [...of("event_type"), ...of("sub_event_type")]);
    for (const role of ["actor1", "assoc_actor_1", "actor2", "assoc_actor_2"]) {
      const a = actor(ev, role);
      if (!a && role.startsWith("assoc")) continue;
      const text = a ? `${a.name} (${a.kind}${a.country ? ", " + a.country : ""})` : "—";
      const spans = of(role);
      if (a && !spans.length) {
        for (const m of a.mentions || []) spans.push({ ...m, field: role });
      }
      fieldRow(list, FIELD_LABELS[role], text, spans);
    }
    const loc = place(ev);
    // A place known only by name (no gazetteer point) has no coordinates and no precision.
    const point = loc && Number.isFinite(loc.latitude) && Number.isFinite(loc.longitude)
      ? `${loc.latitude.toFixed(3)}, ${loc.longitude.toFixed(3)}; precision ${loc.geo_precision}`
      : "no point on the map";
    const locText = loc ? `${placeLabel(ev)} (${point})` : "—";
    fieldRow(list, "Location", locText, of("location"));
    for (const field of ["fatalities", "wounded", "captured"]) {
      fieldRow(list, FIELD_LABELS[field], countText(ev[field]), of(field));
    }
    if (ev.civilian_harm) fieldRow(list, "Civilian harm", "yes", []);
    fieldRow(list, "Notes", ev.notes || "—", []);
    fieldRow(list, "Confidence", typeof ev.confidence === "number" ? ev.confidence.toFixed(2) : "—", []);
    fieldRow(list, "Review", ev.review + (ev.corrected ? " · corrected" : ""), [], "review-row");
  }

  function renderClaims(ev) {
    const body = $("claims").tBodies[0];
    body.replaceChildren();
    for (const c of ev.claims || []) {
      const quote = el("button", { type: "button", class: "link", text: c.quote });
      quote.addEventListener("click", () => jumpTo(c));
      body.append(el("tr", {},
        el("td", { text: FIELD_LABELS[c.field] || c.field }),
        el("td", { text: valueText(c.value) }),
        el("td", { text: c.claimant }),
        el("td", { text: c.via || "—" }),
        el("td", {}, quote)));
    }
    if (!body.rows.length) {
      body.append(el("tr", {}, el("td", { colspan: 5, class: "empty", text: "No attributed claims." })));
    }
  }

  function renderIncident(detail) {
    const box = clearNode("incident-figures");
    const others = clearNode("others");
    const incident = detail.incident;
    if (!incident) {
      box.append(el("p", { class: "empty", text: "No other report of this incident is stored." }));
      return;
    }
    box.append(el("p", { class: "incident-summary",
      text: `${incident.events.length} report${incident.events.length === 1 ? "" : "s"} ` +
        `(${(incident.sources || []).join(", ") || "sources unknown"}); fatalities ` +
        `${countText(incident.fatalities)} across the reports.` }));
    const figures = incident.figures || [];
    if (figures.length) {
      const contradicted = new Set((incident.contradictions || []).map((f) => `${f.event_id}|${f.field}|${f.value}`));
      const table = el("table", { class: "claims figures" },
        el("thead", {}, el("tr", {}, ...["Figure", "Value", "Claimant", "Via", "Outlet"]
          .map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, ...figures.map((f) => el("tr", {
          class: contradicted.has(`${f.event_id}|${f.field}|${f.value}`) ? "is-contradiction" : null,
        },
        el("td", { text: FIELD_LABELS[f.field] || f.field }),
        el("td", { text: String(f.value) + (f.party ? ` (${f.party})` : "") }),
        el("td", { text: f.claimant }),
        el("td", { text: f.via || "—" }),
        el("td", { text: f.outlet || "—" })))));
      box.append(el("div", { class: "table-scroll" }, table));
    }
    for (const other of detail.others || []) {
      const button = el("button", { type: "button", class: "link other", "data-id": other.event_id,
        text: `${(other.article && other.article.outlet) || "Unknown outlet"} · ${other.event_date || "undated"} · ` +
          `${other.sub_event_type} · ${fatalities(other)} fatalities` });
      button.addEventListener("click", () => openEvent(other.event_id));
      others.append(el("li", {}, button));
    }
  }

  function renderHistory(corrections) {
    const list = clearNode("history");
    for (const c of corrections || []) {
      list.append(el("li", {},
        el("span", { class: "when", text: (c.at || "").replace("T", " ").slice(0, 16) }),
        ` ${c.reviewer || "reviewer"}: ${FIELD_LABELS[c.field] || c.field} `,
        el("span", { class: "before", text: valueText(c.before) }),
        " → ",
        el("span", { class: "after", text: valueText(c.after) }),
        c.why ? el("span", { class: "why", text: ` — ${c.why}` }) : null));
    }
    if (!list.children.length) list.append(el("li", { class: "empty", text: "Not reviewed yet." }));
  }

  function renderArticleMeta(article) {
    const meta = clearNode("article-meta");
    meta.append(el("strong", { text: article.title || "(untitled)" }));
    const bits = [article.outlet, article.published].filter(Boolean).join(" · ");
    if (bits) meta.append(el("span", { text: " — " + bits }));
    const href = article.url ? safeUrl(article.url) : null;
    if (href) {
      meta.append(" ", el("a", { href, rel: "noreferrer noopener", target: "_blank", text: "source" }));
    }
  }

  /** Open event `id` in the panel. `history`: "push" a new history entry for it (a click),
   * or "none" (the URL already names it). `keepScroll` keeps the panel where the reader is
   * (after a review); otherwise it shows the article's first highlighted span. */
  async function openEvent(id, opener, { history = "push", keepScroll = false } = {}) {
    const seq = ++state.openSeq;
    const kept = [$("panel-body").scrollTop, $("article-text").scrollTop];
    state.eventId = id;
    if (history !== "none") writeUrl(history);
    if (opener !== undefined || $("panel").hidden) {
      state.opener = opener || document.activeElement;
    }
    const panel = $("panel");
    panel.hidden = false;
    panel.setAttribute("aria-busy", "true");
    document.body.classList.add("panel-open");
    $("panel-title").textContent = "Loading…";
    let detail;
    let article;
    try {
      detail = await api(`api/events/${encodeURIComponent(id)}`);
      article = await api(`api/articles/${encodeURIComponent(detail.event.article_id)}`);
    } catch (err) {
      if (seq !== state.openSeq) return;
      $("panel-title").textContent = `Could not load the event: ${err.message}`;
      panel.removeAttribute("aria-busy");
      return;
    }
    if (seq !== state.openSeq) return;
    state.current = detail;
    const ev = detail.event;
    panel.dataset.eventId = ev.event_id;
    $("panel-kicker").textContent = `${ev.event_type} · ${ev.event_date || "undated"}`;
    $("panel-title").textContent = `${ev.sub_event_type} in ${placeLabel(ev)}`;
    const evidence = (article.evidence || []).filter((s) => s.event_id === ev.event_id);
    renderFields(ev, evidence);
    renderArticleMeta(article.article);
    renderArticleText(article.article.text || "", evidence);
    renderClaims(ev);
    renderIncident(detail);
    renderHistory(detail.corrections);
    fillCorrectionField();
    panel.removeAttribute("aria-busy");
    for (const node of document.querySelectorAll(".event-item")) {
      if (node.dataset.id === ev.event_id) node.setAttribute("aria-current", "true");
      else node.removeAttribute("aria-current");
    }
    for (const node of document.querySelectorAll(".ev-marker.is-selected")) node.classList.remove("is-selected");
    const marker = markersById.get(ev.event_id);
    const fromMap = state.opener && state.opener.classList && state.opener.classList.contains("ev-marker");
    if (marker && !fromMap) {
      clusters.zoomToShowLayer(marker, () => revealMarker(marker));
    } else if (marker) {
      revealMarker(marker);
    }
    if (keepScroll) [$("panel-body").scrollTop, $("article-text").scrollTop] = kept;
    else revealFirstMark();
    $("panel-title").focus({ preventScroll: true });
  }

  /** Bring the article's first highlighted span into view: within the article's own box
   * (it scrolls on laptops), with a line of text above it, and then within the panel if
   * the span is below (or above) what the panel shows; the fields stay in view if it fits. */
  function revealFirstMark() {
    const body = $("panel-body");
    const box = $("article-text");
    body.scrollTop = 0;
    box.scrollTop = 0;
    const mark = box.querySelector("mark");
    if (!mark) return;
    const line = Number.parseFloat(window.getComputedStyle(box).lineHeight) || 20;
    box.scrollTop = mark.getBoundingClientRect().top - box.getBoundingClientRect().top - line;
    const shown = body.getBoundingClientRect();
    const at = mark.getBoundingClientRect();
    if (at.bottom > shown.bottom || at.top < shown.top) {
      body.scrollTop += at.top - shown.top - Math.min(shown.height / 3, 4 * line);
    }
  }

  /** Mark the open event's marker and pan it out from under the panel (laptop layout). */
  function revealMarker(marker) {
    if ($("panel").hidden || !state.current || state.current.event.event_id !== marker.eventId) return;
    const icon = marker.getElement();
    if (icon) icon.classList.add("is-selected");
    marker.setZIndexOffset(1000);
    const mapBox = map.getContainer().getBoundingClientRect();
    const panelBox = $("panel").getBoundingClientRect();
    const visibleRight = Math.min(mapBox.width, panelBox.left - mapBox.left);
    if (visibleRight < mapBox.width * 0.3) return; // the panel covers the map (phones)
    const point = map.latLngToContainerPoint(marker.getLatLng());
    if (point.x > visibleRight - 40 || point.x < 40) {
      map.panBy([point.x - visibleRight / 2, 0], { animate: false });
    }
  }

  /** Close the panel; `history` as for openEvent. */
  function closePanel({ history = "push" } = {}) {
    const panel = $("panel");
    state.eventId = null;
    if (history !== "none") writeUrl(history);
    if (panel.hidden) return;
    state.openSeq++;
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    const id = state.current && state.current.event.event_id;
    state.current = null;
    for (const node of document.querySelectorAll(".ev-marker.is-selected")) node.classList.remove("is-selected");
    if (id && markersById.has(id)) markersById.get(id).setZIndexOffset(0);
    const opener = state.opener;
    state.opener = null;
    let target = opener && document.contains(opener) ? opener : null;
    if (!target && id) target = document.querySelector(`.event-item[data-id="${CSS.escape(id)}"]`);
    if (target) target.focus();
  }

  // ---------------------------------------------------------------- review

  function reviewStatus(text, isError) {
    const node = $("review-status");
    node.textContent = text;
    node.classList.toggle("is-error", Boolean(isError));
  }

  function syncSignedIn() {
    const signedIn = Boolean(token());
    $("verdict-form").hidden = !signedIn;
    $("correction-form").hidden = !signedIn;
    $("token-forget").hidden = !signedIn;
    $("token").value = token();
    $("token").placeholder = signedIn ? "" : "Paste your reviewer token";
  }

  function input(attrs) {
    return el("input", attrs);
  }

  function labelled(text, control) {
    return el("label", { class: "stack" }, text, control);
  }

  /** The value inputs of the correction form for the chosen field, filled with the current value. */
  function fillCorrectionField() {
    const box = clearNode("corr-value");
    const field = $("corr-field").value;
    const ev = state.current && state.current.event;
    if (!ev) return;
    if (field === "sub_event_type") {
      const select = el("select", { name: "sub_event_type", "aria-label": "Sub-event type" });
      for (const type of EVENT_TYPES) {
        select.append(el("optgroup", { label: type },
          ...SUB_TYPES[type].map((s) => el("option", { value: s, text: s }))));
      }
      select.value = ev.sub_event_type;
      box.append(labelled("New sub-event type (sets the event type too)", select));
    } else if (field === "event_date") {
      box.append(labelled("New date", input({ type: "date", name: "date", value: ev.event_date || "" })));
    } else if (field === "actor1" || field === "actor2") {
      const a = actor(ev, field);
      const kind = el("select", { name: "kind" }, el("option", { value: "", text: "keep the current kind" }),
        ...ACTOR_KINDS.map((k) => el("option", { value: k, text: k })));
      box.append(labelled("Canonical name", input({ name: "name", value: a ? a.name : "", autocomplete: "off" })),
        labelled("Kind", kind));
    } else if (field === "location") {
      const loc = place(ev) || {};
      box.append(
        labelled("Place name", input({ name: "name", value: loc.name || "" })),
        el("div", { class: "row" },
          labelled("Latitude", input({ name: "latitude", type: "number", step: "any", min: -90, max: 90,
            value: loc.latitude ?? "" })),
          labelled("Longitude", input({ name: "longitude", type: "number", step: "any", min: -180, max: 180,
            value: loc.longitude ?? "" }))),
        el("div", { class: "row" },
          labelled("Admin 1", input({ name: "admin1", value: loc.admin1 || "" })),
          labelled("Country code (ISO 3)", input({ name: "country_code", value: loc.country_code || "",
            maxlength: 3 }))));
    } else if (field === "fatalities" || field === "wounded" || field === "captured") {
      const c = ev[field] || {};
      box.append(el("div", { class: "row" },
        labelled("Best", input({ name: "best", type: "number", min: 0, step: 1, value: c.best ?? "" })),
        labelled("Low", input({ name: "low", type: "number", min: 0, step: 1, value: c.low ?? "" })),
        labelled("High", input({ name: "high", type: "number", min: 0, step: 1, value: c.high ?? "" }))));
    } else if (field === "notes") {
      box.append(labelled("Notes", el("textarea", { name: "notes", rows: 3, text: ev.notes || "" })));
    } else if (field === "civilian_harm") {
      const select = el("select", { name: "civilian_harm" },
        el("option", { value: "true", text: "yes" }), el("option", { value: "false", text: "no" }));
      select.value = ev.civilian_harm ? "true" : "false";
      box.append(labelled("Civilian harm", select));
    }
    if (REMOVABLE.has(field)) {
      box.append(el("label", { class: "inline" }, input({ type: "checkbox", name: "remove" }),
        " Remove this value (the report does not support it)"));
    }
  }

  function correctionValue(form, field) {
    const get = (name) => {
      const node = form.elements.namedItem(name);
      return node ? String(node.value).trim() : "";
    };
    const remove = form.elements.namedItem("remove");
    if (remove && remove.checked) return null;
    const int = (name) => (get(name) === "" ? undefined : Number.parseInt(get(name), 10));
    switch (field) {
      case "sub_event_type": return get("sub_event_type");
      case "event_date": return get("date");
      case "actor1":
      case "actor2": {
        const value = { name: get("name") };
        if (get("kind")) value.kind = get("kind");
        return value;
      }
      case "location": {
        const value = { name: get("name"), latitude: Number(get("latitude")), longitude: Number(get("longitude")) };
        if (get("admin1")) value.admin1 = get("admin1");
        if (get("country_code")) value.country_code = get("country_code").toUpperCase();
        return value;
      }
      case "fatalities":
      case "wounded":
      case "captured": {
        const value = { best: int("best") };
        if (int("low") !== undefined) value.low = int("low");
        if (int("high") !== undefined) value.high = int("high");
        return value;
      }
      case "notes": return get("notes");
      case "civilian_harm": return get("civilian_harm") === "true";
      default: return get("value");
    }
  }

  async function afterReview(result, message) {
    reviewStatus(message);
    const id = result.event.event_id;
    await loadEvents({ fit: false });
    await openEvent(id, undefined, { history: "none", keepScroll: true });
    reviewStatus(message);
  }

  function initReview() {
    const fieldSelect = $("corr-field");
    for (const field of CORRECTABLE) fieldSelect.append(el("option", { value: field, text: FIELD_LABELS[field] }));
    fieldSelect.addEventListener("change", fillCorrectionField);

    $("token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const value = $("token").value.trim();
      try {
        if (value) window.sessionStorage.setItem(TOKEN_KEY, value);
        else window.sessionStorage.removeItem(TOKEN_KEY);
      } catch (_err) {
        reviewStatus("This browser does not keep the token (sessionStorage is off).", true);
        return;
      }
      syncSignedIn();
      reviewStatus(value ? "Signed in for this tab." : "Signed out.");
    });
    $("token-forget").addEventListener("click", () => {
      try {
        window.sessionStorage.removeItem(TOKEN_KEY);
      } catch (_err) { /* nothing kept */ }
      syncSignedIn();
      reviewStatus("Signed out.");
    });

    $("verdict-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const ev = state.current && state.current.event;
      if (!ev) return;
      const verdict = event.submitter ? event.submitter.value : "confirmed";
      try {
        const result = await api(`api/events/${encodeURIComponent(ev.event_id)}/review`, {
          method: "POST", body: { verdict, why: $("verdict-why").value.trim() },
        });
        $("verdict-why").value = "";
        await afterReview(result, `Saved: event ${verdict}.`);
      } catch (err) {
        reviewStatus(`Not saved: ${err.message}`, true);
      }
    });

    $("correction-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const ev = state.current && state.current.event;
      if (!ev) return;
      const form = event.target;
      const field = $("corr-field").value;
      const body = { field, value: correctionValue(form, field), why: $("corr-why").value.trim() };
      try {
        const result = await api(`api/events/${encodeURIComponent(ev.event_id)}/corrections`, {
          method: "POST", body,
        });
        $("corr-why").value = "";
        await afterReview(result, `Saved: ${FIELD_LABELS[field]} corrected.`);
      } catch (err) {
        reviewStatus(`Not saved: ${err.message}`, true);
      }
    });
    syncSignedIn();
  }

  // ---------------------------------------------------------------- start

  function initControls() {
    fillFilterOptions();
    const form = $("filters");
    const reload = debounce((coalesce) => applyFilters(coalesce), 300);
    // The keystrokes of one search (and leaving its box) make one history entry, not one per pause.
    const typed = (target) => (target.matches("input[type=search], input[type=text]") ? `text:${target.name}` : null);
    form.addEventListener("change", (event) => reload(typed(event.target)));
    form.addEventListener("input", (event) => {
      if (typed(event.target)) reload(typed(event.target));
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      applyFilters(null);
    });
    // The form's values are reset after this event: clear the time selection and apply then.
    form.addEventListener("reset", () => window.setTimeout(() => {
      state.brush = null;
      applyFilters(null);
    }, 0));
    window.addEventListener("popstate", () => applyUrl());
    $("download").addEventListener("click", downloadWithToken);

    const toggle = $("filters-toggle");
    toggle.addEventListener("click", () => {
      const open = document.body.classList.toggle("filters-open");
      toggle.setAttribute("aria-expanded", String(open));
    });

    $("event-list").addEventListener("click", (event) => {
      const button = event.target.closest(".event-item");
      if (button) openEvent(button.dataset.id, button);
    });
    $("panel-close").addEventListener("click", () => closePanel());
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !$("panel").hidden) {
        event.preventDefault();
        closePanel();
      }
    });
  }

  /** The desktop panel sits below the top bar, whose height depends on how the filters wrap. */
  function syncTopbarHeight() {
    const bar = document.querySelector(".topbar");
    document.documentElement.style.setProperty("--topbar-height", `${bar.offsetHeight}px`);
  }

  async function start() {
    syncTopbarHeight();
    window.addEventListener("resize", debounce(syncTopbarHeight, 100));
    initControls();
    initTimeline();
    try {
      state.config = await api("api/config");
    } catch (err) {
      setStatus(`Could not reach the Sitrep API: ${err.message}`, true);
      state.config = { public_read: true, tile_url: null, attribution: "", version: "" };
    }
    $("attribution").textContent = (state.config.attribution || "").split(/\s*\n\s*/).join(" · ");
    $("version").textContent = state.config.version ? `Sitrep ${state.config.version}` : "";
    initReview();
    await initMap();
    await applyUrl({ initial: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
