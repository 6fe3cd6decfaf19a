#pragma once

#include "grantcheck/app/service.hpp"
#include "grantcheck/http/router.hpp"

namespace grantcheck::web {

// Registers the server-rendered HTML pages (home, jurisdictions, lists, cases), the stylesheet
// under /static/, and the HTML error pages for every path outside /api/. Pages read without
// JavaScript; every value is HTML-escaped by the templates. `service` must outlive the router.
void Register(http::Router& router, app::Service& service);

}  // namespace grantcheck::web
