#pragma once

#include "grantcheck/app/service.hpp"
#include "grantcheck/http/router.hpp"

namespace grantcheck::api {

// Registers the read-only JSON API under /api/v1/ (and its OpenAPI document) on `router`.
// Every collection answers JSON, or CSV with ?format=csv or Accept: text/csv.
// `service` must outlive the router.
void Register(http::Router& router, app::Service& service);

}  // namespace grantcheck::api
