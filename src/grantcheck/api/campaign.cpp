// The campaign's write endpoints: sessions and API tokens, accounts, notices and their letters,
// evidence files, certifications, determinations and webhooks. Every write needs a signed-in
// caller (a session cookie plus its CSRF token, or an API token) whose role and scope allow it;
// a refused request changes nothing.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "grantcheck/api/api.hpp"
#include "grantcheck/api/json.hpp"
#include "grantcheck/app/allocation.hpp"
#include "grantcheck/common/error.hpp"

namespace grantcheck::api {
namespace {

using nlohmann::json;

constexpr std::string_view kCookie = app::Accounts::kSessionCookie;

AppError Unauthenticated(std::string message) {
    return AppError(ErrorCode::kUnauthenticated, std::move(message));
}

// The caller, if the request carries credentials. Credentials that do not work are a 401, not
// an anonymous request: a script with an expired token should hear so.
std::optional<app::Principal> Caller(const http::Request& req, const app::Accounts& accounts) {
    if (auto h = req.Header("authorization")) {
        if (!h->starts_with("Bearer ")) {
            throw Unauthenticated("Authorization: use 'Bearer <API token>'");
        }
        auto p = accounts.FromToken(std::string_view(*h).substr(7));
        if (!p) {
            throw Unauthenticated(
                "Authorization: the API token is unknown, expired or revoked, or its account is "
                "disabled");
        }
        return p;
    }
    if (auto c = req.Cookie(kCookie)) {
        auto p = accounts.FromSession(*c);
        if (!p) {
            throw Unauthenticated("your session has ended or its account is disabled; sign in");
        }
        return p;
    }
    return std::nullopt;
}

// The caller of a write: signed in, and with the session's CSRF token when it came by cookie.
app::Principal Writer(const http::Request& req, const app::Accounts& accounts) {
    auto p = Caller(req, accounts);
    if (!p) {
        throw Unauthenticated(
            "sign in (POST /api/v1/session) or send 'Authorization: Bearer <API token>'");
    }
    if (p->by_session) {
        if (!p->CsrfMatches(req.Header("x-csrf-token").value_or(""))) {
            throw Forbidden(
                "X-CSRF-Token: missing or wrong; send the csrf value from GET /api/v1/session "
                "with every write made with a session cookie");
        }
    }
    return *p;
}

// The numeric {id} of a path ("a token id", "a draft id").
int64_t IdParam(const http::Request& req, std::string_view what) {
    const auto& raw = req.Param("id");
    if (raw.empty() || raw.size() > 18 ||
        raw.find_first_not_of("0123456789") != std::string::npos) {
        throw InvalidInput("id: '{}' is not a {} id", raw, what);
    }
    return std::stoll(raw);
}

json Body(const http::Request& req) {
    const auto type = req.Header("content-type").value_or("");
    if (!type.starts_with("application/json")) {
        throw InvalidInput("Content-Type: send the body as application/json");
    }
    json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object()) {
        throw InvalidInput("body: not a JSON object");
    }
    return body;
}

std::string Str(const json& body, const char* field, bool required = false) {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) {
        if (required) {
            throw InvalidInput("{}: required", field);
        }
        return {};
    }
    if (!it->is_string()) {
        throw InvalidInput("{}: must be a string", field);
    }
    return it->get<std::string>();
}

std::vector<std::string> StrList(const json& body, const char* field) {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) {
        return {};
    }
    if (!it->is_array() || it->size() > 10000) {
        throw InvalidInput("{}: must be an array of strings", field);
    }
    std::vector<std::string> out;
    for (const auto& v : *it) {
        if (!v.is_string()) {
            throw InvalidInput("{}: must be an array of strings", field);
        }
        out.push_back(v.get<std::string>());
    }
    return out;
}

int Int(const json& body, const char* field, int fallback) {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) {
        return fallback;
    }
    if (!it->is_number_integer() || it->get<int64_t>() < -1000000 || it->get<int64_t>() > 1000000) {
        throw InvalidInput("{}: must be a whole number", field);
    }
    return it->get<int>();
}

