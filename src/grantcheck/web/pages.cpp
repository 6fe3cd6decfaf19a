#include "grantcheck/web/pages.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "grantcheck/app/campaign.hpp"
#include "grantcheck/common/error.hpp"
#include "grantcheck/common/text.hpp"
#include "grantcheck/web/events.hpp"
#include "grantcheck/web/page.hpp"

namespace grantcheck::web_assets {
std::optional<std::string_view> EmbeddedFile(std::string_view name);
}

namespace grantcheck::web {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;
using store::Snapshot;

// Templates are compiled at first use from the files embedded at build time, once per thread:
// kainjow's render() is not const, so threads do not share a compiled template.
mustache& Template(const std::string& name) {
    thread_local std::map<std::string, mustache> templates = [] {
        std::map<std::string, mustache> m;
        for (const char* t : {"layout", "home", "jurisdictions", "jurisdiction", "lists", "list",
                              "cases", "case", "error", "receipt", "notice", "compare", "search",
                              "timeline", "signin", "campaign", "scenarios"}) {
            auto text = web_assets::EmbeddedFile(fmt::format("templates/{}.mustache", t));
            auto [it, _] = m.emplace(t, mustache(std::string(text.value_or(""))));
            if (!it->second.is_valid()) {
                throw AppError(ErrorCode::kInternal, "a page template is broken",
                               fmt::format("{}: {}", t, it->second.error_message()));
            }
        }
        return m;
    }();
    return templates.at(name);
}

// Changes whenever the stylesheet does, so it can be cached for long under a versioned URL.
const std::string& AssetVersion() {
    static const std::string version = [] {
        uint64_t h = 14695981039346656037ull;
        for (unsigned char c : web_assets::EmbeddedFile("static/style.css").value_or("")) {
            h = (h ^ c) * 1099511628211ull;
        }
        return fmt::format("{:012x}", h & 0xffffffffffffull);
    }();
    return version;
}

// The options of a <select> over records with an id and a title, `chosen` selected.
template <typename Records>
data Choices(const Records& records, const std::string& chosen) {
    data list = List();
    for (const auto& r : records) {
        data x;
        x.set("id", r.id);
        x.set("title", r.title);
        x.set("selected", r.id == chosen);
        list.push_back(x);
    }
    return list;
}

// "Recorded in log entry N", for the page of a record.
data Recorded(const app::ReadModel& model, std::string_view kind, std::string_view id) {
    auto index = model.RecordedIn(kind, id);
    return index ? data(std::to_string(*index)) : data(false);
}

data Flag(model::Confidence c) {
    return c == model::Confidence::kConfirmed ? data(false) : data(std::string(ToString(c)));
}

data Sources(const Snapshot& snap, const model::Provenance& p) {
    data list = List();
    for (const auto& id : p.sources) {
        if (const auto* s = snap.FindSource(id)) {
            data d;
            d.set("url", s->url);
            d.set("title", s->title);
            d.set("reliability", s->reliability);
            list.push_back(d);
        }
    }
    return list;
}

data JurisdictionLink(const Snapshot& snap, const std::string& geoid) {
    data d;
    if (const auto* j = snap.FindJurisdiction(geoid)) {
        d.set("id", j->geoid);
        d.set("name", DisplayName(*j));
    }
    return d;
}

http::Response Home(const Snapshot& snap) {
    const auto& d = snap.data();
    data view;
    view.set("jurisdiction_count", std::to_string(d.jurisdictions.size()));
    view.set("list_count", std::to_string(d.lists.size()));
    view.set("notice_count", std::to_string(d.notices.size()));
    view.set("case_count", std::to_string(d.cases.size()));
    view.set("source_count", std::to_string(d.sources.size()));
    data lists = List();
    std::vector<const model::DesignationList*> sorted;
    for (const auto& l : d.lists) {
        sorted.push_back(&l);
    }
    std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
        return a->versions.back().published.first < b->versions.back().published.first;
    });
    for (const auto* l : sorted) {
        data x;
        x.set("id", l->id);
        x.set("title", l->title);
        x.set("issuer", l->issuer);
        x.set("published", l->versions.back().published.ToString());
        x.set("member_count", std::to_string(l->versions.back().members.size()));
        x.set("flag", Flag(l->provenance.confidence));
        lists.push_back(x);
    }
    view.set("lists", lists);
    std::vector<const model::Notice*> notices;
    for (const auto& n : d.notices) {
        notices.push_back(&n);
    }
    std::sort(notices.begin(), notices.end(),
              [](const auto* a, const auto* b) { return a->date.first < b->date.first; });
    data nl = List();
    for (const auto* n : notices) {
        data x;
        x.set("id", n->id);
        x.set("date", n->date.ToString());
        x.set("title", n->title);
        x.set("deadline", n->deadline ? n->deadline->ToString() : "—");
        x.set("recipient_count", std::to_string(n->recipients.size()));
        x.set("flag", Flag(n->provenance.confidence));
        nl.push_back(x);
    }
    view.set("notices", nl);
    data cl = List();
    for (const auto& c : d.cases) {
        data x;
        x.set("id", c.id);
        x.set("title", c.title);
        x.set("court", c.court);
        x.set("docket", Opt(c.docket.empty() ? "docket unconfirmed" : c.docket));
        x.set("order_count", std::to_string(c.orders.size()));
        cl.push_back(x);
    }
    view.set("cases", cl);
    view.set("conditions", Choices(d.conditions, "jag-2017-access"));
    view.set("as_of", "2017-10-01");
    view.set("asset_version", AssetVersion());
    return Page(snap, "Home", "home", view);
}

