// The toolbelt components that talk to LivePerson's cloud. Internal module. Not built yet.
(function (host, lib, require) {
  'use strict';
  return {};
})
