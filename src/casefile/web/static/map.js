// The incident map: Leaflet (vendored). Country borders from the vendored base map (Natural
// Earth, no tile server needed), city labels (GeoNames), incidents and geolocated evidence
// from /api/map; a tile layer only when one is configured.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { worldCopyJump: true, attributionControl: true, minZoom: 2 });
  map.attributionControl.setPrefix(false);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "© OpenStreetMap contributors" }).addTo(map);
  }
  map.setView([48.5, 31.0], 5);
  var json = function (url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); });
  };

  if (el.dataset.basemap && !el.dataset.tiles) {
    json(el.dataset.basemap).then(function (geo) {
      L.geoJSON(geo, {
        style: function (f) {
          var home = f.properties.name === "Ukraine";
          return { color: "#6b6b6b", weight: home ? 1.6 : 0.8, fillColor: home ? "#fbf6e4" : "#f2efe6",
                   fillOpacity: 1, interactive: false };
        },
        attribution: "Borders: Natural Earth"
      }).addTo(map).bringToBack();
    });
  }

  function text(tag, content) {
    var e = document.createElement(tag);
    e.textContent = content;
    return e;
  }
  function link(href, content) {
    var a = text("a", content);
    a.href = href;
    return a;
  }

  // City labels: the largest at every zoom, smaller ones as one zooms in; a label that would
  // overlap one already drawn (a larger place: they come largest first) is left out.
  var labels = L.layerGroup().addTo(map);
  var places = [];
  function drawLabels() {
    labels.clearLayers();
    var z = map.getZoom();
    var least = z <= 3 ? 5000000 : z <= 4 ? 1500000 : z <= 5 ? 500000 : z <= 6 ? 200000 :
      z <= 7 ? 100000 : 0;
    var view = map.getBounds().pad(0.1);
    var taken = [];
    places.forEach(function (p) {
      if (p.population < least || !view.contains([p.lat, p.lon])) { return; }
      var at = map.latLngToContainerPoint([p.lat, p.lon]);
      var width = 8 + 6.5 * p.name.length;
      var clash = taken.some(function (t) {
        return at.x < t.x + t.w + 6 && t.x < at.x + width + 6 && Math.abs(at.y - t.y) < 15;
      });
      if (clash) { return; }
      taken.push({ x: at.x, y: at.y, w: width });
      L.circleMarker([p.lat, p.lon], { radius: 2.5, color: "#333", fillColor: "#333", fillOpacity: 1,
                                       weight: 0, interactive: false })
        .bindTooltip(p.name, { permanent: true, direction: "right", offset: [3, 0],
                               className: "place-label" + (p.population >= 1000000 ? " big" : "") })
        .addTo(labels);
    });
  }
  map.on("zoomend moveend", drawLabels);

  var evidenceIcon = L.divIcon({
    className: "",
    html: '<svg width="16" height="16"><rect x="2" y="2" width="12" height="12" transform="rotate(45 8 8)" fill="#1f5fa8" stroke="#0b2f5a" stroke-width="1.5"/></svg>',
    iconSize: [16, 16], iconAnchor: [8, 8], popupAnchor: [0, -6]
  });

  json(el.dataset.source).then(function (geo) {
    places = geo.labels || [];
    drawLabels();
    var layer = L.geoJSON(geo, {
      pointToLayer: function (f, latlng) {
        if (f.properties.kind === "evidence") {
          return L.marker(latlng, { icon: evidenceIcon, title: f.properties.name });
        }
        return L.circleMarker(latlng, { radius: 7, color: "#b3261e", weight: 2, fillOpacity: 0.6 });
      },
      onEachFeature: function (f, lyr) {
        var pr = f.properties;
        var box = document.createElement("div");
        if (pr.kind === "evidence") {
          box.appendChild(text("b", "Evidence: "));
          box.appendChild(link("/items/" + pr.item, pr.name));
          box.appendChild(text("div", "geolocated by " + pr.method + (pr.note ? ": " + pr.note : "")));
          if (pr.incidents && pr.incidents.length) {
            var inc = text("div", "linked to ");
            pr.incidents.forEach(function (id, i) {
              if (i) { inc.appendChild(document.createTextNode(", ")); }
              inc.appendChild(link("/incidents/" + id, "incident " + id));
            });
            box.appendChild(inc);
          }
        } else {
          box.appendChild(link("/incidents/" + pr.incident, pr.title));
          box.appendChild(text("div", (pr.place || "") + " · " + (pr.start || "date not known") + " · " + pr.status));
        }
        lyr.bindPopup(box);
      }
    }).addTo(map);
    if (geo.features.length) { map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 7 }); }
  });
})();
