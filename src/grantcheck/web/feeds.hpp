#pragma once

#include "grantcheck/app/service.hpp"
#include "grantcheck/http/router.hpp"

namespace grantcheck::web {

// Registers the calendar of deadlines: GET /feeds/deadlines.ics, every deadline a notice sets for
// a jurisdiction (after extensions, as the status engine decides) as an all-day event with
// reminders a week and a day before; `?jurisdiction=GEOID` keeps one jurisdiction's. Written
// with libical. And GET /feeds/events.atom: the timeline's events (events.hpp), newest first,
// filtered by jurisdiction, list, condition and kind, written with libxml2. `service` must
// outlive the router.
void RegisterFeeds(http::Router& router, app::Service& service);

}  // namespace grantcheck::web
