/* The finding editor's position map (safety_walks.widgets.MapPointInput): click to set latitude and longitude. */
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
        var centre = box.dataset.centre.split(",").map(Number);
        var map = L.map(box.querySelector(".sw-map-point__map"));
        L.tileLayer(box.dataset.tileUrl, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);
        var marker = null;

        function place(lat, lng) {
            if (marker) {
                marker.setLatLng([lat, lng]);
            } else {
                marker = L.marker([lat, lng], { draggable: true, alt: "" }).addTo(map);
                marker.on("dragend", function () {
                    var point = marker.getLatLng();
                    write(point.lat, point.lng);
                });
            }
        }

        function write(lat, lng) {
            latitude.value = round(lat);
            longitude.value = round(lng);
            [latitude, longitude].forEach(function (input) {
                input.dispatchEvent(new Event("change", { bubbles: true }));
            });
        }

        function readInputs() {
            var lat = parseFloat(latitude.value);
            var lng = parseFloat(longitude.value);
            if (isFinite(lat) && isFinite(lng)) {
                place(lat, lng);
                return [lat, lng];
            }
            return null;
        }

        var start = readInputs();
        map.setView(start || centre, start ? 17 : Number(box.dataset.zoom));
        map.on("click", function (event) {
            place(event.latlng.lat, event.latlng.lng);
            write(event.latlng.lat, event.latlng.lng);
        });
        [latitude, longitude].forEach(function (input) {
            input.addEventListener("input", readInputs);
        });
        box.querySelector("[data-sw-map-point-clear]").addEventListener("click", function () {
            latitude.value = "";
            longitude.value = "";
            if (marker) {
                map.removeLayer(marker);
                marker = null;
            }
        });
    }

    function start() {
        document.querySelectorAll("[data-sw-map-point]").forEach(build);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
