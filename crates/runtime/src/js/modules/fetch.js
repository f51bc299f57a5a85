// The WHATWG fetch globals (`fetch`, `Headers`, `Request`, `Response`, `AbortController`,
// `AbortSignal`) over the egress. Internal module (`host.internal('fetch')`). Not built yet.
(function (host, lib, require) {
  'use strict';
  return {};
})