http::Response Jurisdictions(const Snapshot& snap, const http::Request& req) {
    app::JurisdictionQuery q;
    q.q = req.Query("q").value_or("");
    q.kind = req.Query("kind").value_or("");
    q.state = req.Query("state").value_or("");
    if (q.q.size() > 200) {
        throw InvalidInput("q: at most 200 characters");
    }
    q.limit = 500;
    const auto page = app::Service::ListJurisdictions(snap, q);
    data view;
    view.set("query", q.q);
    view.set("state", q.state);
    data kinds = List();
    for (auto k : model::JurisdictionKindNames()) {
        data x;
        x.set("value", std::string(k));
        x.set("selected", k == q.kind);
        kinds.push_back(x);
    }
    view.set("kinds", kinds);
    std::string csv_query;
    for (const auto& [k, v] : {std::pair{"q", q.q}, {"kind", q.kind}, {"state", q.state}}) {
        if (!v.empty()) {
            csv_query += fmt::format("{}={}&", k, http::PercentEncode(v));
        }
    }
    view.set("csv_query", csv_query);
    view.set("total", std::to_string(page.total));
    view.set("one", page.total == 1);
    view.set("more", page.total > page.items.size());
    view.set("shown", std::to_string(page.items.size()));
    data items = List();
    for (const auto* j : page.items) {
        data x;
        x.set("id", j->geoid);
        x.set("name", DisplayName(*j));
        x.set("kind", std::string(ToString(j->kind)));
        items.push_back(x);
    }
    view.set("items", items);
    return Page(snap, "Jurisdictions", "jurisdictions", view, q.q);
}

// Where a reason's record is shown: a provision on this page, an order on its case page.
std::pair<std::string, std::string> ReasonLink(const rules::Reason& r) {
    if (r.provision != nullptr) {
        return {fmt::format("#provision-{}-{}", r.policy->id, r.provision->id), "provision"};
    }
    if (r.policy != nullptr) {
        return {fmt::format("#policy-{}", r.policy->id), "policy"};
    }
    if (r.order != nullptr) {
        return {fmt::format("/cases/{}#{}", r.kase->id, r.order->id), "order"};
    }
    return {};
}

data StatusView(const app::ReadModel& model, const model::Jurisdiction& j, Date as_of) {
    const auto status = model.engine().Evaluate(j, as_of);
    data conditions = List();
    std::string not_applying;
    bool has_applying = false;
    for (const auto& c : status.conditions) {
        if (!c.applies) {
            not_applying += (not_applying.empty() ? "" : ", ") + c.condition->title;
            continue;
        }
        has_applying = true;
        data x;
        x.set("cid", c.condition->id);
        x.set("title", c.condition->title);
        x.set("assessment", Humanize(rules::ToString(c.assessment)));
        x.set("assessment_class", c.assessment == rules::Assessment::kLikelyBreach ? "breach"
                                  : c.assessment == rules::Assessment::kLikelyCompliant
                                      ? "compliant"
                                      : "unknown");
        x.set("enforce_text",
              c.enforceable ? "Enforceable" : "Not enforceable: blocked by a court");
        x.set("enforce_class", c.enforceable ? "enforceable" : "blocked");
        x.set("enforce_uncertain", c.enforceable_certainty == rules::Certainty::kUncertain);
        x.set("applies_uncertain", c.applies_certainty == rules::Certainty::kUncertain);
        if (c.determination) {
            data d;
            d.set("outcome", Humanize(c.determination->recipient->finding));
            d.set("date", c.determination->notice->date.ToString());
            x.set("determination", d);
        } else {
            x.set("determination", data(false));
        }
        data obligations = List();
        for (const auto& o : c.obligations) {
            data y;
            y.set("title", o.notice->title);
            y.set("nid", o.notice->id);
            y.set("sources", Sources(model, o.notice->provenance));
            y.set("deliverables", Opt(fmt::format("{}", fmt::join(o.notice->deliverables, ", "))));
            y.set("due", o.due.ToString());
            y.set("original", Opt(o.original ? o.original->ToString() : ""));
            y.set("state", Humanize(rules::ToString(o.state)));
            y.set("state_class", std::string(rules::ToString(o.state)));
            y.set("uncertain", o.certainty == rules::Certainty::kUncertain);
            obligations.push_back(y);
        }
        x.set("has_obligations", !c.obligations.empty());
        x.set("obligations", obligations);
        data reasons = List();
        for (const auto* group : {&c.reasons, &c.enforceable_reasons}) {
            for (const auto& r : *group) {
                data y;
                y.set("text", rules::Describe(r, j));
                const auto [href, link] = ReasonLink(r);
                y.set("href", Opt(href));
                y.set("link", link);
                const model::Provenance* prov = r.order != nullptr    ? &r.order->provenance
                                                : r.policy != nullptr ? &r.policy->provenance
                                                                      : nullptr;
                y.set("sources", prov != nullptr ? Sources(model, *prov) : List());
                reasons.push_back(y);
            }
        }
        x.set("reasons", reasons);
        std::string awards;
        for (const auto* a : c.awards) {
            awards += (awards.empty() ? "" : "; ") +
                      fmt::format("FY{} {}", a->fiscal_year,
                                  a->amount ? a->amount->ToString() : a->amount_text);
        }
        x.set("has_awards", !awards.empty());
        x.set("awards", awards);
        conditions.push_back(x);
    }
    data view;
    view.set("conditions", conditions);
    view.set("has_applying", has_applying);
    view.set("not_applying", Opt(not_applying));
    return view;
}

