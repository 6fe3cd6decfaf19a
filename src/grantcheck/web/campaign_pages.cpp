// The campaign's pages: sign in, and one page where a reviewer issues notices, amends them and
// records determinations, and a certifier sees what its jurisdictions owe and answers. The
// forms send JSON to the API (web/static/campaign.js), so pages and scripts share one path and
// one set of checks.
#include <algorithm>

#include <fmt/format.h>

#include "grantcheck/app/campaign.hpp"
#include "grantcheck/common/error.hpp"
#include "grantcheck/common/text.hpp"
#include "grantcheck/web/page.hpp"
#include "grantcheck/web/pages.hpp"

namespace grantcheck::web_assets {
std::optional<std::string_view> EmbeddedFile(std::string_view name);
}

namespace grantcheck::web {
namespace {

using kainjow::mustache::data;

// An <option>: its value and its text.
data Option(const std::string& id, const std::string& title) {
    data x;
    x.set("id", id);
    x.set("title", title);
    return x;
}

http::Response Private(http::Response r) {
    return r.With("Cache-Control", "no-store");
}

data ReviewerView(const app::ReadModel& m,
                  const app::Principal& who,
                  const app::Campaigns& campaigns,
                  data view) {
    view.set("reviewer", true);
    view.set("year", std::to_string(app::Service::Today().year()));
    auto mine = [&](const std::string& program) { return who.IsAdmin() || who.Reviews(program); };
    data programs = List();
    for (const auto& p : m.data().programs) {
        if (mine(p.id)) {
            programs.push_back(Option(p.id, p.name));
        }
    }
    view.set("programs", programs);
    data conditions = List();
    for (const auto& c : m.data().conditions) {
        if (mine(c.program)) {
            conditions.push_back(Option(c.id, c.title));
        }
    }
    view.set("conditions", conditions);
    data lists = List();
    for (const auto& l : m.data().lists) {
        lists.push_back(Option(l.id, l.title));
    }
    view.set("lists", lists);
    data outcomes = List();
    for (auto o : app::DeterminationOutcomes()) {
        outcomes.push_back(Option(std::string(o), Humanize(o)));
    }
    view.set("outcomes", outcomes);
    data funding = List();
    for (auto f : app::FundingActionKinds()) {
        funding.push_back(data(std::string(f)));
    }
    view.set("funding", funding);
    // Newest first.
    std::vector<const model::Notice*> issued;
    for (const auto& n : m.data().notices) {
        if (app::IssuedHere(n) && mine(n.program)) {
            issued.push_back(&n);
        }
    }
    std::sort(issued.begin(), issued.end(), [](const auto* a, const auto* b) {
        return a->date.first != b->date.first ? a->date.first > b->date.first : a->id > b->id;
    });
    data rows = List();
    for (const auto* n : issued) {
        data x;
        x.set("id", n->id);
        x.set("title", n->title);
        x.set("kind", Humanize(model::ToString(n->kind)));
        x.set("date", n->date.ToString());
        x.set("deadline", n->deadline ? data(n->deadline->ToString()) : data(false));
        x.set("count", std::to_string(n->recipients.size()));
        x.set("amendable", n->kind != model::NoticeKind::kDetermination || n->deadline.has_value());
        data letters = List();
        for (const auto& r : n->recipients) {
            data l;
            const auto* j = m.FindJurisdiction(r.jurisdiction);
            l.set("name", j != nullptr ? model::DisplayName(*j) : r.jurisdiction);
            l.set("url", fmt::format("/api/v1/notices/{}/letters/{}", n->id, r.jurisdiction));
            letters.push_back(l);
        }
        x.set("letters", letters);
        rows.push_back(x);
    }
    view.set("issued", rows);
    data drafts = List();
    for (const auto& d : campaigns.Drafts(who)) {
        data x;
        x.set("id", std::to_string(d.id));
        x.set("summary", d.summary);
        x.set("created_at", d.created_at);
        x.set("released_as", Opt(d.released_as));
        drafts.push_back(x);
    }
    view.set("drafts", drafts);
    return view;
}

data CertifierView(const app::ReadModel& m, const app::Principal& who, data view) {
    view.set("certifier", true);
    const Date today = app::Service::Today();
    data rows = List();
    size_t key = 0;
    for (const auto& geoid : who.scope) {
        const auto* j = m.FindJurisdiction(geoid);
        if (j == nullptr) {
            continue;
        }
        const auto status = m.engine().Evaluate(*j, today);
        std::vector<const model::Notice*> seen;
        for (const auto& c : status.conditions) {
            for (const auto& ob : c.obligations) {
                if (!app::IssuedHere(*ob.notice) ||
                    std::find(seen.begin(), seen.end(), ob.notice) != seen.end()) {
                    continue;
                }
                seen.push_back(ob.notice);
                const auto state = ob.state;
                data x;
                x.set("key", std::to_string(key++));
                x.set("jurisdiction", model::DisplayName(*j));
                x.set("geoid", j->geoid);
                x.set("notice", ob.notice->id);
                x.set("title", ob.notice->title);
                x.set("due", ob.due.ToString());
                x.set("state", std::string(rules::ToString(state)));
                x.set("state_text", Humanize(rules::ToString(state)));
                x.set("response",
                      ob.response != nullptr ? data(ob.response->date.ToString()) : data(false));
                // Late answers are accepted (and marked late); a withdrawn notice needs none.
                x.set("open", state == rules::ObligationState::kOpen ||
                                  state == rules::ObligationState::kExtended ||
                                  state == rules::ObligationState::kMissed);
                x.set("letter",
                      fmt::format("/api/v1/notices/{}/letters/{}", ob.notice->id, j->geoid));
                rows.push_back(x);
            }
        }
    }
    view.set("obligations", rows);
    return view;
}

}  // namespace

void RegisterCampaign(http::Router& router,
                      app::Service& service,
                      app::Accounts& accounts,
                      app::Campaigns& campaigns) {
    router.Get("/signin", [&service](const http::Request&) {
        return Private(Page(*service.snapshot(), "Sign in", "signin", data()));
    });
    router.Get("/campaign", [&service, &accounts, &campaigns](const http::Request& req) {
        const auto token = req.Cookie(app::Accounts::kSessionCookie);
        const auto who = token ? accounts.FromSession(*token) : std::nullopt;
        if (!who) {
            http::Response r;
            r.status = 303;
            r.content_type = "text/plain; charset=utf-8";
            r.body = "sign in first: /signin\n";
            return Private(r.With("Location", "/signin"));
        }
        const auto m = service.snapshot();
        data view;
        view.set("name", who->name);
        view.set("email", who->email);
        view.set("role", who->role);
        view.set("csrf", who->csrf);
        std::vector<std::string> scope;
        for (const auto& s : who->scope) {
            const auto* j = m->FindJurisdiction(s);
            scope.push_back(j != nullptr ? model::DisplayName(*j) : s);
        }
        view.set("scope", Opt(fmt::format("{}", fmt::join(scope, "; "))));
        if (who->OnAgencySide()) {
            view = ReviewerView(*m, *who, campaigns, view);
        }
        if (who->role == "certifier") {
            view = CertifierView(*m, *who, view);
        }
        return Private(Page(*m, "Campaign", "campaign", view));
    });
    router.Get("/static/campaign.js", [](const http::Request&) {
        http::Response r;
        r.content_type = "text/javascript; charset=utf-8";
        r.body = std::string(web_assets::EmbeddedFile("static/campaign.js").value_or(""));
        return r;
    });
}

}  // namespace grantcheck::web