// Refuses fields the endpoint does not know, so a typo is not silently ignored.
void CheckFields(const json& body, std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : body.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            throw InvalidInput("{}: unknown field; this endpoint takes {}", key,
                               fmt::join(known, ", "));
        }
    }
}

http::Response Created(const json& body, const std::string& location = {}) {
    http::Response r;
    r.status = 201;
    r.body = body.dump();
    if (!location.empty()) {
        r.With("Location", location);
    }
    return r.With("Cache-Control", "no-store");
}

http::Response Private(const json& body) {
    http::Response r;
    r.body = body.dump();
    return r.With("Cache-Control", "no-store");
}

json Recorded(const app::Service& service, const app::Recorded& rec) {
    json j = {{"id", rec.id}, {"log_index", rec.entry.log_index}, {"summary", rec.entry.summary}};
    j["receipt"] = rec.receipt
                       ? json::parse(ReceiptJson(*rec.receipt, service.VerifierKey().value_or("")))
                       : json(nullptr);
    return j;
}

json AccountJson(const app::Principal& p) {
    return {{"id", p.account_id},
            {"email", p.email},
            {"name", p.name},
            {"role", p.role},
            {"scope", p.scope}};
}

app::DeterminationRequest DeterminationFromJson(const json& body) {
    if (!body.is_object()) {
        throw InvalidInput("body: not a JSON object");
    }
    CheckFields(body, {"jurisdiction", "conditions", "outcome", "reasons", "relied_on",
                       "response_deadline", "funding_action", "draft"});
    app::DeterminationRequest d;
    d.jurisdiction = Str(body, "jurisdiction", true);
    d.conditions = StrList(body, "conditions");
    d.outcome = Str(body, "outcome", true);
    d.reasons = Str(body, "reasons", true);
    d.relied_on = StrList(body, "relied_on");
    d.response_deadline = Str(body, "response_deadline");
    if (auto it = body.find("draft"); it != body.end() && !it->is_boolean()) {
        throw InvalidInput("draft: true or false");
    }
    if (auto it = body.find("funding_action"); it != body.end() && !it->is_null()) {
        if (!it->is_object()) {
            throw InvalidInput("funding_action: an object {{kind, award, amount}}");
        }
        CheckFields(*it, {"kind", "award", "amount"});
        app::FundingAction f;
        f.kind = Str(*it, "kind", true);
        f.award = Str(*it, "award", true);
        if (const auto amount = Str(*it, "amount"); !amount.empty()) {
            f.amount = Money::Parse(amount);
            if (!f.amount) {
                throw InvalidInput("funding_action.amount: '{}' is not an amount (\"12345.67\")",
                                   amount);
            }
        }
        d.funding = f;
    }
    return d;
}

std::string SessionCookie(const http::Request& req, const std::string& value, bool clear) {
    // Secure when the client reached us over TLS (a proxy in front says so).
    const bool tls = req.Header("x-forwarded-proto").value_or("") == "https";
    return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict{}{}", kCookie, value,
                       tls ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

}  // namespace