data PoliciesView(const Snapshot& snap, const model::Jurisdiction& j) {
    data list = List();
    bool any = false;
    for (const auto& p : snap.data().policies) {
        if (p.jurisdiction != j.geoid && p.jurisdiction != j.state_geoid &&
            p.jurisdiction != j.county_geoid) {
            continue;
        }
        any = true;
        data x;
        x.set("pid", p.id);
        const auto* owner = snap.FindJurisdiction(p.jurisdiction);
        x.set("title", p.jurisdiction == j.geoid || owner == nullptr
                           ? p.title
                           : fmt::format("{} ({})", p.title, DisplayName(*owner)));
        x.set("kind", Humanize(p.kind));
        x.set("citation", Opt(p.citation));
        std::string dates;
        if (p.adopted) {
            dates = "adopted " + p.adopted->ToString();
        } else if (p.effective) {
            dates = "effective " + p.effective->ToString();
        } else if (p.in_force_by) {
            dates = "in force by " + p.in_force_by->ToString();
        }
        if (p.repealed) {
            dates += ", repealed " + p.repealed->ToString();
        }
        x.set("dates", Opt(dates));
        x.set("text_in_hand", p.text_in_hand);
        x.set("summary", Opt(p.summary));
        x.set("flag", Flag(p.provenance.confidence));
        data provisions = List();
        for (const auto& v : p.provisions) {
            data y;
            y.set("pid", p.id);
            y.set("vid", v.id);
            y.set("type", Humanize(v.type));
            std::string exceptions;
            for (const auto& e : v.exceptions) {
                exceptions += (exceptions.empty() ? "" : ", ") + Humanize(e);
            }
            y.set("exceptions", Opt(exceptions));
            y.set("summary", v.summary);
            y.set("citation", Opt(v.citation));
            provisions.push_back(y);
        }
        x.set("provisions", provisions);
        x.set("sources", Sources(snap, p.provenance));
        list.push_back(x);
    }
    data view;
    view.set("has_policies", any);
    view.set("policies", list);
    return view;
}

http::Response Jurisdiction(const app::ReadModel& snap,
                            const model::Jurisdiction& j,
                            const http::Request& req) {
    const Date as_of =
        app::Service::ParseAsOf(snap, req.Query("as_of").value_or(""), app::Service::Today());
    data view = StatusView(snap, j, as_of);
    view.set("as_of", as_of.ToString());
    view.set("recorded", Recorded(snap, "jurisdiction", j.geoid));
    view.set("feed", "/feeds/events.atom?jurisdiction=" + j.geoid);
    view.set("earliest", snap.engine().earliest().ToString());
    const data policies = PoliciesView(snap, j);
    view.set("has_policies",
             policies.get("has_policies") != nullptr && policies.get("has_policies")->is_true());
    view.set("policies", *policies.get("policies"));
    data history = List();
    for (const auto& c : snap.engine().History(j)) {
        data x;
        x.set("date", c.date.ToString());
        x.set("kind", Humanize(rules::ToString(c.kind)));
        x.set("text", c.text);
        history.push_back(x);
    }
    view.set("history", history);
    view.set("id", j.geoid);
    view.set("name", DisplayName(j));
    view.set("kind", std::string(ToString(j.kind)));
    view.set("ocd_id", Opt(j.ocd_id));
    data parents = List();
    if (j.kind == model::JurisdictionKind::kCounty || j.kind == model::JurisdictionKind::kCity) {
        parents.push_back(JurisdictionLink(snap, j.state_geoid));
    }
    if (j.kind == model::JurisdictionKind::kCity && !j.county_geoid.empty()) {
        parents.push_back(JurisdictionLink(snap, j.county_geoid));
    }
    view.set("parents", parents);
    data lists = List();
    for (const auto& n : snap.ListsNaming(j.geoid)) {
        data x;
        x.set("id", n.list->id);
        x.set("title", n.list->title);
        x.set("published", n.version->published.ToString());
        x.set("withdrawn", Opt(n.version->withdrawn ? n.version->withdrawn->ToString() : ""));
        x.set("as_named", n.member->as_named);
        x.set("flag", Flag(n.member->provenance.confidence));
        x.set("note", Opt(n.member->provenance.note));
        lists.push_back(x);
    }
    view.set("has_lists", !snap.ListsNaming(j.geoid).empty());
    view.set("lists", lists);
    data notices = List();
    for (const auto& a : snap.NoticesTo(j.geoid)) {
        data x;
        x.set("nid", a.notice->id);
        x.set("date", a.notice->date.ToString());
        x.set("title", a.notice->title);
        x.set("addressee", Opt(a.recipient->addressee));
        x.set("deadline", a.notice->deadline ? a.notice->deadline->ToString() : "—");
        x.set("finding", Humanize(a.recipient->finding));
        x.set("flag", Flag(a.recipient->provenance.confidence));
        notices.push_back(x);
    }
    view.set("has_notices", !snap.NoticesTo(j.geoid).empty());
    view.set("notices", notices);
    data cases = List();
    for (const auto* c : snap.CasesInvolving(j.geoid)) {
        data x;
        x.set("id", c->id);
        x.set("title", c->title);
        x.set("court", c->court);
        x.set("docket", Opt(c->docket));
        std::string role = "named in an order's scope";
        for (const auto& p : c->parties) {
            if (p.jurisdiction == j.geoid) {
                role = p.role;
            }
        }
        x.set("role", role);
        data orders = List();
        for (const auto& o : c->orders) {
            data y;
            y.set("date", o.date.ToString());
            y.set("kind", Humanize(ToString(o.kind)));
            y.set("scope", std::string(ToString(o.scope.kind)));
            orders.push_back(y);
        }
        x.set("orders", orders);
        cases.push_back(x);
    }
    view.set("has_cases", !snap.CasesInvolving(j.geoid).empty());
    view.set("cases", cases);
    data awards = List();
    for (const auto* a : snap.AwardsOf(j.geoid)) {
        data x;
        x.set("fiscal_year", std::to_string(a->fiscal_year));
        x.set("description", a->description);
        x.set("amount_text",
              a->amount ? a->amount->ToString() : "unknown (" + a->amount_text + ")");
        x.set("approximate", a->approximate);
        awards.push_back(x);
    }
    view.set("has_awards", !snap.AwardsOf(j.geoid).empty());
    view.set("awards", awards);
    view.set("sources", Sources(snap, j.provenance));
    return Page(snap, DisplayName(j), "jurisdiction", view);
}

