#pragma once

#include "grantcheck/app/accounts.hpp"
#include "grantcheck/app/campaign.hpp"
#include "grantcheck/app/service.hpp"
#include "grantcheck/http/router.hpp"

namespace grantcheck::api {

// Registers the read-only JSON API under /api/v1/ (and its OpenAPI document) on `router`.
// Every collection answers JSON, or CSV with ?format=csv or Accept: text/csv.
// `service` must outlive the router.
void Register(http::Router& router, app::Service& service);

// Registers the campaign's endpoints (sessions, tokens, accounts, notices and letters,
// evidence, certifications, determinations, webhooks). All must outlive the router.
void RegisterCampaign(http::Router& router,
                      app::Service& service,
                      app::Accounts& accounts,
                      app::Campaigns& campaigns);

}  // namespace grantcheck::api
