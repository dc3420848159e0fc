/* trajgeo catalogue map: builds every layer from the page's JSON data block.
   Text from event files only ever reaches the page through textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("trajgeo-catalogue-data").textContent);
  var c = data.colours;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function row(table, head, value) {
    if (value === null || value === undefined || value === "") { return; }
    var tr = el("tr");
    tr.appendChild(el("th", null, head));
    tr.appendChild(el("td", null, value));
    table.appendChild(tr);
  }

  function popup(e) {
    var box = el("div", "trajgeo-popup");
    box.appendChild(el("h3", null, e.title));
    var table = el("table");
    e.rows.forEach(function (r) { row(table, r[0], r[1]); });
    box.appendChild(table);
    if (e.sources.length) {
      box.appendChild(el("h4", null, data.words.sources));
      var ul = el("ul");
      e.sources.forEach(function (s) {
        var li = el("li");
        if (s.url && /^https?:\/\//i.test(s.url)) {
          var a = el("a", null, s.name);
          a.href = s.url;
          a.target = "_blank";
          a.rel = "noopener noreferrer nofollow";
          li.appendChild(a);
        } else {
          li.textContent = s.name;
        }
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    box.appendChild(el("p", "trajgeo-note", data.words.note));
    return box;
  }

  function tooltip(e) {
    var box = el("div");
    box.appendChild(el("strong", null, e.label));
    box.appendChild(el("div", null, e.title));
    return box;
  }

  var map = L.map("trajgeo-catalogue-map", {zoomSnap: 0.5, worldCopyJump: false});
  map.attributionControl.setPrefix(false);
  data.credits.forEach(function (t) { map.attributionControl.addAttribution(t); });
  var base = {interactive: false};
  L.geoJSON(data.land, Object.assign({style: {stroke: false, fillColor: c.land, fillOpacity: 1}}, base)).addTo(map);
  L.geoJSON(data.coast, Object.assign({style: {color: c.coast, weight: 0.8, opacity: 1}}, base)).addTo(map);
  L.geoJSON(data.borders, Object.assign({style: {color: c.border, weight: 0.8, dashArray: "3 2"}}, base)).addTo(map);
  L.geoJSON(data.zones, Object.assign({style: {color: c.eez, weight: 1.4, dashArray: "6 3"}}, base)).addTo(map);

  var launches = L.layerGroup().addTo(map);
  data.launches.forEach(function (p) {
    L.circleMarker([p[1], p[0]], {radius: 3, color: c.halo, weight: 1, fillColor: c.launch,
      fillOpacity: 1, interactive: false, className: "trajgeo-launch"}).addTo(launches);
  });

  var groups = data.groups.map(function () { return L.layerGroup().addTo(map); });
  data.entries.forEach(function (e) {
    var g = groups[e.group];
    if (!e.impact) {
      // no direction reported: the 95 % region alone, dashed, carries the popup
      var ring = L.geoJSON(e.region, {style: {color: e.colour, weight: 1.5, opacity: 0.9,
        dashArray: "5 4", fillColor: e.colour, fillOpacity: 0.06, className: "trajgeo-region-only"}});
      ring.bindTooltip(tooltip(e), {sticky: true});
      ring.bindPopup(popup(e), {maxWidth: 340});
      ring.addTo(g);
      return;
    }
    if (e.region) {
      L.geoJSON(e.region, {interactive: false, style: {color: e.colour, weight: 0.6, opacity: 0.6,
        fillColor: e.colour, fillOpacity: 0.12}}).addTo(g);
    }
    L.polyline(e.track, {color: e.colour, weight: 1.2, opacity: 0.7, interactive: false}).addTo(g);
    var m = L.circleMarker([e.impact[1], e.impact[0]], {radius: 6, color: c.text, weight: 1,
      fillColor: e.colour, fillOpacity: 0.95, className: "trajgeo-impact"});
    m.bindTooltip(tooltip(e), {direction: "top"});
    m.bindPopup(popup(e), {maxWidth: 340});
    m.addTo(g);
  });

  var overlays = {};
  data.groups.forEach(function (g, i) {
    var name = el("span");
    var sw = el("span", "trajgeo-sw");
    sw.style.background = g.colour;
    name.appendChild(sw);
    name.appendChild(document.createTextNode(g.label));
    overlays[name.outerHTML] = groups[i];
  });
  overlays[data.words.launches] = launches;
  L.control.layers(null, overlays, {collapsed: false, position: "topright"}).addTo(map);
  L.control.scale({position: "bottomleft"}).addTo(map);

  var head = L.control({position: "topleft"});
  head.onAdd = function () {
    var box = el("div", "trajgeo-box trajgeo-title");
    box.appendChild(el("h2", null, data.words.title));
    box.appendChild(el("p", null, data.words.subtitle));
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  head.addTo(map);
  var foot = L.control({position: "bottomright"});
  foot.onAdd = function () {
    var box = el("div", "trajgeo-box trajgeo-foot");
    box.appendChild(el("p", null, data.words.note));
    return box;
  };
  foot.addTo(map);
  map.fitBounds(data.bounds);
  window.trajgeoCatalogue = map;
})();