data ListRow(const model::DesignationList& l) {
    data x;
    x.set("id", l.id);
    x.set("title", l.title);
    x.set("issuer", l.issuer);
    x.set("published", l.versions.back().published.ToString());
    x.set("member_count", std::to_string(l.versions.back().members.size()));
    x.set("stated_count", l.stated_count ? std::to_string(*l.stated_count) : "—");
    x.set("flag", Flag(l.provenance.confidence));
    return x;
}

http::Response ListPage(const app::ReadModel& snap, const model::DesignationList& l) {
    data view = ListRow(l);
    view.set("recorded", Recorded(snap, "list", l.id));
    view.set("basis", l.basis);
    view.set("note", Opt(l.provenance.note));
    data versions = List();
    for (const auto& v : l.versions) {
        data x;
        x.set("version", std::to_string(v.version));
        x.set("published", v.published.ToString());
        x.set("withdrawn", Opt(v.withdrawn ? v.withdrawn->ToString() : ""));
        x.set("vnote", Opt(v.note));
        data members = List();
        for (const auto& m : v.members) {
            data y = m.jurisdiction.empty() ? data() : JurisdictionLink(snap, m.jurisdiction);
            y.set("resolved", !m.jurisdiction.empty());
            y.set("as_named", m.as_named);
            data cands = List();
            for (const auto& c : m.candidates) {
                cands.push_back(JurisdictionLink(snap, c));
            }
            y.set("candidates", cands);
            y.set("flag", Flag(m.provenance.confidence));
            y.set("note", Opt(m.provenance.note));
            members.push_back(y);
        }
        x.set("members", members);
        versions.push_back(x);
    }
    view.set("versions", versions);
    view.set("sources", Sources(snap, l.provenance));
    return Page(snap, l.title, "list", view);
}

http::Response NoticePage(const app::ReadModel& snap, const model::Notice& n) {
    data view;
    view.set("id", n.id);
    view.set("title", n.title);
    view.set("recorded", Recorded(snap, "notice", n.id));
    view.set("date", n.date.ToString());
    view.set("kind", Humanize(model::ToString(n.kind)));
    view.set("sender", n.sender);
    view.set("signer", Opt(n.signer));
    view.set("deadline", Opt(n.deadline ? n.deadline->ToString() : ""));
    auto join = [](const std::vector<std::string>& v) {
        return fmt::format("{}", fmt::join(v, ", "));
    };
    view.set("deliverables", Opt(join(n.deliverables)));
    view.set("conditions", Opt(join(n.conditions)));
    view.set("summary", Opt(n.summary));
    view.set("note", Opt(n.provenance.note));
    view.set("flag", Flag(n.provenance.confidence));
    data amendments = List();
    for (const auto& a : n.amendments) {
        data x;
        x.set("date", a.date.ToString());
        x.set("kind", a.kind);
        x.set("deadline", Opt(a.deadline ? a.deadline->ToString() : ""));
        x.set("note", Opt(a.note));
        amendments.push_back(x);
    }
    view.set("has_amendments", !n.amendments.empty());
    view.set("amendments", amendments);
    data recipients = List();
    for (const auto& r : n.recipients) {
        data x = JurisdictionLink(snap, r.jurisdiction);
        x.set("addressee", r.addressee);
        x.set("finding", Humanize(r.finding));
        x.set("flag", Flag(r.provenance.confidence));
        // Determinations recorded here say why and what they do to the money.
        std::string note = r.provenance.note;
        if (!r.reasons.empty()) {
            note += (note.empty() ? "" : " ") + r.reasons;
        }
        if (!r.funding_action.empty()) {
            note += fmt::format(" Funding: {} {} of award {}.", r.funding_action,
                                r.amount ? r.amount->ToString() : "(no amount)", r.award);
        }
        x.set("note", note);
        // Notices issued here have a PDF letter per recipient.
        x.set("letter", app::IssuedHere(n) ? data(fmt::format("/api/v1/notices/{}/letters/{}", n.id,
                                                              r.jurisdiction))
                                           : data(false));
        recipients.push_back(x);
    }
    view.set("recipient_count", std::to_string(n.recipients.size()));
    view.set("recipients", recipients);
    view.set("sources", Sources(snap, n.provenance));
    return Page(snap, n.title, "notice", view);
}