void RegisterCampaign(http::Router& router,
                      app::Service& service,
                      app::Accounts& accounts,
                      app::Campaigns& campaigns) {
    // Sessions.
    router.Add("POST", "/api/v1/session", [&accounts](const http::Request& req) {
        const json body = Body(req);
        CheckFields(body, {"email", "password"});
        auto login = accounts.LogIn(Str(body, "email", true), Str(body, "password", true));
        json j = {{"account", AccountJson(login.principal)},
                  {"csrf", login.principal.csrf},
                  {"expires_at", login.expires_at}};
        return Created(j).With("Set-Cookie", SessionCookie(req, login.session_token, false));
    });
    router.Get("/api/v1/session", [&accounts](const http::Request& req) {
        auto p = Caller(req, accounts);
        if (!p) {
            throw Unauthenticated("not signed in");
        }
        return Private({{"account", AccountJson(*p)}, {"csrf", p->csrf}});
    });
    router.Add("DELETE", "/api/v1/session", [&accounts](const http::Request& req) {
        Writer(req, accounts);
        if (auto c = req.Cookie(kCookie)) {
            accounts.LogOut(*c);
        }
        http::Response r;
        r.status = 204;
        r.content_type = "";
        return r.With("Set-Cookie", SessionCookie(req, "", true));
    });

    // API tokens.
    router.Add("POST", "/api/v1/tokens", [&accounts](const http::Request& req) {
        const auto who = Writer(req, accounts);
        const json body = Body(req);
        CheckFields(body, {"name", "scope", "days"});
        auto t = accounts.CreateToken(who, Str(body, "name", true), StrList(body, "scope"),
                                      Int(body, "days", 30));
        return Created({{"id", t.id}, {"token", t.token}, {"expires_at", t.expires_at}});
    });
    router.Get("/api/v1/tokens", [&accounts](const http::Request& req) {
        const auto who = Writer(req, accounts);
        json items = json::array();
        for (const auto& t : accounts.Tokens(who)) {
            items.push_back({{"id", t.id},
                             {"name", t.name},
                             {"scope", t.scope},
                             {"expires_at", t.expires_at},
                             {"revoked", t.revoked},
                             {"created_at", t.created_at}});
        }
        return Private({{"items", items}});
    });
    router.Add("DELETE", "/api/v1/tokens/{id}", [&accounts](const http::Request& req) {
        const auto who = Writer(req, accounts);
        accounts.RevokeToken(who, IdParam(req, "token"));
        http::Response r;
        r.status = 204;
        r.content_type = "";
        return r;
    });

    // Accounts (administrators).
    router.Add("POST", "/api/v1/accounts", [&accounts, &service](const http::Request& req) {
        const auto who = Writer(req, accounts);
        if (!who.IsAdmin()) {
            throw Forbidden("only administrators add accounts");
        }
        const json body = Body(req);
        CheckFields(body, {"email", "name", "role", "scope", "password"});
        app::NewAccount a{Str(body, "email", true), Str(body, "name", true),
                          Str(body, "role", true), StrList(body, "scope"),
                          Str(body, "password", true)};
        const auto id = accounts.Add(a, *service.snapshot());
        return Created({{"id", id}, {"email", a.email}, {"role", a.role}});
    });

    // Notices and their letters.
    router.Add("POST", "/api/v1/notices", [&](const http::Request& req) {
        const auto who = Writer(req, accounts);
        const json body = Body(req);
        CheckFields(
            body, {"program", "fiscal_year", "conditions", "recipients", "recipients_list",
                   "recipients_state", "recipients_kind", "addressees", "deadline", "deadline_days",
                   "deliverables", "title", "letter", "signer", "signer_title"});
        app::NoticeRequest n;
        n.program = Str(body, "program", true);
        n.fiscal_year = Int(body, "fiscal_year", 0);
        n.conditions = StrList(body, "conditions");
        n.recipients = StrList(body, "recipients");
        n.recipients_list = Str(body, "recipients_list");
        n.recipients_state = Str(body, "recipients_state");
        n.recipients_kind = Str(body, "recipients_kind");
        if (auto it = body.find("addressees"); it != body.end() && !it->is_null()) {
            if (!it->is_object()) {
                throw InvalidInput("addressees: an object from GEOID to the addressee's name");
            }
            for (const auto& [geoid, name] : it->items()) {
                if (!name.is_string()) {
                    throw InvalidInput("addressees: {}: must be a string", geoid);
                }
                n.addressees.emplace_back(geoid, name.get<std::string>());
            }
        }
        n.deadline = Str(body, "deadline");
        n.deadline_days = Int(body, "deadline_days", 0);
        n.deliverables = StrList(body, "deliverables");
        n.title = Str(body, "title", true);
        n.letter = Str(body, "letter", true);
        n.signer = Str(body, "signer", true);
        n.signer_title = Str(body, "signer_title");
        const auto rec = campaigns.IssueNotice(who, n);
        json j = Recorded(service, rec);
        j["letters"] = json::array();
        for (const auto& r : rec.snapshot->FindNotice(rec.id)->recipients) {
            j["letters"].push_back(
                {{"jurisdiction", r.jurisdiction},
                 {"addressee", r.addressee},
                 {"url", fmt::format("/api/v1/notices/{}/letters/{}", rec.id, r.jurisdiction)}});
        }
        return Created(j, "/api/v1/notices/" + rec.id);
    });
    router.Add("POST", "/api/v1/notices/{id}/amendments", [&](const http::Request& req) {
        const auto who = Writer(req, accounts);
        const json body = Body(req);
        CheckFields(body, {"kind", "deadline", "jurisdictions", "note"});
        app::AmendRequest a{req.Param("id"), Str(body, "kind", true), Str(body, "deadline"),
                            StrList(body, "jurisdictions"), Str(body, "note")};
        return Created(Recorded(service, campaigns.AmendNotice(who, a)),
                       "/api/v1/notices/" + a.notice);
    });
    router.Get("/api/v1/notices/{id}/letters/{jurisdiction}", [&service](const http::Request& req) {
        const auto s = service.snapshot();
        http::Response r;
        r.content_type = "application/pdf";
        r.body = app::Campaigns::LetterPdf(*s, req.Param("id"), req.Param("jurisdiction"));
        return r.With("Content-Disposition",
                      fmt::format("inline; filename=\"{}-{}.pdf\"", req.Param("id"),
                                  req.Param("jurisdiction")));
    });

    // Evidence files: uploaded as the request body, served only as attachments.
    router.Add("POST", "/api/v1/evidence", [&](const http::Request& req) {
        const auto who = Writer(req, accounts);
        const auto info = campaigns.UploadEvidence(who, req.body);
        return Created({{"sha256", info.sha256},
                        {"size", info.size},
                        {"url", "/api/v1/evidence/" + info.sha256}},
                       "/api/v1/evidence/" + info.sha256);
    });
    router.Get("/api/v1/evidence/{sha256}", [&](const http::Request& req) {
        const auto who = Caller(req, accounts);
        if (!who) {
            throw Unauthenticated("sign in to read evidence files");
        }
        http::Response r;
        r.content_type = "application/pdf";
        r.body = campaigns.ReadEvidence(*who, req.Param("sha256"));
        return r
            .With("Content-Disposition",
                  fmt::format("attachment; filename=\"{}.pdf\"", req.Param("sha256")))
            .With("Content-Security-Policy", "sandbox")
            .With("Cache-Control", "private, no-store");
    });

    // Certifications.
    router.Add("POST", "/api/v1/certifications", [&](const http::Request& req) {
        const auto who = Writer(req, accounts);
        const json body = Body(req);
        CheckFields(body, {"notice", "jurisdiction", "statement", "signer_name", "signer_title",
                           "evidence"});
        app::CertificationRequest c{
            Str(body, "notice", true),       Str(body, "jurisdiction", true),
            Str(body, "statement", true),    Str(body, "signer_name", true),
            Str(body, "signer_title", true), StrList(body, "evidence")};
        const auto rec = campaigns.SubmitCertification(who, c);
        json j = Recorded(service, rec);
        // Where the obligation stands now: met, or met late.
        const auto& juris = app::Service::ResolveJurisdiction(*rec.snapshot, c.jurisdiction);
        j["obligation"] = nullptr;
        const auto status = rec.snapshot->engine().Evaluate(juris, app::Service::Today());
        for (const auto& cs : status.conditions) {
            for (const auto& ob : cs.obligations) {
                if (ob.notice->id == c.notice && j["obligation"].is_null()) {
                    j["obligation"] = {{"notice", c.notice},
                                       {"due", ob.due.ToString()},
                                       {"state", rules::ToString(ob.state)}};
                }
            }
        }
        return Created(j);
    });

    // Determinations, recorded at once or kept as drafts for the agency side.
    router.Add("POST", "/api/v1/determinations", [&](const http::Request& req) {
        const auto who = Writer(req, accounts);
        const json body = Body(req);
        const auto d = DeterminationFromJson(body);
        if (auto draft = body.find("draft"); draft != body.end() && draft->is_boolean() && *draft) {
            json kept = body;
            kept.erase("draft");
            const auto id = campaigns.SaveDraft(who, d, kept.dump());
            return Created({{"draft", id}, {"url", "/api/v1/drafts"}});
        }
        const auto rec = campaigns.RecordDetermination(who, d);
        return Created(Recorded(service, rec), "/api/v1/notices/" + rec.id);
    });
    router.Get("/api/v1/drafts", [&](const http::Request& req) {
        const auto who = Writer(req, accounts);
        json items = json::array();
        for (const auto& d : campaigns.Drafts(who)) {
            items.push_back(
                {{"id", d.id},
                 {"kind", d.kind},
                 {"program", d.program},
                 {"summary", d.summary},
                 {"created_at", d.created_at},
                 {"released_as", d.released_as.empty() ? json(nullptr) : json(d.released_as)},
                 {"request", json::parse(d.body, nullptr, false)}});
        }
        return Private({{"items", items}});
    });
    router.Add("POST", "/api/v1/drafts/{id}/release", [&](const http::Request& req) {
        const auto who = Writer(req, accounts);
        const auto draft = campaigns.DraftToRelease(who, IdParam(req, "draft"));
        // Checked again as it is recorded: the data may have changed since it was drafted.
        const auto rec = campaigns.RecordDetermination(
            who, DeterminationFromJson(json::parse(draft.body, nullptr, false)));
        campaigns.MarkReleased(draft.id, rec.id);
        return Created(Recorded(service, rec), "/api/v1/notices/" + rec.id);
    });

    // Allocation scenarios: pure computation over the formula inputs sent, open to anyone (it
    // reads the data only for list: and finding: rules, and stores nothing).
    router.Add("POST", "/api/v1/allocations", [&service](const http::Request& req) {
        const json body = Body(req);
        CheckFields(body, {"total", "states_csv", "units_csv", "withhold", "realloc", "as_of"});
        const auto total = Money::Parse(Str(body, "total", true));
        if (!total) {
            throw InvalidInput("total: '{}' is not an amount in dollars", Str(body, "total"));
        }
        std::optional<std::string> units;
        if (body.contains("units_csv") && !body["units_csv"].is_null()) {
            units = Str(body, "units_csv");
        }
        const auto in = app::ParseAllocationInputs(Str(body, "states_csv", true), units, "upload");
        const auto snap = service.snapshot();
        const auto as_of =
            app::Service::ParseAsOf(*snap, Str(body, "as_of"), app::Service::Today(), "as_of");
        const auto report =
            app::RunScenario(formula::Allocate(*total, in.states, in.units),
                             StrList(body, "withhold"), Str(body, "realloc"), as_of, snap.get());
        http::Response r;
        r.body = ScenarioJson(report);
        return r.With("Cache-Control", "no-store");
    });

    // Webhooks (administrators).
    router.Add("POST", "/api/v1/webhooks", [&](const http::Request& req) {
        const auto who = Writer(req, accounts);
        const json body = Body(req);
        CheckFields(body, {"url"});
        const auto w = campaigns.AddWebhook(who, Str(body, "url", true));
        return Created({{"id", w.id}, {"url", w.url}, {"secret", w.secret}});
    });
    router.Get("/api/v1/webhooks/deliveries", [&](const http::Request& req) {
        auto who = Caller(req, accounts);
        if (!who) {
            throw Unauthenticated("sign in as an administrator");
        }
        if (!who->IsAdmin()) {
            throw Forbidden("only administrators read the delivery log");
        }
        json items = json::array();
        for (const auto& d : service.store().accounts().Deliveries(500)) {
            items.push_back({{"id", d.id},
                             {"webhook", d.webhook_id},
                             {"event", d.event_key},
                             {"status", d.status},
                             {"attempts", d.attempts},
                             {"next_attempt", d.next_attempt},
                             {"last_error", d.last_error},
                             {"delivered_at", d.delivered_at}});
        }
        return Private({{"items", items}});
    });
}

}  // namespace grantcheck::api
