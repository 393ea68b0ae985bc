// Frontline's service worker: keeps attendance pages usable in a venue with no network.
// Attendance pages are fetched from the network when it answers and from the last copy
// otherwise; the app's static files are served from the cache. Every other request goes to
// the network untouched. Marks themselves are queued by attendance.js, not here.
"use strict";
var CACHE = "frontline-attendance-v1";
var ATTENDANCE = /^\/(km|en)\/learning\/events\/\d+\/sessions\/\d+\/$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (ATTENDANCE.test(url.pathname)) {
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(request).then(function (cached) { return cached || Response.error(); });
      })
    );
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(
      caches.match(request).then(function (cached) {
        return cached || fetch(request).then(function (response) {
          if (response.ok) {
            var copy = response.clone();
            caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
          }
          return response;
        });
      })
    );
  }
});