// Whom the case's orders protect on `as_of`: per (order, condition), the jurisdictions whose
// status names the order as blocking the condition. The engine decides, so the page never
// disagrees with a jurisdiction's own status; a long list (a nationwide order) is counted and
// handed to the map rather than printed.
data ProtectionView(const app::ReadModel& snap, const model::Case& c, Date as_of) {
    constexpr size_t kNamesShown = 60;
    struct Group {
        const model::CourtOrder* order;
        const model::Condition* condition;
        std::vector<const model::Jurisdiction*> certain;
        std::vector<const model::Jurisdiction*> uncertain;
    };
    std::vector<Group> groups;
    // Only the conditions the case's orders cover can be blocked by it, and only where the
    // fast summary says the condition is not certainly enforceable: the full evaluation (with
    // its reasons, so the page agrees with the jurisdiction's own) runs for those alone.
    const auto& engine = snap.engine();
    std::vector<std::pair<uint32_t, const model::Condition*>> covered;
    for (uint32_t ci = 0; ci < snap.data().conditions.size(); ++ci) {
        const auto& cond = snap.data().conditions[ci];
        const bool covers = std::any_of(c.orders.begin(), c.orders.end(), [&](const auto& o) {
            return std::find(o.conditions.begin(), o.conditions.end(), cond.id) !=
                   o.conditions.end();
        });
        if (covers) {
            covered.emplace_back(ci, &cond);
        }
    }
    const auto& all = snap.data().jurisdictions;
    for (uint32_t ji = 0; ji < all.size(); ++ji) {
        const auto& j = all[ji];
        for (const auto& [ci, cond] : covered) {
            const auto summary = engine.Summarize(ji, ci, as_of);
            if (summary.enforceable && summary.certain) {
                continue;
            }
            const auto cs = engine.EvaluateCondition(j, *cond, as_of);
            for (const auto& b : cs.blocked_by) {
                if (b.kase != &c) {
                    continue;
                }
                auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
                    return g.order == b.order && g.condition == cs.condition;
                });
                if (it == groups.end()) {
                    it = groups.insert(groups.end(), Group{b.order, cs.condition, {}, {}});
                }
                (b.certainty == rules::Certainty::kCertain ? it->certain : it->uncertain)
                    .push_back(&j);
            }
        }
    }
    const auto names = [&](const std::vector<const model::Jurisdiction*>& js) {
        data list = List();
        for (size_t i = 0; i < js.size() && i < kNamesShown; ++i) {
            data x;
            x.set("id", js[i]->geoid);
            x.set("name", DisplayName(*js[i]));
            list.push_back(x);
        }
        return list;
    };
    // Parties first, then states and cities, then counties: what a reader looks for in a long list.
    const auto rank = [&](const model::Jurisdiction* j) {
        const bool party = std::any_of(c.parties.begin(), c.parties.end(),
                                       [&](const auto& p) { return p.jurisdiction == j->geoid; });
        return party ? 0 : j->kind == model::JurisdictionKind::kCounty ? 2 : 1;
    };
    data list = List();
    for (auto& g : groups) {
        for (auto* js : {&g.certain, &g.uncertain}) {
            std::stable_sort(js->begin(), js->end(),
                             [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
        }
        // An order that only may protect (its date or scope is open) leads with those.
        const bool sure = !g.certain.empty();
        const auto& shown = sure ? g.certain : g.uncertain;
        data x;
        x.set("order", g.order->id);
        x.set("order_date", g.order->date.ToString());
        x.set("order_kind", Humanize(ToString(g.order->kind)));
        x.set("condition", g.condition->id);
        x.set("condition_title", g.condition->title);
        x.set("verb", sure ? "blocks" : "may block");
        x.set("count",
              fmt::format("{} jurisdiction{}", shown.size(), shown.size() == 1 ? "" : "s"));
        x.set("open", !sure);
        x.set("names", names(shown));
        x.set("more",
              Opt(shown.size() > kNamesShown ? std::to_string(shown.size() - kNamesShown) : ""));
        x.set("uncertain_count",
              Opt(sure && !g.uncertain.empty() ? std::to_string(g.uncertain.size()) : ""));
        x.set("uncertain", names(sure ? g.uncertain : std::vector<const model::Jurisdiction*>{}));
        list.push_back(x);
    }
    data view;
    view.set("protections", list);
    view.set("protects_none", groups.empty());
    return view;
}

http::Response CasePage(const app::ReadModel& snap,
                        const model::Case& c,
                        const http::Request& req) {
    const Date as_of =
        app::Service::ParseAsOf(snap, req.Query("as_of").value_or(""), app::Service::Today());
    data view = ProtectionView(snap, c, as_of);
    view.set("id", c.id);
    view.set("as_of", as_of.ToString());
    view.set("earliest", snap.engine().earliest().ToString());
    view.set("recorded", Recorded(snap, "case", c.id));
    view.set("title", c.title);
    view.set("court", c.court);
    view.set("docket", Opt(c.docket));
    view.set("judge", Opt(c.judge));
    view.set("filed", Opt(c.filed ? c.filed->ToString() : ""));
    view.set("outcome", c.outcome);
    view.set("note", Opt(c.provenance.note));
    view.set("flag", Flag(c.provenance.confidence));
    data parties = List();
    for (const auto& p : c.parties) {
        data x = p.jurisdiction.empty() ? data() : JurisdictionLink(snap, p.jurisdiction);
        x.set("resolved", !p.jurisdiction.empty());
        x.set("name", p.name);
        x.set("role", p.role);
        parties.push_back(x);
    }
    view.set("parties", parties);
    data orders = List();
    for (const auto& o : c.orders) {
        data x;
        x.set("id", o.id);
        x.set("date", o.date.ToString());
        x.set("kind", Humanize(ToString(o.kind)));
        x.set("summary", o.summary);
        x.set("scope", std::string(ToString(o.scope.kind)));
        data names = List();
        if (!o.scope.association.empty()) {
            names.push_back(data(o.scope.association));
        }
        for (const auto& g : o.scope.jurisdictions) {
            const auto* j = snap.FindJurisdiction(g);
            names.push_back(data(j != nullptr ? DisplayName(*j) : g));
        }
        x.set("scope_names", names);
        x.set("conditions", Opt(fmt::format("{}", fmt::join(o.conditions, ", "))));
        x.set("affects", Opt(o.affects));
        x.set("citation", Opt(o.citation));
        x.set("note", Opt(o.provenance.note));
        x.set("flag", Flag(o.provenance.confidence));
        orders.push_back(x);
    }
    view.set("orders", orders);
    view.set("sources", Sources(snap, c.provenance));
    return Page(snap, c.title, "case", view);
}

}  // namespace

