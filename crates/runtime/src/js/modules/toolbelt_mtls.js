// `Toolbelt.MTLSClient({cert, key, ca?})`: HTTP over mutual TLS through the egress.
// Internal module (`host.internal('toolbelt-mtls')`). Not built yet.
(function (host, lib, require) {
  'use strict';
  function MTLSClient() {
    throw new Error('Toolbelt.MTLSClient() is not available yet on fnhost.');
  }
  return { MTLSClient };
})
