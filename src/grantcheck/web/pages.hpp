#pragma once

#include "grantcheck/app/accounts.hpp"
#include "grantcheck/app/campaign.hpp"
#include "grantcheck/app/service.hpp"
#include "grantcheck/http/router.hpp"

namespace grantcheck::web {

// Registers the server-rendered HTML pages (home, jurisdictions, lists, cases), the stylesheet
// under /static/, and the HTML error pages for every path outside /api/. Pages read without
// JavaScript; every value is HTML-escaped by the templates. `service` must outlive the router.
void Register(http::Router& router, app::Service& service);

// Registers the campaign's pages: /signin, and /campaign (for a signed-in reviewer or
// certifier) with its script. `service` and `accounts` must outlive the router.
void RegisterCampaign(http::Router& router,
                      app::Service& service,
                      app::Accounts& accounts,
                      app::Campaigns& campaigns);

}  // namespace grantcheck::web
