/* Garant web UI: one page, no build step. Talks only to this server's API (see /openapi.json). */
'use strict';

const Garant = (() => {
  const $ = (id) => document.getElementById(id);
  const state = { token: sessionStorage.getItem('garant.token'), tokenId: sessionStorage.getItem('garant.tokenId'), me: null };

  // ------------------------------------------------------------------------------------------------ API
  async function api(path, options = {}) {
    const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    if (options.body !== undefined && typeof options.body !== 'string') {
      headers['Content-Type'] = 'application/json';
      options = Object.assign({}, options, { body: JSON.stringify(options.body) });
    }
    const r = await fetch(path, Object.assign({}, options, { headers }));
    if (r.status === 401 && path !== '/api/login') { logout(false); throw new Error('your session has ended; log in again'); }
    const type = r.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await r.json() : await r.text();
    if (!r.ok) throw new Error((body && body.detail) || (body && body.error) || ('HTTP ' + r.status));
    return body;
  }
  /** Shows a failed action's message to the user (nothing is left as an unhandled error in the console). */
  function report(e) {
    const el = $('status');
    el.textContent = e && e.message ? e.message : String(e);
    clearTimeout(report.t);
    report.t = setTimeout(() => { el.textContent = ''; }, 8000);
  }
  /** An event handler that may be asynchronous, its failures reported. */
  const guard = (fn) => (...args) => { try { const r = fn(...args); if (r && r.catch) r.catch(report); } catch (e) { report(e); } };
  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const fmtTime = (ms) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const relBadge = (m) => m ? `<span class="rel" title="releasability">${esc(m)}</span>` : '';
  function mgrsOf(lat, lon) {
    try { return window.mgrs ? window.mgrs.forward([lon, lat], 5) : ''; } catch (e) { return ''; }
  }

  // ------------------------------------------------------------------------------------------------ login
  async function login(ev) {
    ev.preventDefault();
    $('login-error').textContent = '';
    try {
      const r = await api('/api/login', { method: 'POST', body: { name: $('login-name').value, password: $('login-password').value } });
      state.token = r.token; state.tokenId = r.token_id;
      sessionStorage.setItem('garant.token', r.token); sessionStorage.setItem('garant.tokenId', r.token_id);
      await start();
    } catch (e) {
      $('login-error').textContent = e.message;
    }
  }

  function logout(revoke = true) {
    if (revoke && state.token && state.tokenId) {
      api('/api/tokens/' + encodeURIComponent(state.tokenId), { method: 'DELETE' }).catch(() => {});
    }
    sessionStorage.removeItem('garant.token'); sessionStorage.removeItem('garant.tokenId');
    state.token = null; state.me = null;
    if (live.source) { live.source.close(); live.source = null; }
    location.reload();
  }

  async function start() {
    state.me = await api('/api/me');
    $('who').textContent = `${state.me.name} (${state.me.nation}) · ${state.me.roles.join(', ')}`;
    $('login').hidden = true;
    $('tabs').hidden = false;
    $('logout').hidden = false;
    show('map');
    await MapView.init().catch(report);
    Monitoring.init();
    Planning.init();
  }

  function show(view) {
    for (const b of document.querySelectorAll('#tabs button')) {
      const on = b.dataset.view === view;
      b.setAttribute('aria-selected', on ? 'true' : 'false');
      $('view-' + b.dataset.view).hidden = !on;
    }
    if (view === 'map' && MapView.map) setTimeout(() => MapView.map.invalidateSize(), 0);
    if (view === 'monitoring') return Monitoring.refresh();
    if (view === 'planning') return Planning.refresh();
  }

  // ------------------------------------------------------------------------------------------------ events (many)
  const SIDE_COLOURS = { UKRAINE_HELD: '#1f62c9', OCCUPIED: '#cf2d1d', GREY_ZONE: '#9a7400', OUTSIDE: '#555' };
  /** The loaded events as columns; x0, y0 are Web Mercator pixels at zoom 0. */
  const ev = { id: [], t: [], lat: [], lon: [], kind: [], side: [], x0: [], y0: [], index: new Map(), detail: new Map() };

  function addEvent(id, t, lat, lon, kind, side) {
    if (ev.index.has(id)) return false;
    // spherical Mercator at zoom 0 (256 px), as L.CRS.EPSG3857 projects, without an object per event
    const sin = Math.sin(Math.max(-85.0511287798, Math.min(85.0511287798, lat)) * Math.PI / 180);
    ev.index.set(id, ev.id.length);
    ev.id.push(id); ev.t.push(t); ev.lat.push(lat); ev.lon.push(lon); ev.kind.push(kind); ev.side.push(side);
    ev.x0.push((lon + 180) / 360 * 256); ev.y0.push((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * 256);
    return true;
  }

  /** A canvas over the map that draws every event in the time window: points with their 95 % ellipses, or a density grid when there are many. */
  const EventCanvas = L.Layer.extend({
    onAdd(map) {
      this._map = map;
      this._canvas = L.DomUtil.create('canvas', 'event-canvas');
      Object.assign(this._canvas.style, { position: 'absolute', left: 0, top: 0, zIndex: 450, pointerEvents: 'none' });
      map.getContainer().appendChild(this._canvas);
      map.on('move zoom resize viewreset', this.schedule, this);
      this.visible = [];
      this.schedule();
    },
    onRemove(map) {
      map.off('move zoom resize viewreset', this.schedule, this);
      this._canvas.remove();
      this.visible = [];
    },
    schedule() {
      if (!this._frame) this._frame = requestAnimationFrame(() => { this._frame = null; this.draw(); MapView.scheduleCounts(); });
    },
    draw() {
      const map = this._map, c = this._canvas, size = map.getSize();
      const ratio = window.devicePixelRatio || 1;
      if (c.width !== size.x * ratio || c.height !== size.y * ratio) {
        c.width = size.x * ratio; c.height = size.y * ratio; c.style.width = size.x + 'px'; c.style.height = size.y + 'px';
      }
      const g = c.getContext('2d');
      g.setTransform(ratio, 0, 0, ratio, 0, 0);
      g.clearRect(0, 0, size.x, size.y);
      const s = Math.pow(2, map.getZoom());
      const origin = map.getPixelOrigin(), pane = map.containerPointToLayerPoint([0, 0]);
      const ox = origin.x + pane.x, oy = origin.y + pane.y;
      const [from, to] = MapView.window();
      const vis = [];
      for (let i = 0; i < ev.id.length; i++) {
        const t = ev.t[i];
        if (t < from || t > to) continue;
        const x = ev.x0[i] * s - ox, y = ev.y0[i] * s - oy;
        if (x < -20 || y < -20 || x > size.x + 20 || y > size.y + 20) continue;
        vis.push(i);
      }
      this.visible = vis;
      this.inWindow = vis.length;
      if (vis.length > 3000) {
        this.mode = 'density';
        const cell = 6, w = Math.ceil(size.x / cell) + 1, h = Math.ceil(size.y / cell) + 1;
        const grid = new Uint32Array(w * h);
        let max = 1;
        for (const i of vis) {
          const gx = Math.floor((ev.x0[i] * s - ox) / cell), gy = Math.floor((ev.y0[i] * s - oy) / cell);
          if (gx < 0 || gy < 0 || gx >= w || gy >= h) continue;
          const n = ++grid[gy * w + gx];
          if (n > max) max = n;
        }
        const lmax = Math.log(max + 1);
        for (let k = 0; k < grid.length; k++) {
          if (!grid[k]) continue;
          const f = Math.log(grid[k] + 1) / lmax;
          g.fillStyle = `hsla(${Math.round(50 - 50 * f)}, 95%, ${Math.round(55 - 15 * f)}%, ${0.35 + 0.6 * f})`;
          g.fillRect((k % w) * cell, Math.floor(k / w) * cell, cell, cell);
        }
        return;
      }
      this.mode = 'points';
      const mPerPx = 40075016.686 / (256 * s);
      for (const i of vis) {
        const x = ev.x0[i] * s - ox, y = ev.y0[i] * s - oy;
        const colour = SIDE_COLOURS[ev.side[i]] || '#555';
        const d = ev.detail.get(ev.id[i]);
        if (d && d.ellipse) {
          const k = 2.4477 / (mPerPx / Math.cos(ev.lat[i] * Math.PI / 180)); // 95 % of a 2-D Gaussian
          const a = d.ellipse.major_m * k, b = d.ellipse.minor_m * k;
          if (a > 2) {
            g.beginPath();
            g.ellipse(x, y, a, Math.max(b, 0.5), (d.ellipse.orientation_deg - 90) * Math.PI / 180, 0, 2 * Math.PI);
            g.strokeStyle = colour; g.globalAlpha = 0.8; g.lineWidth = 1; g.stroke();
            g.fillStyle = colour; g.globalAlpha = 0.12; g.fill(); g.globalAlpha = 1;
          }
        }
        g.fillStyle = colour; g.strokeStyle = '#fff'; g.lineWidth = 1;
        g.beginPath();
        if (ev.kind[i] === 'LAUNCH') { g.moveTo(x, y - 5); g.lineTo(x + 4.5, y + 3.5); g.lineTo(x - 4.5, y + 3.5); g.closePath(); }
        else if (ev.kind[i] === 'IMPACT') { g.arc(x, y, 3.5, 0, 2 * Math.PI); }
        else { g.rect(x - 3, y - 3, 6, 6); }
        g.fill(); g.stroke();
        if (ev.id[i] === MapView.selected) { g.beginPath(); g.arc(x, y, 9, 0, 2 * Math.PI); g.strokeStyle = '#000'; g.lineWidth = 2; g.stroke(); }
      }
    },
    /** The visible event nearest to a container point, within 8 px. */
    hit(pt) {
      if (this.mode !== 'points') return null;
      const map = this._map, s = Math.pow(2, map.getZoom());
      const origin = map.getPixelOrigin(), pane = map.containerPointToLayerPoint([0, 0]);
      let best = null, bd = 64;
      for (const i of this.visible) {
        const dx = ev.x0[i] * s - origin.x - pane.x - pt.x, dy = ev.y0[i] * s - origin.y - pane.y - pt.y;
        const d = dx * dx + dy * dy;
        if (d < bd) { bd = d; best = ev.id[i]; }
      }
      return best;
    }
  });

  // ------------------------------------------------------------------------------------------------ symbols (APP-6 / 2525)
  const UNIT_SIDC = {
    INFANTRY_BATTALION: 'SFGPUCI----F---', ARMOURED_BATTALION: 'SFGPUCA----F---', AIR_DEFENCE_BATTERY: 'SFGPUCD----E---',
    ENGINEER_COMPANY: 'SFGPUCE----E---', ROLE2_MEDICAL: 'SFGPUSM----E---', LOGISTICS_BATTALION: 'SFGPUSS----F---',
    ISR_COMPANY: 'SFGPUCR----E---', HEADQUARTERS: 'SFGPUH-----H---', MILITARY_POLICE_COMPANY: 'SFGPUUM----E---',
    CBRN_COMPANY: 'SFGPUUA----E---', AIR_POLICING_SQUADRON: 'SFGPUCVF---E---', MINE_COUNTERMEASURES_GROUP: 'SFGPUCE----E---'
  };
  const iconCache = new Map();
  function symbolIcon(sidc, options, className) {
    const key = sidc + JSON.stringify(options);
    let icon = iconCache.get(key);
    if (!icon) {
      const sym = new ms.Symbol(sidc, Object.assign({ size: 22 }, options));
      const a = sym.getAnchor(), sz = sym.getSize();
      icon = L.icon({ iconUrl: sym.toDataURL(), iconSize: [sz.width, sz.height], iconAnchor: [a.x, a.y], className });
      iconCache.set(key, icon);
    }
    return icon;
  }

  // ------------------------------------------------------------------------------------------------ live feed
  const live = { source: null, events: 0 };

  // ------------------------------------------------------------------------------------------------ map view
  const MapView = {
    map: null, layers: {}, selected: null, tMin: null, tMax: null,
    async init() {
      if (this.map) return;
      const t0 = performance.now();
      const points = api('/api/events/points?limit=200000'); // the largest download: started first, drawn when the map is ready
      const map = this.map = L.map('map', { preferCanvas: true, minZoom: 4, maxZoom: 15, zoomSnap: 0.5, keyboard: true })
        .setView([48.6, 33.5], 6);
      new ResizeObserver(() => map.invalidateSize()).observe($('map')); // the layout settles after the map is made
      map.attributionControl.setPrefix(false).addAttribution('Outline: Natural Earth (public domain) · Garant');
      const renderer = this.renderer = L.canvas({ padding: 0.3 });
      const basemap = await api('/basemap.geojson');
      const outline = L.geoJSON(basemap, { interactive: false, style: (f) => f.properties.name === 'Ukraine'
          ? { color: '#7d8a96', weight: 1.2, fillColor: '#fbf8ef', fillOpacity: 1 }
          : { color: '#9aa4ad', weight: 0.8, fillColor: '#e6e6e1', fillOpacity: 1 } }).addTo(map);
      map.setMaxBounds(outline.getBounds().pad(0.05)); // the basemap covers Ukraine and its neighbours, no further
      map.on('mousemove', (e) => {
        const { lat, lng } = e.latlng;
        $('cursor').textContent = `${lat.toFixed(5)}, ${lng.toFixed(5)}  ·  ${mgrsOf(lat, lng)}`;
      });
      await Promise.all([this.loadTheatre(''), this.loadZones(), this.loadSites(), this.loadVersions()]);
      this.layers.events = new EventCanvas().addTo(map);
      this.layers.violations = L.layerGroup().addTo(map);
      map.on('click', guard((e) => { const id = this.layers.events.hit(e.containerPoint); if (id) return this.showEvent(id); }));
      map.on('moveend', guard(() => this.loadDetails()));
      for (const [box, layer] of [['lyr-occupied', 'occupied'], ['lyr-line', 'line'], ['lyr-sites', 'sites'], ['lyr-events', 'events'],
        ['lyr-violations', 'violations']]) {
        $(box).addEventListener('change', () => this.toggle(layer, $(box).checked));
      }
      $('lyr-sensors').addEventListener('change', guard(() => this.toggleSensors($('lyr-sensors').checked)));
      $('line-date').addEventListener('change', guard(() => this.loadTheatre($('line-date').value)));
      $('window').addEventListener('change', () => this.redraw(true));
      $('time').addEventListener('input', () => { $('live').checked = false; this.redraw(true); });
      $('live').addEventListener('change', () => { if ($('live').checked) { $('time').value = 1000; this.redraw(true); } });
      await this.loadEvents(await points, t0);
      this.openLive();
    },
    toggle(name, on) {
      const l = this.layers[name];
      if (!l) return;
      if (on && !this.map.hasLayer(l)) l.addTo(this.map);
      if (!on && this.map.hasLayer(l)) this.map.removeLayer(l);
    },
    async loadVersions() {
      const vs = await api('/api/theatre/versions');
      for (const v of vs) {
        const o = document.createElement('option');
        o.value = v.date; o.textContent = `${v.date} (${v.km} km)`;
        $('line-date').appendChild(o);
      }
    },
    async loadTheatre(date) {
      const fc = await api('/api/theatre' + (date ? '?date=' + encodeURIComponent(date) : ''));
      for (const k of ['line', 'occupied']) if (this.layers[k]) this.map.removeLayer(this.layers[k]);
      const occupied = fc.features.filter((f) => f.properties.kind === 'occupied');
      const line = fc.features.filter((f) => f.properties.kind === 'contact_line');
      if (occupied.length || !this.layers.occupied) {
        this.layers.occupied = L.geoJSON({ type: 'FeatureCollection', features: occupied },
          { interactive: false, style: { color: '#b55', weight: 0, fillColor: '#d66', fillOpacity: 0.18 } });
      }
      this.layers.line = L.geoJSON({ type: 'FeatureCollection', features: line }, { style: { color: '#b3121f', weight: 2.5 } })
        .bindTooltip((l) => `Contact line ${esc(l.feature.properties.date || '')} · ${Math.round(l.feature.properties.km)} km`);
      this.layers.line.getLayers().forEach((l) => l.getElement && l.getElement() && l.getElement().setAttribute('data-kind', 'contact_line'));
      this.toggle('occupied', $('lyr-occupied').checked);
      this.toggle('line', $('lyr-line').checked);
      this.contactLineDate = line.length ? line[0].properties.date : null;
      document.body.dataset.contactLine = line.length ? 'shown' : 'none';
    },
    async loadZones() {
      const fc = await api('/api/theatre/zones');
      const byClass = new Map();
      for (const f of fc.features) {
        const key = f.properties.kind === 'buffer' ? 'buffer zone' : f.properties.class;
        if (!byClass.has(key)) byClass.set(key, []);
        byClass.get(key).push(f);
      }
      for (const [name, fs] of byClass) {
        const buffer = name === 'buffer zone';
        const layer = L.geoJSON({ type: 'FeatureCollection', features: fs }, { interactive: false,
          style: buffer ? { color: '#e08a00', weight: 1, dashArray: '4 3', fillColor: '#f0a020', fillOpacity: 0.12 }
            : { color: '#7a4fb5', weight: 1, dashArray: '2 4', fill: false } });
        const id = 'zone-' + name.replace(/[^A-Za-z0-9]+/g, '-');
        const label = document.createElement('label');
        label.innerHTML = `<input type="checkbox" id="${esc(id)}" ${buffer ? 'checked' : ''}> ${buffer ? 'Buffer zone' : 'Withdrawal: ' + esc(name) + ' (' + fs[0].properties.km + ' km)'}`;
        $('zone-toggles').appendChild(label);
        this.layers[id] = layer;
        if (buffer) layer.addTo(this.map);
        label.querySelector('input').addEventListener('change', (e) => this.toggle(id, e.target.checked));
      }
    },
    async loadSites() {
      const fc = await api('/api/sites');
      this.sites = new Map();
      const group = this.layers.sites = L.layerGroup();
      for (const f of fc.features) {
        const [lon, lat] = f.geometry.coordinates, p = f.properties;
        this.sites.set(p.name, { lat, lon });
        L.marker([lat, lon], { icon: symbolIcon('SFGPI-----H----', { size: 16 }, 'site-icon'), title: p.name, keyboard: false })
          .bindTooltip(`${esc(p.name)} · ${esc(p.oblast || '')} · ${esc(p.mgrs || '')} ${relBadge(p.releasability)}`).addTo(group);
      }
      this.units = L.layerGroup().addTo(group);
      group.addTo(this.map);
      document.body.dataset.sites = String(fc.features.length);
    },
    /** Units of a solved plan, drawn around their sites. */
    showUnits(assignments) {
      this.units.clearLayers();
      const bySite = new Map();
      for (const a of assignments) {
        if (!bySite.has(a.site)) bySite.set(a.site, []);
        bySite.get(a.site).push(a);
      }
      for (const [site, as] of bySite) {
        const s = Planning.garrisons.get(site) || this.sites.get(site);
        if (!s) continue;
        as.forEach((a, k) => {
          const angle = (2 * Math.PI * k) / as.length, r = 0.12 + 0.02 * Math.floor(k / 8);
          const pos = [s.lat + r * Math.sin(angle) * 0.7, s.lon + r * Math.cos(angle)];
          L.marker(pos, { icon: symbolIcon(UNIT_SIDC[a.capability] || 'SFGPU----------', { size: 18, uniqueDesignation: a.nation }, 'unit-icon'),
            title: `${a.unit} (${a.nation})` }).bindTooltip(`${esc(a.unit)} · ${esc(a.nation)} · ${esc(a.capability)} at ${esc(site)}<br>${esc(a.why || '')}`)
            .addTo(this.units);
        });
      }
    },
    async toggleSensors(on) {
      if (on && !this.layers.sensors) {
        const fc = await api('/api/sensors');
        this.layers.sensors = L.layerGroup(fc.features.map((f) => L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]],
          { renderer: this.renderer, radius: 2, color: '#2b6e3f', weight: 1, fillOpacity: 0.8 })
          .bindTooltip(`${esc(f.properties.id)} · ${esc(f.properties.kind)} ${relBadge(f.properties.releasability)}`)));
      }
      this.toggle('sensors', on);
    },
    async loadEvents(p, t0) {
      const fetched = performance.now();
      for (let i = p.count - 1; i >= 0; i--) addEvent(p.id[i], p.time_ms[i], p.lat[i], p.lon[i], p.kind[i], p.side[i]);
      this.redraw(true);
      await new Promise((r) => requestAnimationFrame(() => r()));
      window.garantFirstRenderMs = performance.now() - t0;
      window.garantTimings = { fetched_ms: fetched - t0, indexed_ms: performance.now() - fetched };
      document.body.dataset.eventsLoaded = String(ev.id.length);
    },
    range() {
      let lo = Infinity, hi = -Infinity;
      for (const t of ev.t) { if (t < lo) lo = t; if (t > hi) hi = t; }
      if (!isFinite(lo)) { lo = Date.now() - 86400000; hi = Date.now(); }
      return [lo, hi];
    },
    /** The time window shown: [from, to] in epoch milliseconds. */
    window() {
      const [lo, hi] = [this.tMin, this.tMax];
      const to = $('live').checked ? Infinity : lo + (hi - lo) * Number($('time').value) / 1000;
      const w = Number($('window').value);
      return [w === 0 ? -Infinity : (to === Infinity ? hi : to) - w, to];
    },
    redraw(rangeChanged) {
      if (rangeChanged || this.tMin == null) [this.tMin, this.tMax] = this.range();
      this.showWindow();
      this.layers.events && this.layers.events.schedule();
      clearTimeout(this._vt);
      this._vt = setTimeout(guard(() => this.loadViolations()), 150);
      requestAnimationFrame(() => this.updateCounts());
    },
    showWindow() {
      const [from, to] = this.window();
      $('time-label').textContent = `${isFinite(from) ? fmtTime(from) : 'start'} → ${to === Infinity ? 'latest (live)' : fmtTime(to)}`;
    },
    updateCounts() {
      const e = this.layers.events;
      $('counts').textContent = `${ev.id.length.toLocaleString('en')} events loaded; ${(e && e.inWindow || 0).toLocaleString('en')} in view`
        + (e && e.mode === 'density' ? ' (density)' : '') + `; ${this.violationCount || 0} violations, ${this.alertCount || 0} alerts; live: ${live.events} new`;
      document.body.dataset.liveEvents = String(live.events);
    },
    async loadViolations() {
      const [from, to] = this.window();
      const q = (isFinite(from) ? '&from=' + new Date(from).toISOString() : '') + (to !== Infinity ? '&to=' + new Date(to).toISOString() : '');
      const [vs, as] = await Promise.all([api('/api/violations?size=1000' + q), api('/api/alerts?size=1000' + q)]);
      const g = this.layers.violations;
      g.clearLayers();
      for (const [fc, alert] of [[vs, false], [as, true]]) {
        for (const f of fc.features) this.addViolationMarker(f.properties, alert);
      }
      this.violationCount = vs.features.length; this.alertCount = as.features.length;
      this.updateCounts();
    },
    addViolationMarker(v, alert) {
      const m = L.circleMarker([v.lat, v.lon], { renderer: this.renderer, radius: alert ? 9 : 7, color: alert ? '#ff7a00' : '#a0001a',
        weight: 2.5, fillColor: alert ? '#ffcc00' : '#ff4d4d', fillOpacity: 0.35 });
      m.on('click', guard((e) => { L.DomEvent.stopPropagation(e); this.showViolation(v, alert); }));
      m.bindTooltip(`${alert ? 'ALERT' : 'Violation'}: ${esc(v.rule)} · ${esc(v.time)}`);
      m.addTo(this.layers.violations);
    },
    /** Ellipses for the events in view, when few enough to draw one by one. */
    async loadDetails() {
      const e = this.layers.events, size = this.map.getSize();
      if (!e || e.mode !== 'points' || e.visible.length === 0 || e.visible.length > 1000 || size.x < 2 || size.y < 2) return;
      const b = this.map.getBounds(), [from, to] = this.window();
      const bbox = [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())].map((x) => x.toFixed(5)).join(',');
      const q = `/api/events?size=1000&bbox=${bbox}` + (isFinite(from) ? '&from=' + new Date(from).toISOString() : '') + (to !== Infinity ? '&to=' + new Date(to + 1).toISOString() : '');
      const fc = await api(q);
      for (const f of fc.features) ev.detail.set(f.properties.id, f.properties);
      e.schedule();
    },
    async showEvent(id) {
      this.selected = id;
      this.layers.events.schedule();
      const f = await api('/api/events/' + encodeURIComponent(id));
      const p = f.properties, [lon, lat] = f.geometry.coordinates;
      const t = Date.parse(p.time);
      const near = `bbox=${(lon - 0.01).toFixed(5)},${(lat - 0.01).toFixed(5)},${(lon + 0.01).toFixed(5)},${(lat + 0.01).toFixed(5)}`
        + `&from=${new Date(t - 2000).toISOString()}&to=${new Date(t + 2000).toISOString()}`;
      const [vs, as] = await Promise.all([api('/api/violations?' + near), api('/api/alerts?' + near)]);
      const broke = [...vs.features, ...as.features].map((x) => x.properties).filter((v) => (v.evidence || []).includes(id));
      const el = p.ellipse || {};
      $('detail').innerHTML = `<h3 id="detail-title">Event ${esc(p.kind)} ${p.weapon_class ? '· ' + esc(p.weapon_class) : ''}</h3>
        ${relBadge(p.releasability)}
        <table><tbody>
        <tr><th>Id</th><td>${esc(p.id)}</td></tr>
        <tr><th>Time</th><td>${esc(p.time)}</td></tr>
        <tr><th>Where</th><td>${lat.toFixed(5)}, ${lon.toFixed(5)}<br>${esc(p.mgrs)}</td></tr>
        <tr><th>Side</th><td>${esc(p.side || '')}</td></tr>
        <tr><th>Attribution</th><td id="detail-attribution">${esc(p.attribution || (broke[0] && broke[0].attribution) || 'not attributed')}
          ${p.confidence != null ? '(confidence ' + Math.round(100 * p.confidence) + ' %)' : ''}</td></tr>
        <tr><th>Uncertainty</th><td>CEP50 ${esc(p.cep50_m)} m; 1σ ellipse ${esc(el.major_m)} × ${esc(el.minor_m)} m at ${esc(el.orientation_deg)}°; CRLB σ ${esc(p.crlb_sigma_m)} m</td></tr>
        <tr><th>Quality</th><td>${esc(p.sensors)} sensors, residual ${esc(p.residual_rms_ms)} ms rms</td></tr>
        ${p.paired_with ? `<tr><th>Paired with</th><td><a href="#" data-event="${esc(p.paired_with)}">${esc(p.paired_with)}</a></td></tr>` : ''}
        </tbody></table>
        <h3>Rules broken</h3>
        ${broke.length ? '<ul id="detail-rules">' + broke.map((v) => `<li><strong>${esc(v.rule)}</strong>: ${esc(v.detail)}</li>`).join('') + '</ul>' : '<p id="detail-rules">none</p>'}
        <h3>Evidence: ${(p.evidence || []).length} detections</h3>
        <table id="evidence"><thead><tr><th>Sensor</th><th>Arrival</th><th>Bearing</th><th>Kind</th></tr></thead><tbody>
        ${(p.evidence || []).map((d) => `<tr><td>${esc(d.sensor)}</td><td>${esc(String(d.time || d.arrival || '').replace(/^.*T/, ''))}</td>
          <td>${d.bearing_deg != null ? esc(d.bearing_deg) + '°' : '–'}</td><td>${esc(d.kind)}</td></tr>`).join('')}
        </tbody></table>`;
      for (const a of $('detail').querySelectorAll('a[data-event]')) {
        a.addEventListener('click', guard((e) => { e.preventDefault(); return this.showEvent(a.dataset.event); }));
      }
      $('detail').focus();
    },
    showViolation(v, alert) {
      $('detail').innerHTML = `<h3 id="detail-title">${alert ? 'Alert' : 'Violation'}: ${esc(v.rule)}</h3> ${relBadge(v.releasability)}
        <table><tbody>
        <tr><th>Time</th><td>${esc(v.time)}</td></tr>
        <tr><th>Where</th><td>${esc(v.lat)}, ${esc(v.lon)}<br>${esc(v.mgrs)}; ${esc(v.oblast)}, ${esc(v.settlement_km)} km from ${esc(v.nearest_settlement)}</td></tr>
        <tr><th>Side</th><td>${esc(v.side)}</td></tr>
        <tr><th>Attribution</th><td>${esc(v.attribution)} (confidence ${Math.round(100 * v.confidence)} %)</td></tr>
        ${v.site ? `<tr><th>Site</th><td>${esc(v.site)}, ${esc(v.site_km)} km</td></tr>` : ''}
        <tr><th>Rule</th><td>${esc(v.detail)}</td></tr>
        <tr><th>Evidence</th><td>${(v.evidence || []).map((id) => ev.index.has(id) ? `<a href="#" data-event="${esc(id)}">${esc(id)}</a>`
          : esc(id)).join(', ')}</td></tr>
        </tbody></table>`;
      for (const a of $('detail').querySelectorAll('a[data-event]')) {
        a.addEventListener('click', guard((e) => { e.preventDefault(); return this.showEvent(a.dataset.event); }));
      }
      $('detail').focus();
    },
    openLive() {
      if (live.source) return;
      const s = live.source = new EventSource('/api/live?access_token=' + encodeURIComponent(state.token));
      s.addEventListener('event', (m) => {
        const e = JSON.parse(m.data);
        const t = Date.parse(e.time);
        if (addEvent(e.id, t, e.lat, e.lon, e.kind, e.side || 'OUTSIDE')) {
          live.events++;
          ev.detail.set(e.id, e);
          if (ev.id.length === 1) { this.tMin = this.tMax = t; } // the first event sets the time axis
          this.tMin = Math.min(this.tMin, t); this.tMax = Math.max(this.tMax, t);
          if ($('live').checked) this.layers.events.schedule();
          this.scheduleCounts(true);
        }
      });
      for (const type of ['violation', 'alert']) {
        s.addEventListener(type, (m) => {
          const v = JSON.parse(m.data);
          if ($('live').checked) {
            this.addViolationMarker(v, type === 'alert');
            if (type === 'alert') this.alertCount = (this.alertCount || 0) + 1; else this.violationCount = (this.violationCount || 0) + 1;
            this.scheduleCounts();
          }
        });
      }
    },
    scheduleCounts(timeLabel) {
      if (!this._ct) this._ct = setTimeout(() => { this._ct = null; if (timeLabel) this.showWindow(); this.updateCounts(); }, 250);
    }
  };

  // ------------------------------------------------------------------------------------------------ monitoring
  const Monitoring = {
    init() {
      $('report-load').addEventListener('click', guard(() => this.loadReport()));
    },
    async refresh() {
      await Promise.all([this.loadQueue(), this.loadSpots()]);
      if (!$('report-date').value) {
        $('report-date').value = new Date(MapView.tMax || Date.now()).toISOString().slice(0, 10);
      }
    },
    async loadQueue() {
      const fc = await api('/api/observations?review=UNVERIFIED&size=100');
      const tb = $('queue').querySelector('tbody');
      tb.innerHTML = '';
      for (const f of fc.features) {
        const o = f.properties, tr = document.createElement('tr');
        tr.dataset.id = o.id;
        tr.innerHTML = `<td>${esc(o.id)} ${relBadge(o.releasability)}<br>${esc(o.what)} ×${esc(o.count || 1)} ${esc(o.direction || '')} ${esc(o.distance || '')}<br><em>${esc(o.text || '')}</em></td>
          <td>${esc(o.from)}</td><td>${esc(o.mgrs)}</td><td>${esc(o.submitted_by)}</td>
          <td><button class="verify">Verify</button> <input class="reason" aria-label="Reason for ${esc(o.id)}" placeholder="reason" size="10"> <button class="reject">Reject</button></td>`;
        tr.querySelector('.verify').addEventListener('click', () => this.review(o, 'VERIFIED', tr));
        tr.querySelector('.reject').addEventListener('click', () => this.review(o, 'REJECTED', tr));
        tb.appendChild(tr);
      }
      $('queue-msg').textContent = fc.features.length ? '' : 'Nothing to review.';
    },
    async review(o, decision, tr) {
      const reason = tr.querySelector('.reason').value.trim();
      if (decision === 'REJECTED' && !reason) { $('queue-msg').textContent = `Give a reason to reject ${o.id}.`; tr.querySelector('.reason').focus(); return; }
      try {
        const r = await api(`/api/observations/${encodeURIComponent(o.id)}/review`, { method: 'POST', body: { decision, reason, version: o.version } });
        tr.remove();
        $('queue-msg').textContent = `${o.id}: ${r.review} by ${r.reviewed_by}.`;
      } catch (e) {
        $('queue-msg').textContent = `${o.id}: ${e.message}`;
      }
    },
    async loadSpots() {
      const [vs, as] = await Promise.all([api('/api/violations?size=15'), api('/api/alerts?size=10')]);
      const ul = $('spots');
      ul.innerHTML = '';
      for (const [fc, kind] of [[as, 'Alert'], [vs, 'Violation']]) {
        for (const f of fc.features) {
          const li = document.createElement('li'), b = document.createElement('button');
          b.textContent = `${kind}: ${f.properties.rule} · ${f.properties.time} · ${f.properties.nearest_settlement}`;
          b.addEventListener('click', guard(async () => { $('spot').textContent = await api('/api/reports/spot/' + encodeURIComponent(f.properties.id)); }));
          li.appendChild(b); ul.appendChild(li);
        }
      }
    },
    async loadReport() {
      try {
        $('report').srcdoc = await api('/api/reports/daily?format=html&date=' + encodeURIComponent($('report-date').value));
      } catch (e) {
        $('report').srcdoc = `<p>${esc(e.message)}</p>`;
      }
    }
  };

  // ------------------------------------------------------------------------------------------------ planning
  const NATION_COLOURS = ['#1f62c9', '#2a9d8f', '#e76f51', '#8e44ad', '#c0392b', '#16a085', '#d35400', '#2c3e50', '#7f8c8d', '#b7950b'];
  /** A simple CSV file (a header, no quoted commas) as objects. */
  function csvRows(text) {
    const lines = (text || '').split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
    const head = (lines.shift() || '').split(',').map((h) => h.trim());
    return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [head[i], v.trim()])));
  }

  const Planning = {
    scenario: {},
    /** The coalition's garrison sites by id and by name (they include sites outside Ukraine). */
    garrisons: new Map(),
    init() {
      $('solve').addEventListener('click', guard(() => this.solve()));
      $('rotate').addEventListener('click', guard(() => this.rotate()));
    },
    async refresh() {
      if (!this.loaded) {
        this.loaded = true;
        const files = await api('/api/coalition');
        for (const r of csvRows(files['sites.csv'])) {
          const p = { lat: Number(r.lat), lon: Number(r.lon), name: r.name };
          if (isFinite(p.lat) && isFinite(p.lon)) { this.garrisons.set(r.id, p); this.garrisons.set(r.name, p); }
        }
        await this.evaluate();
      }
    },
    async evaluate() {
      const r = await api('/api/plans/evaluate', { method: 'POST', body: { scenario: this.scenario } });
      const box = $('conditions');
      if (!box.children.length) {
        for (const [name, holds] of Object.entries(r.scenario)) {
          const label = document.createElement('label');
          label.innerHTML = `<input type="checkbox" id="cond-${esc(name)}" ${holds ? 'checked' : ''}> ${esc(name.replace(/_/g, ' '))}`;
          label.querySelector('input').addEventListener('change', guard((e) => { this.scenario[name] = e.target.checked; return this.evaluate(); }));
          box.appendChild(label);
        }
      }
      $('fill-rate').textContent = (100 * r.fill_rate).toFixed(1) + ' %';
      $('fill-units').textContent = `(${r.units_fillable} of ${r.units_required} units; ${r.pledges_active} pledges active)`;
      const tb = $('shortfalls').querySelector('tbody');
      tb.innerHTML = r.shortfalls.map((s) => `<tr><td>${esc(s.site)}</td><td>${esc(s.capability)}</td><td>${esc(s.missing)}</td><td>${esc(s.reason)}</td></tr>`).join('');
    },
    async solve() {
      const seconds = Number($('solve-seconds').value) || 5;
      $('solve').disabled = true;
      $('solve-progress').hidden = false; $('solve-progress').value = 0;
      try {
        const job = await api('/api/plans/solve', { method: 'POST', body: { scenario: this.scenario, seconds } });
        const t0 = Date.now();
        let s;
        do {
          await new Promise((r) => setTimeout(r, 400));
          s = await api('/api/jobs/' + encodeURIComponent(job.job));
          $('solve-progress').value = Math.min(0.99, (Date.now() - t0) / 1000 / seconds);
          $('solve-status').textContent = (s.progress || []).slice(-1)[0] || 'solving…';
        } while (s.state === 'RUNNING');
        if (s.state !== 'DONE') throw new Error(s.error || s.state);
        $('solve-progress').value = 1;
        const plan = await api(s.plan);
        this.showPlan(plan);
        $('solve-status').textContent = `Plan ${job.job}: ${plan.assignments.length} units stationed; ${plan.unfilled.length} shortfalls remain.`;
      } catch (e) {
        $('solve-status').textContent = 'The optimiser did not run: ' + e.message;
      } finally {
        $('solve').disabled = false;
      }
    },
    showPlan(plan) {
      const tb = $('plan').querySelector('tbody');
      tb.innerHTML = '';
      for (const a of plan.assignments) {
        const tr = document.createElement('tr');
        tr.tabIndex = 0;
        tr.innerHTML = `<td>${esc(a.unit)}</td><td>${esc(a.nation)}</td><td>${esc(a.capability)}</td><td>${esc(a.site ? (this.garrisons.get(a.site) || {}).name || a.site : 'not stationed')}</td>`;
        const why = () => { $('why').textContent = `${a.unit} (${a.nation}) at ${a.site}: ${a.why}`; };
        tr.addEventListener('click', why);
        tr.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); why(); } });
        tb.appendChild(tr);
      }
      MapView.showUnits(plan.assignments);
    },
    async rotate() {
      const r = await api('/api/plans/rotations', { method: 'POST', body: { scenario: this.scenario, months: 24 } });
      const rows = new Map();
      for (const t of r.tours) {
        const k = `${t.requirement} #${t.slot}`;
        if (!rows.has(k)) rows.set(k, []);
        rows.get(k).push(t);
      }
      const nations = [...new Set(r.tours.map((t) => t.nation))];
      const left = 175, width = 100 / r.months;
      let html = `<p>${r.tours.length} tours over ${r.months} months; ${r.gap_slot_months} slot-months cannot be sustained (hatched).</p>`;
      for (const [k, ts] of rows) {
        const req = ts[0].requirement, gaps = (r.gaps[req] || []);
        html += `<div class="row"><span class="label" title="${esc(k)}">${esc(k)}</span><div style="position:absolute;left:${left}px;right:0;top:0;bottom:0">`
          + ts.map((t) => `<div class="bar" title="${esc(t.pledge)} (${esc(t.nation)}) months ${t.from_month}–${t.to_month}" style="left:${t.from_month * width}%;width:${(t.to_month - t.from_month + 1) * width}%;background:${NATION_COLOURS[nations.indexOf(t.nation) % NATION_COLOURS.length]}">${esc(t.nation)}</div>`).join('')
          + (ts[0].slot === 1 || ts[0].slot === 0 ? gaps.map((m) => `<div class="gap" style="left:${m * width}%;width:${width}%"></div>`).join('') : '')
          + '</div></div>';
      }
      $('timeline').innerHTML = html;
    }
  };

  // ------------------------------------------------------------------------------------------------ start
  function boot() {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', () => logout(true));
    for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', guard(() => show(b.dataset.view)));
    if (state.token) start().catch(() => logout(false));
  }
  document.addEventListener('DOMContentLoaded', boot);
  return { api, MapView, Planning, Monitoring, events: ev };
})();
