/*
 * The report form's map (progressive enhancement): where JavaScript runs, a tap on the map fills the hidden
 * latitude and longitude inputs, and the marker can be dragged. Without JavaScript (or Leaflet) the map stays
 * hidden and the text description is the whole "where". No inline script or style: the strict CSP holds.
 */
(function () {
    "use strict";

    function round(value) {
        return Math.round(value * 1e6) / 1e6;
    }

    function build(box) {
        if (box.dataset.ready || typeof L === "undefined") {
            return;
        }
        var latitude = document.getElementById(box.dataset.latitudeId);
        var longitude = document.getElementById(box.dataset.longitudeId);
        if (!latitude || !longitude) {
            return;
        }
        box.dataset.ready = "1";
        box.hidden = false;
        var status = box.querySelector("[data-bs-report-map-status]");
        var clear = box.querySelector("[data-bs-report-map-clear]");
        var centre = box.dataset.centre.split(",").map(Number);
        var map = L.map(box.querySelector(".bs-report-map__map"), { scrollWheelZoom: false });
        L.tileLayer(box.dataset.tileUrl, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);
        var marker = null;

        function write(lat, lng) {
            latitude.value = lat === null ? "" : round(lat);
            longitude.value = lng === null ? "" : round(lng);
            status.textContent = lat === null ? "" : box.dataset.pickedText;
            clear.hidden = lat === null;
        }

        function place(lat, lng) {
            if (marker) {
                marker.setLatLng([lat, lng]);
            } else {
                marker = L.marker([lat, lng], { draggable: true, alt: "", keyboard: false }).addTo(map);
                marker.on("dragend", function () {
                    var point = marker.getLatLng();
                    write(point.lat, point.lng);
                });
            }
            write(lat, lng);
        }

        var lat = parseFloat(latitude.value);
        var lng = parseFloat(longitude.value);
        var known = isFinite(lat) && isFinite(lng);
        map.setView(known ? [lat, lng] : centre, known ? 17 : Number(box.dataset.zoom));
        if (known) {
            place(lat, lng);
        } else {
            clear.hidden = true;
        }
        map.on("click", function (event) {
            place(event.latlng.lat, event.latlng.lng);
        });
        clear.addEventListener("click", function () {
            if (marker) {
                map.removeLayer(marker);
                marker = null;
            }
            write(null, null);
        });
    }

    function start() {
        document.querySelectorAll("[data-bs-report-map]").forEach(build);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