http::Response Page(const Snapshot& snap,
                    const std::string& title,
                    const std::string& name,
                    const data& view,
                    const std::string& query) {
    data layout;
    layout.set("title", title);
    layout.set("query", query);
    layout.set("version", std::to_string(snap.version()));
    layout.set("asset_version", AssetVersion());
    layout.set("content", Template(name).render(view));
    // A page that has an Atom feed names it for feed readers' discovery.
    const data* feed = view.get("feed");
    layout.set("feed", feed != nullptr ? *feed : data(false));
    http::Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body = Template("layout").render(layout);
    return r;
}

void Register(http::Router& router, app::Service& service) {
    auto snap = [&service] { return service.snapshot(); };
    router.Get("/", [snap](const http::Request&) { return Home(*snap()); });
    router.Get("/jurisdictions",
               [snap](const http::Request& req) { return Jurisdictions(*snap(), req); });
    router.Get("/jurisdictions/{id}", [snap](const http::Request& req) {
        const auto s = snap();
        return Jurisdiction(*s, app::Service::ResolveJurisdiction(*s, req.Param("id")), req);
    });
    router.Get("/lists", [snap](const http::Request&) {
        const auto s = snap();
        data view;
        data lists = List();
        for (const auto& l : s->data().lists) {
            lists.push_back(ListRow(l));
        }
        view.set("lists", lists);
        return Page(*s, "Designation lists", "lists", view);
    });
    router.Get("/timeline", [snap](const http::Request& req) {
        const auto s = snap();
        const std::string kind = req.Query("kind").value_or("");
        const std::string ref = req.Query("jurisdiction").value_or("");
        const std::string from_text = req.Query("from").value_or("");
        const std::string to_text = req.Query("to").value_or("");
        std::optional<Date> from, to;
        if (!from_text.empty() && !(from = Date::Parse(from_text))) {
            throw InvalidInput("from: '{}' is not a date (YYYY-MM-DD)", from_text);
        }
        if (!to_text.empty() && !(to = Date::Parse(to_text))) {
            throw InvalidInput("to: '{}' is not a date (YYYY-MM-DD)", to_text);
        }
        const model::Jurisdiction* j =
            ref.empty() ? nullptr : &app::Service::ResolveJurisdiction(*s, ref);
        const std::string list_id = req.Query("list").value_or("");
        const std::string condition_id = req.Query("condition").value_or("");
        const auto* on_list = list_id.empty() ? nullptr : s->FindList(list_id);
        if (!list_id.empty() && on_list == nullptr) {
            throw InvalidInput("list: there is no designation list '{}'", list_id);
        }
        const auto* condition = condition_id.empty() ? nullptr : s->FindCondition(condition_id);
        if (!condition_id.empty() && condition == nullptr) {
            throw InvalidInput("condition: there is no condition '{}'", condition_id);
        }
        const std::string case_id = req.Query("case").value_or("");
        const auto* kase = case_id.empty() ? nullptr : s->FindCase(case_id);
        if (!case_id.empty() && kase == nullptr) {
            throw InvalidInput("case: there is no case '{}'", case_id);
        }
        const auto events = Events(*s, {.jurisdiction = j,
                                        .condition = condition,
                                        .list = on_list,
                                        .kase = kase,
                                        .kind = kind,
                                        .from = from,
                                        .to = to});
        data view;
        data kinds = List();
        for (const auto& [value, label] : kEventKinds) {
            data k;
            k.set("value", std::string(value));
            k.set("label", std::string(label));
            k.set("selected", value == kind);
            kinds.push_back(k);
        }
        view.set("kinds", kinds);
        view.set("jurisdiction", ref);
        view.set("kind", kind);
        view.set(
            "feed",
            fmt::format("/feeds/events.atom?jurisdiction={}&list={}&condition={}&case={}&kind={}",
                        j != nullptr ? j->geoid : "", list_id, condition_id, case_id, kind));
        view.set("list_choices", Choices(s->data().lists, list_id));
        view.set("condition_choices", Choices(s->data().conditions, condition_id));
        view.set("case_choices", Choices(s->data().cases, case_id));
        view.set("jurisdiction_name", Opt(j != nullptr ? DisplayName(*j) : ""));
        view.set("from", from_text);
        view.set("to", to_text);
        view.set("count", std::to_string(events.size()));
        view.set("one", events.size() == 1);
        // A time axis: one segment per year, as wide as that year's share of the events.
        std::map<int, size_t> per_year;
        for (const auto& e : events) {
            ++per_year[e.date.first.year()];
        }
        data years = List();
        for (const auto& [year, count] : per_year) {
            data y;
            y.set("year", std::to_string(year));
            y.set("share", std::to_string(count));
            years.push_back(y);
        }
        view.set("years", years);
        data list = List();
        for (const auto& e : events) {
            data x;
            x.set("date", e.date.ToString());
            x.set("kind", e.kind);
            x.set("title", e.title);
            x.set("detail", Opt(e.detail));
            x.set("href", Opt(e.href));
            x.set("flag", Flag(e.confidence));
            list.push_back(x);
        }
        view.set("events", list);
        return Page(*s, "Timeline", "timeline", view);
    });
    router.Get("/search", [snap, &service](const http::Request& req) {
        const auto s = snap();
        const std::string q = req.Query("q").value_or("");
        const std::string kind = req.Query("kind").value_or("");
        if (q.size() > 200) {
            throw InvalidInput("q: at most 200 characters");
        }
        static constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
            {"", "All"},
            {"jurisdiction", "Jurisdictions"},
            {"policy", "Policies"},
            {"notice", "Notices"},
            {"case", "Cases"},
            {"order", "Court orders"},
            {"list", "Lists"},
            {"source", "Sources"}};
        if (std::none_of(std::begin(kKinds), std::end(kKinds),
                         [&kind](const auto& k) { return k.first == kind; })) {
            throw InvalidInput("kind: '{}' is not a kind of record to search", kind);
        }
        data view;
        view.set("query", q);
        view.set("kind", kind);
        view.set("has_query", !q.empty());
        const auto all = service.store().Search(q, "", 500);
        data facets = List();
        for (const auto& [value, label] : kKinds) {
            const auto count = std::count_if(all.begin(), all.end(), [v = value](const auto& h) {
                return v.empty() || h.kind == v;
            });
            if (count == 0 && !value.empty()) {
                continue;
            }
            data f;
            f.set("value", std::string(value));
            f.set("label", std::string(label));
            f.set("count", std::to_string(count));
            f.set("q", http::PercentEncode(q));
            f.set("selected", value == kind);
            facets.push_back(f);
        }
        view.set("facets", facets);
        data hits = List();
        size_t shown = 0;
        for (const auto& h : all) {
            if ((!kind.empty() && h.kind != kind) || ++shown > 100) {
                continue;
            }
            data x;
            x.set("kind", h.kind);
            x.set("title", h.title);
            x.set("state", Opt(h.state));
            // Escape first, then turn the match markers into <mark>.
            std::string snippet = http::HtmlEscape(h.snippet);
            for (auto [from, to] : {std::pair{"\x02", "<mark>"}, std::pair{"\x03", "</mark>"}}) {
                for (size_t at = snippet.find(from); at != std::string::npos;
                     at = snippet.find(from, at)) {
                    snippet.replace(at, 1, to);
                }
            }
            x.set("snippet", snippet);
            std::string href;
            if (h.kind == "jurisdiction") {
                href = "/jurisdictions/" + h.id;
            } else if (h.kind == "policy") {
                for (const auto& p : s->data().policies) {
                    if (p.id == h.id) {
                        href = fmt::format("/jurisdictions/{}#policy-{}", p.jurisdiction, p.id);
                    }
                }
            } else if (h.kind == "notice") {
                href = "/notices/" + h.id;
            } else if (h.kind == "case") {
                href = "/cases/" + h.id;
            } else if (h.kind == "order") {
                href = "/cases/" + h.id;  // "case#order"
            } else if (h.kind == "list") {
                href = "/lists/" + h.id;
            } else if (const auto* src = s->FindSource(h.id)) {
                href = src->url;
            }
            x.set("href", href);
            hits.push_back(x);
        }
        view.set("hits", hits);
        return Page(*s, q.empty() ? "Search" : "Search: " + q, "search", view, q);
    });
    router.Get("/lists/compare", [snap](const http::Request& req) {
        const auto s = snap();
        const auto& lists = s->data().lists;
        const std::string a = req.Query("a").value_or("doj-2017-11");
        const std::string b = req.Query("b").value_or("doj-2018-01");
        const auto cmp = app::Service::CompareLists(*s, a, b);
        data view;
        view.set("options_a", Choices(lists, a));
        view.set("options_b", Choices(lists, b));
        view.set("a", a);
        view.set("b", b);
        for (const auto& [prefix, l] : {std::pair{"a", cmp.a}, std::pair{"b", cmp.b}}) {
            view.set(std::string(prefix) + "_title", l->title);
            view.set(std::string(prefix) + "_date", l->versions.back().published.ToString());
            view.set(std::string(prefix) + "_count",
                     std::to_string(l->versions.back().members.size()));
        }
        auto members = [&s](const std::vector<const model::ListMember*>& v) {
            data out = List();
            for (const auto* m : v) {
                data x = m->jurisdiction.empty() ? data() : JurisdictionLink(*s, m->jurisdiction);
                if (m->jurisdiction.empty()) {
                    x.set("id", data(false));
                    x.set("name", m->as_named);
                }
                out.push_back(x);
            }
            return out;
        };
        view.set("only_a", members(cmp.only_a));
        view.set("both", members(cmp.both));
        view.set("only_b", members(cmp.only_b));
        view.set("only_a_count", std::to_string(cmp.only_a.size()));
        view.set("both_count", std::to_string(cmp.both.size()));
        view.set("only_b_count", std::to_string(cmp.only_b.size()));
        return Page(*s, "Compare lists", "compare", view);
    });
    router.Get("/lists/{id}", [snap](const http::Request& req) {
        const auto s = snap();
        const auto* l = s->FindList(req.Param("id"));
        if (l == nullptr) {
            throw NotFound("There is no designation list \"{}\".", req.Param("id"));
        }
        return ListPage(*s, *l);
    });
    router.Get("/cases", [snap](const http::Request&) {
        const auto s = snap();
        data view;
        data cases = List();
        for (const auto& c : s->data().cases) {
            data x;
            x.set("id", c.id);
            x.set("title", c.title);
            x.set("court", c.court);
            x.set("docket", Opt(c.docket.empty() ? "docket unconfirmed" : c.docket));
            x.set("filed", Opt(c.filed ? c.filed->ToString() : "unknown"));
            x.set("order_count", std::to_string(c.orders.size()));
            cases.push_back(x);
        }
        view.set("cases", cases);
        return Page(*s, "Court cases", "cases", view);
    });
    router.Get("/notices/{id}", [snap](const http::Request& req) {
        const auto s = snap();
        const auto* n = s->FindNotice(req.Param("id"));
        if (n == nullptr) {
            throw NotFound("There is no notice \"{}\".", req.Param("id"));
        }
        return NoticePage(*s, *n);
    });
    router.Get("/cases/{id}", [snap](const http::Request& req) {
        const auto s = snap();
        const auto* c = s->FindCase(req.Param("id"));
        if (c == nullptr) {
            throw NotFound("There is no case \"{}\".", req.Param("id"));
        }
        return CasePage(*s, *c, req);
    });
    router.Get("/scenarios", [snap](const http::Request&) {
        data view;
        view.set("as_of", app::Service::Today().ToString());
        view.set("asset_version", AssetVersion());
        return Page(*snap(), "Scenarios", "scenarios", view);
    });
    router.Get("/receipt", [snap, &service](const http::Request&) {
        data view;
        view.set("key", service.VerifierKey().value_or(""));
        view.set("asset_version", AssetVersion());
        return Page(*snap(), "Check a receipt", "receipt", view);
    });
    // The map's scripts and geography: d3, topojson-client and us-atlas from npm.
    for (const auto& [path, file, type] :
         {std::tuple{"/static/map.js", "static/map.js", "text/javascript; charset=utf-8"},
          std::tuple{"/static/d3.min.js", "assets/node_modules/d3/dist/d3.min.js",
                     "text/javascript; charset=utf-8"},
          std::tuple{"/static/topojson-client.min.js",
                     "assets/node_modules/topojson-client/dist/topojson-client.min.js",
                     "text/javascript; charset=utf-8"},
          std::tuple{"/static/counties-albers-10m.json",
                     "assets/node_modules/us-atlas/counties-albers-10m.json",
                     "application/json"}}) {
        router.Get(path, [name = std::string(file),
                          content_type = std::string(type)](const http::Request&) {
            http::Response r;
            r.content_type = content_type;
            r.body = std::string(web_assets::EmbeddedFile(name).value_or(""));
            r.With("Cache-Control", "public, max-age=86400");
            return r;
        });
    }
    // The scripts of the receipt page; the Ed25519 code is the npm package @noble/ed25519.
    for (const auto& [path, file] :
         {std::pair{"/static/receipt-check.js", "static/receipt-check.js"},
          std::pair{"/static/scenarios.js", "static/scenarios.js"},
          std::pair{"/static/receipt-page.js", "static/receipt-page.js"},
          std::pair{"/static/noble-ed25519.js", "assets/node_modules/@noble/ed25519/index.js"}}) {
        router.Get(path, [name = std::string(file)](const http::Request&) {
            http::Response r;
            r.content_type = "text/javascript; charset=utf-8";
            r.body = std::string(web_assets::EmbeddedFile(name).value_or(""));
            return r;
        });
    }
    for (const char* path : {"/static/icon.svg", "/favicon.ico"}) {
        router.Get(path, [](const http::Request&) {
            http::Response r;
            r.content_type = "image/svg+xml";
            r.body = std::string(web_assets::EmbeddedFile("static/icon.svg").value_or(""));
            r.With("Cache-Control", "public, max-age=86400");
            return r;
        });
    }
    router.Get("/static/style.css", [](const http::Request&) {
        http::Response r;
        r.content_type = "text/css; charset=utf-8";
        r.body = std::string(web_assets::EmbeddedFile("static/style.css").value_or(""));
        r.With("Cache-Control", "public, max-age=31536000, immutable");  // URLs carry ?v=
        return r;
    });
    router.OnError("/", [snap](const http::Request&, const AppError& error) {
        data view;
        const int status = http::ToHttpStatus(error.code());
        view.set("heading", status == 404   ? "Not found"
                            : status == 400 ? "That request has a problem"
                                            : "Something went wrong");
        view.set("message", error.public_message());
        return Page(*snap(), "Error", "error", view);
    });
    router.OnError("/api/", [](const http::Request&, const AppError& error) {
        return http::JsonError(error);
    });
}

}  // namespace grantcheck::web
