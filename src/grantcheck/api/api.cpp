#include "grantcheck/api/api.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "grantcheck/api/geo.hpp"
#include "grantcheck/api/json.hpp"
#include "grantcheck/common/csv.hpp"
#include "grantcheck/common/error.hpp"

namespace grantcheck::api {
std::optional<std::string_view> EmbeddedOpenApi();
}

namespace grantcheck::api {
namespace {

using nlohmann::json;
using store::Snapshot;

constexpr size_t kDefaultLimit = 100;
constexpr size_t kMaxLimit = 1000;
constexpr size_t kMaxCsvRows = 100000;
// The status of every jurisdiction feeds maps: a page holds every county for one condition.
constexpr size_t kDefaultStatusLimit = 5000;
constexpr size_t kMaxStatusLimit = 50000;

json Opt(const std::optional<PartialDate>& d) {
    return d ? json(d->ToString()) : json(nullptr);
}

json ProvenanceJson(const Snapshot& snap, const model::Provenance& p) {
    json sources = json::array();
    for (const auto& id : p.sources) {
        const auto* s = snap.FindSource(id);
        sources.push_back({{"id", id},
                           {"title", s != nullptr ? s->title : ""},
                           {"url", s != nullptr ? s->url : ""},
                           {"reliability", s != nullptr ? s->reliability : ""}});
    }
    json alts = json::array();
    for (const auto& a : p.alternatives) {
        alts.push_back(
            {{"field", a.field}, {"value", a.value}, {"sources", a.sources}, {"note", a.note}});
    }
    return {{"sources", sources},
            {"confidence", ToString(p.confidence)},
            {"note", p.note},
            {"alternatives", alts}};
}

json JurisdictionRef(const Snapshot& snap, std::string_view geoid) {
    const auto* j = snap.FindJurisdiction(geoid);
    if (j == nullptr) {
        return nullptr;
    }
    return {{"id", j->geoid},
            {"name", j->name},
            {"display_name", DisplayName(*j)},
            {"kind", ToString(j->kind)},
            {"state", j->usps},
            {"state_id", j->state_geoid},
            {"county_id", j->county_geoid},
            {"ocd_id", j->ocd_id},
            {"url", "/api/v1/jurisdictions/" + j->geoid},
            {"html_url", "/jurisdictions/" + j->geoid}};
}

json OrderJson(const Snapshot& snap, const model::CourtOrder& o) {
    json scope = {{"kind", ToString(o.scope.kind)},
                  {"jurisdictions", json::array()},
                  {"association", o.scope.association},
                  {"description", o.scope.description}};
    for (const auto& g : o.scope.jurisdictions) {
        scope["jurisdictions"].push_back(JurisdictionRef(snap, g));
    }
    return {{"id", o.id},
            {"date", o.date.ToString()},
            {"kind", ToString(o.kind)},
            {"court", o.court},
            {"summary", o.summary},
            {"citation", o.citation},
            {"conditions", o.conditions},
            {"scope", scope},
            {"affects", o.affects.empty() ? json(nullptr) : json(o.affects)},
            {"provenance", ProvenanceJson(snap, o.provenance)}};
}

json CaseSummary(const model::Case& c) {
    return {{"id", c.id},
            {"title", c.title},
            {"court", c.court},
            {"docket", c.docket},
            {"judge", c.judge},
            {"filed", Opt(c.filed)},
            {"outcome", c.outcome},
            {"order_count", c.orders.size()},
            {"confidence", ToString(c.provenance.confidence)},
            {"url", "/api/v1/cases/" + c.id},
            {"html_url", "/cases/" + c.id}};
}

json CaseJson(const Snapshot& snap, const model::Case& c) {
    json j = CaseSummary(c);
    j["parties"] = json::array();
    for (const auto& p : c.parties) {
        j["parties"].push_back(
            {{"name", p.name},
             {"role", p.role},
             {"jurisdiction",
              p.jurisdiction.empty() ? json(nullptr) : JurisdictionRef(snap, p.jurisdiction)}});
    }
    j["orders"] = json::array();
    for (const auto& o : c.orders) {
        j["orders"].push_back(OrderJson(snap, o));
    }
    j["provenance"] = ProvenanceJson(snap, c.provenance);
    return j;
}

json ListSummary(const model::DesignationList& l) {
    const auto& latest = l.versions.back();
    return {{"id", l.id},
            {"title", l.title},
            {"issuer", l.issuer},
            {"basis", l.basis},
            {"stated_count", l.stated_count ? json(*l.stated_count) : json(nullptr)},
            {"published", latest.published.ToString()},
            {"withdrawn", Opt(latest.withdrawn)},
            {"version", latest.version},
            {"member_count", latest.members.size()},
            {"confidence", ToString(l.provenance.confidence)},
            {"url", "/api/v1/lists/" + l.id},
            {"html_url", "/lists/" + l.id}};
}

json MemberJson(const Snapshot& snap, const model::ListMember& m, int version) {
    json candidates = json::array();
    for (const auto& c : m.candidates) {
        candidates.push_back(JurisdictionRef(snap, c));
    }
    return {{"as_named", m.as_named},
            {"version", version},
            {"jurisdiction",
             m.jurisdiction.empty() ? json(nullptr) : JurisdictionRef(snap, m.jurisdiction)},
            {"candidates", candidates},
            {"confidence", ToString(m.provenance.confidence)},
            {"note", m.provenance.note}};
}

json ListJson(const Snapshot& snap, const model::DesignationList& l) {
    json j = ListSummary(l);
    j["versions"] = json::array();
    for (const auto& v : l.versions) {
        json members = json::array();
        for (const auto& m : v.members) {
            members.push_back(MemberJson(snap, m, v.version));
        }
        j["versions"].push_back({{"version", v.version},
                                 {"published", v.published.ToString()},
                                 {"withdrawn", Opt(v.withdrawn)},
                                 {"note", v.note},
                                 {"members", members}});
    }
    j["provenance"] = ProvenanceJson(snap, l.provenance);
    return j;
}

json NoticeSummary(const model::Notice& n) {
    return {{"id", n.id},
            {"kind", ToString(n.kind)},
            {"date", n.date.ToString()},
            {"sender", n.sender},
            {"program", n.program},
            {"title", n.title},
            {"deadline", Opt(n.deadline)},
            {"recipient_count", n.recipients.size()},
            {"conditions", n.conditions},
            {"confidence", ToString(n.provenance.confidence)},
            {"url", "/api/v1/notices/" + n.id}};
}

json NoticeJson(const Snapshot& snap, const model::Notice& n) {
    json j = NoticeSummary(n);
    j["signer"] = n.signer;
    j["summary"] = n.summary;
    j["deliverables"] = n.deliverables;
    j["recipients"] = json::array();
    for (const auto& r : n.recipients) {
        json funding = nullptr;
        if (!r.funding_action.empty()) {
            funding = {{"kind", r.funding_action},
                       {"award", r.award},
                       {"amount", r.amount ? json(r.amount->ToString()) : json(nullptr)}};
        }
        j["recipients"].push_back({{"jurisdiction", JurisdictionRef(snap, r.jurisdiction)},
                                   {"addressee", r.addressee},
                                   {"finding", r.finding},
                                   {"reasons", r.reasons},
                                   {"relied_on", r.relied_on},
                                   {"funding_action", funding},
                                   {"provenance", ProvenanceJson(snap, r.provenance)}});
    }
    j["amendments"] = json::array();
    for (const auto& a : n.amendments) {
        j["amendments"].push_back({{"date", a.date.ToString()},
                                   {"kind", a.kind},
                                   {"deadline", Opt(a.deadline)},
                                   {"jurisdictions", a.jurisdictions},
                                   {"note", a.note}});
    }
    j["provenance"] = ProvenanceJson(snap, n.provenance);
    return j;
}

json ConditionJson(const Snapshot& snap, const model::Condition& c, bool full) {
    json j = {{"id", c.id},
              {"program", c.program},
              {"fiscal_years", c.fiscal_years},
              {"title", c.title},
              {"statute", c.statute},
              {"confidence", ToString(c.provenance.confidence)},
              {"url", "/api/v1/conditions/" + c.id}};
    if (full) {
        j["summary"] = c.summary;
        j["evidence"] = c.evidence;
        j["award_condition"] = c.award_condition;
        j["provenance"] = ProvenanceJson(snap, c.provenance);
    }
    return j;
}

json ProgramJson(const Snapshot& snap, const model::Program& p, bool full) {
    json j = {{"id", p.id},
              {"name", p.name},
              {"agency", p.agency},
              {"assistance_listing", p.assistance_listing},
              {"url", "/api/v1/programs/" + p.id}};
    if (full) {
        j["description"] = p.description;
        j["provenance"] = ProvenanceJson(snap, p.provenance);
    }
    return j;
}

json SourceJson(const model::Source& s) {
    return {{"id", s.id},          {"url", s.url},
            {"title", s.title},    {"publisher", s.publisher},
            {"date", Opt(s.date)}, {"reliability", s.reliability}};
}

json AwardJson(const Snapshot& snap, const model::Award& a, bool full) {
    json j = {{"id", a.id},
              {"program", a.program},
              {"fiscal_year", a.fiscal_year},
              {"jurisdiction_id", a.jurisdiction},
              {"amount", a.amount ? json(a.amount->ToPlain()) : json(nullptr)},
              {"approximate", a.approximate},
              {"amount_text", a.amount_text},
              {"kind", a.kind},
              {"description", a.description},
              {"confidence", ToString(a.provenance.confidence)}};
    if (full) {
        j["provenance"] = ProvenanceJson(snap, a.provenance);
    }
    return j;
}

// ---- paging, formats --------------------------------------------------------------------

size_t ParseSize(const http::Request& req, const char* name, size_t fallback, size_t max) {
    auto v = req.Query(name);
    if (!v) {
        return fallback;
    }
    if (v->empty() || v->size() > 9 ||
        !std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; })) {
        throw InvalidInput("{}: '{}' is not a whole number", name, *v);
    }
    const size_t n = std::stoul(*v);
    if (n > max) {
        throw InvalidInput("{}: {} is more than the maximum {}", name, n, max);
    }
    return n;
}

// format=geojson, where an endpoint offers it.
bool WantsGeoJson(const http::Request& req) {
    return req.Query("format").value_or("") == "geojson";
}

bool WantsCsv(const http::Request& req, bool geojson_too = false) {
    if (auto f = req.Query("format")) {
        if (*f == "csv") {
            return true;
        }
        if (*f == "json" || (*f == "geojson" && geojson_too)) {
            return false;
        }
        throw InvalidInput("format: '{}' is not json or csv{}", *f,
                           geojson_too ? " or geojson" : "");
    }
    auto accept = req.Header("accept");
    return accept && accept->find("text/csv") != std::string::npos &&
           accept->find("application/json") == std::string::npos;
}

// Rejects query parameters the endpoint does not know, naming them.
void CheckParams(const http::Request& req, std::initializer_list<std::string_view> allowed) {
    for (const auto& [k, v] : req.query) {
        if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
            std::string list;
            for (auto a : allowed) {
                list += (list.empty() ? "" : ", ") + std::string(a);
            }
            throw InvalidInput("{}: unknown parameter (this endpoint takes: {})", k, list);
        }
    }
}

http::Response Json(const json& body) {
    http::Response r;
    r.content_type = "application/json";
    r.body = body.dump();
    return r;
}

std::string CsvValue(const json& v) {
    if (v.is_null()) {
        return "";
    }
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_array()) {
        std::string out;
        for (const auto& x : v) {
            out += (out.empty() ? "" : ";") + CsvValue(x);
        }
        return out;
    }
    if (v.is_object()) {
        return v.contains("id") ? CsvValue(v["id"]) : "";
    }
    return v.dump();
}

http::Response Csv(const std::vector<json>& items,
                   const std::vector<std::string>& columns,
                   const std::string& name) {
    http::Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = CsvLine(columns);
    for (const auto& item : items) {
        std::vector<std::string> row;
        for (const auto& c : columns) {
            row.push_back(item.contains(c) ? CsvValue(item[c]) : "");
        }
        r.body += CsvLine(row);
    }
    r.With("Content-Disposition", fmt::format("attachment; filename=\"{}.csv\"", name));
    return r;
}

// A collection answers a page of JSON, or every item (to kMaxCsvRows) as CSV.
http::Response Collection(const http::Request& req,
                          std::vector<json> items,
                          const std::vector<std::string>& csv_columns,
                          const std::string& name) {
    const bool csv = WantsCsv(req);
    const size_t limit =
        ParseSize(req, "limit", csv ? kMaxCsvRows : kDefaultLimit, csv ? kMaxCsvRows : kMaxLimit);
    const size_t offset = ParseSize(req, "offset", 0, 100000000);
    const size_t total = items.size();
    std::vector<json> page;
    for (size_t i = offset; i < total && page.size() < limit; ++i) {
        page.push_back(std::move(items[i]));
    }
    if (csv) {
        return Csv(page, csv_columns, name);
    }
    return Json({{"items", page}, {"total", total}, {"limit", limit}, {"offset", offset}});
}

const std::vector<std::string> kJurisdictionColumns = {
    "id", "display_name", "name", "kind", "state", "state_id", "county_id", "ocd_id"};

}  // namespace

std::string JurisdictionJson(const Snapshot& snap, const model::Jurisdiction& j) {
    json out = JurisdictionRef(snap, j.geoid);
    out["parents"] = json::array();
    if (j.kind == model::JurisdictionKind::kCounty || j.kind == model::JurisdictionKind::kCity) {
        out["parents"].push_back(JurisdictionRef(snap, j.state_geoid));
    }
    if (j.kind == model::JurisdictionKind::kCity && !j.county_geoid.empty()) {
        out["parents"].push_back(JurisdictionRef(snap, j.county_geoid));
    }
    out["lists"] = json::array();
    for (const auto& n : snap.ListsNaming(j.geoid)) {
        out["lists"].push_back({{"id", n.list->id},
                                {"title", n.list->title},
                                {"issuer", n.list->issuer},
                                {"version", n.version->version},
                                {"published", n.version->published.ToString()},
                                {"withdrawn", Opt(n.version->withdrawn)},
                                {"as_named", n.member->as_named},
                                {"confidence", ToString(n.member->provenance.confidence)},
                                {"note", n.member->provenance.note}});
    }
    out["notices"] = json::array();
    for (const auto& a : snap.NoticesTo(j.geoid)) {
        json n = NoticeSummary(*a.notice);
        n["addressee"] = a.recipient->addressee;
        n["finding"] = a.recipient->finding;
        n["recipient_confidence"] = ToString(a.recipient->provenance.confidence);
        n["recipient_note"] = a.recipient->provenance.note;
        out["notices"].push_back(std::move(n));
    }
    out["cases"] = json::array();
    for (const auto* c : snap.CasesInvolving(j.geoid)) {
        json cj = CaseSummary(*c);
        std::string role = "named in an order's scope";
        for (const auto& p : c->parties) {
            if (p.jurisdiction == j.geoid) {
                role = p.role;
            }
        }
        cj["role"] = role;
        cj["orders"] = json::array();
        for (const auto& o : c->orders) {
            cj["orders"].push_back({{"id", o.id},
                                    {"date", o.date.ToString()},
                                    {"kind", ToString(o.kind)},
                                    {"scope", ToString(o.scope.kind)},
                                    {"conditions", o.conditions}});
        }
        out["cases"].push_back(std::move(cj));
    }
    out["awards"] = json::array();
    for (const auto* a : snap.AwardsOf(j.geoid)) {
        out["awards"].push_back(AwardJson(snap, *a, false));
    }
    out["provenance"] = ProvenanceJson(snap, j.provenance);
    return out.dump();
}

json ReasonJson(const Snapshot& snap, const rules::Reason& r, const model::Jurisdiction& j) {
    json out = {{"code", rules::ToString(r.code)}, {"text", rules::Describe(r, j)}};
    std::vector<std::string> sources;
    if (r.policy != nullptr) {
        out["policy"] = r.policy->id;
        sources = r.policy->provenance.sources;
    }
    if (r.provision != nullptr) {
        out["provision"] = r.provision->id;
    }
    if (r.order != nullptr) {
        out["case"] = r.kase->id;
        out["order"] = r.order->id;
        sources = r.order->provenance.sources;
    }
    out["sources"] = ProvenanceJson(snap, model::Provenance{sources, {}, {}, {}})["sources"];
    return out;
}

std::string ReceiptJson(const ledger::Receipt& r, const std::string& verifier_key) {
    json proof = json::array();
    for (const auto& h : r.inclusion_proof) {
        proof.push_back(ledger::ToBase64(h));
    }
    return json{{"version", 1},
                {"index", r.index},
                {"leaf_hash", ledger::ToBase64(r.leaf_hash)},
                {"entry", r.entry},
                {"checkpoint", r.checkpoint},
                {"inclusion_proof", proof},
                {"verifier_key", verifier_key}}
        .dump(2);
}

ledger::Receipt ParseReceiptJson(std::string_view text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw InvalidInput("the receipt is not JSON: {}", e.what());
    }
    auto field = [&j](const char* name, json::value_t type) -> const json& {
        if (!j.is_object() || !j.contains(name)) {
            throw InvalidInput("receipt: the field {} is missing", name);
        }
        const json& v = j[name];
        if (v.type() != type && !(type == json::value_t::number_unsigned && v.is_number_integer() &&
                                  v.get<int64_t>() >= 0)) {
            throw InvalidInput("receipt: the field {} has the wrong type", name);
        }
        return v;
    };
    ledger::Receipt r;
    r.index = field("index", json::value_t::number_unsigned).get<uint64_t>();
    r.entry = field("entry", json::value_t::string).get<std::string>();
    r.checkpoint = field("checkpoint", json::value_t::string).get<std::string>();
    auto leaf =
        ledger::HashFromBase64(field("leaf_hash", json::value_t::string).get<std::string>());
    if (!leaf) {
        throw InvalidInput("receipt: leaf_hash is not 32 bytes of base64");
    }
    r.leaf_hash = *leaf;
    size_t i = 0;
    for (const auto& p : field("inclusion_proof", json::value_t::array)) {
        auto h = p.is_string() ? ledger::HashFromBase64(p.get<std::string>()) : std::nullopt;
        if (!h) {
            throw InvalidInput("receipt: inclusion_proof[{}] is not 32 bytes of base64", i);
        }
        r.inclusion_proof.push_back(*h);
        ++i;
    }
    return r;
}

std::vector<ledger::Hash> ParseConsistencyProofJson(std::string_view text) {
    std::vector<ledger::Hash> out;
    try {
        const json j = json::parse(text);
        for (const auto& p : j.at("consistency_proof")) {
            auto h = ledger::HashFromBase64(p.get<std::string>());
            if (!h) {
                throw InvalidInput("the consistency proof holds a hash that is not 32 bytes");
            }
            out.push_back(*h);
        }
    } catch (const json::exception& e) {
        throw InvalidInput("the server's answer is not a consistency proof: {}", e.what());
    }
    return out;
}

std::string ExposureJson(const Snapshot& snap, const rules::Status& status) {
    json conditions = json::array();
    for (const auto& c : status.conditions) {
        if (!c.applies || c.awards.empty()) {
            continue;
        }
        json awards = json::array();
        for (const auto* a : c.awards) {
            awards.push_back({{"id", a->id},
                              {"fiscal_year", a->fiscal_year},
                              {"kind", a->kind},
                              {"amount", a->amount ? json(a->amount->ToString()) : json(nullptr)},
                              {"approximate", a->approximate},
                              {"amount_text", a->amount_text},
                              {"provenance", ProvenanceJson(snap, a->provenance)}});
        }
        const auto stake = rules::StakeOf(c);
        conditions.push_back(
            {{"id", c.condition->id},
             {"title", c.condition->title},
             {"program", c.condition->program},
             {"enforceable", c.enforceable},
             {"enforceable_certain", c.enforceable_certainty == rules::Certainty::kCertain},
             {"at_stake", stake.known.ToString()},
             {"unknown_amounts", stake.unknown},
             {"awards", awards}});
    }
    const auto total = rules::StakeOf(status);
    return json{{"jurisdiction", JurisdictionRef(snap, status.jurisdiction->geoid)},
                {"as_of", status.as_of.ToString()},
                {"conditions", conditions},
                {"at_stake", total.known.ToString()},
                {"unknown_amounts", total.unknown},
                {"note",
                 "Known amounts of the program's awards in each condition's fiscal years, summed "
                 "per condition; an award can be at stake under several conditions, so the "
                 "conditions' amounts are not added together: at_stake counts each award once."}}
        .dump();
}

std::string ScenarioJson(const app::ScenarioReport& report) {
    json recipients = json::array();
    const auto& rs = report.exposure.recipients();
    for (const auto& l : report.result.lines) {
        const auto& x = rs[l.recipient];
        recipients.push_back({{"id", x.id},
                              {"kind", x.kind},
                              {"state", x.state},
                              {"base", x.base.ToPlain()},
                              {"scenario", l.award.ToPlain()},
                              {"change", Money(l.award.cents() - x.base.cents()).ToPlain()},
                              {"withheld", l.withheld}});
    }
    return json{{"total", report.allocation.total.ToPlain()},
                {"paid", report.allocation.Paid().ToPlain()},
                {"realloc", formula::ToString(report.realloc)},
                {"withheld", report.result.withheld.ToPlain()},
                {"reallocated", report.result.reallocated.ToPlain()},
                {"unpaid", report.result.unpaid.ToPlain()},
                {"not_recipients", report.not_recipients},
                {"recipients", recipients}}
        .dump();
}

std::string StatusJson(const Snapshot& snap, const rules::Status& status) {
    const auto& j = *status.jurisdiction;
    json out = {{"jurisdiction", JurisdictionRef(snap, j.geoid)},
                {"as_of", status.as_of.ToString()},
                {"lists", json::array()},
                {"conditions", json::array()}};
    for (const auto& n : status.lists) {
        out["lists"].push_back({{"id", n.list->id},
                                {"title", n.list->title},
                                {"version", n.version->version},
                                {"published", n.version->published.ToString()},
                                {"as_named", n.member->as_named},
                                {"certain", n.certainty == rules::Certainty::kCertain}});
    }
    for (const auto& c : status.conditions) {
        json item = {{"id", c.condition->id},
                     {"title", c.condition->title},
                     {"program", c.condition->program},
                     {"fiscal_years", c.condition->fiscal_years},
                     {"applies", c.applies},
                     {"applies_certain", c.applies_certainty == rules::Certainty::kCertain},
                     {"applies_reasons", json::array()},
                     {"assessment", rules::ToString(c.assessment)},
                     {"reasons", json::array()},
                     {"obligations", json::array()},
                     {"determination", nullptr},
                     {"enforceable", c.enforceable},
                     {"enforceable_certain", c.enforceable_certainty == rules::Certainty::kCertain},
                     {"blocked_by", json::array()},
                     {"enforceable_reasons", json::array()},
                     {"awards", json::array()}};
        for (const auto& r : c.applies_reasons) {
            item["applies_reasons"].push_back(ReasonJson(snap, r, j));
        }
        for (const auto& r : c.reasons) {
            item["reasons"].push_back(ReasonJson(snap, r, j));
        }
        for (const auto& o : c.obligations) {
            json response = nullptr;
            if (o.response != nullptr) {
                response = {{"id", o.response->id},
                            {"date", o.response->date.ToString()},
                            {"kind", o.response->kind},
                            {"summary", o.response->summary}};
            }
            item["obligations"].push_back(
                {{"notice", o.notice->id},
                 {"title", o.notice->title},
                 {"deliverables", o.notice->deliverables},
                 {"due", o.due.ToString()},
                 {"original_due", o.original ? json(o.original->ToString()) : json(nullptr)},
                 {"state", rules::ToString(o.state)},
                 {"certain", o.certainty == rules::Certainty::kCertain},
                 {"response", response}});
        }
        if (c.determination) {
            item["determination"] = {{"outcome", c.determination->recipient->finding},
                                     {"date", c.determination->notice->date.ToString()},
                                     {"notice", c.determination->notice->id},
                                     {"title", c.determination->notice->title}};
        }
        for (const auto& b : c.blocked_by) {
            item["blocked_by"].push_back({{"case", b.kase->id},
                                          {"case_title", b.kase->title},
                                          {"order", b.order->id},
                                          {"order_date", b.order->date.ToString()},
                                          {"order_kind", model::ToString(b.order->kind)},
                                          {"scope", model::ToString(b.scope_by->scope.kind)},
                                          {"scope_by", b.scope_by->id},
                                          {"certain", b.certainty == rules::Certainty::kCertain}});
        }
        for (const auto& r : c.enforceable_reasons) {
            item["enforceable_reasons"].push_back(ReasonJson(snap, r, j));
        }
        for (const auto* a : c.awards) {
            item["awards"].push_back(AwardJson(snap, *a, false));
        }
        out["conditions"].push_back(std::move(item));
    }
    return out.dump();
}

std::string HistoryJson(const Snapshot& snap,
                        const model::Jurisdiction& j,
                        const std::vector<rules::Change>& changes) {
    json items = json::array();
    for (const auto& c : changes) {
        items.push_back({{"date", c.date.ToString()},
                         {"kind", rules::ToString(c.kind)},
                         {"text", c.text},
                         {"condition", c.condition != nullptr ? json(c.condition->id) : json()},
                         {"list", c.list != nullptr ? json(c.list->id) : json()},
                         {"notice", c.notice != nullptr ? json(c.notice->id) : json()},
                         {"case", c.kase != nullptr ? json(c.kase->id) : json()},
                         {"order", c.order != nullptr ? json(c.order->id) : json()}});
    }
    return json{{"jurisdiction", JurisdictionRef(snap, j.geoid)}, {"items", items}}.dump();
}

std::string JurisdictionPageJson(const Snapshot& snap,
                                 const app::JurisdictionPage& page,
                                 size_t limit,
                                 size_t offset) {
    json items = json::array();
    for (const auto* j : page.items) {
        items.push_back(JurisdictionRef(snap, j->geoid));
    }
    return json{{"items", items}, {"total", page.total}, {"limit", limit}, {"offset", offset}}
        .dump();
}

void Register(http::Router& router, app::Service& service) {
    auto snap = [&service] { return service.snapshot(); };

    router.Get("/api/v1/openapi.json", [](const http::Request&) {
        http::Response r;
        r.content_type = "application/vnd.oai.openapi+json;version=3.1";
        r.body = std::string(EmbeddedOpenApi().value_or("{}"));
        return r;
    });

    router.Get("/api/v1/jurisdictions", [snap](const http::Request& req) {
        CheckParams(req, {"kind", "state", "list", "q", "limit", "offset", "format"});
        const auto s = snap();
        const bool csv = WantsCsv(req);
        app::JurisdictionQuery q;
        q.kind = req.Query("kind").value_or("");
        q.state = req.Query("state").value_or("");
        q.list = req.Query("list").value_or("");
        q.q = req.Query("q").value_or("");
        if (q.q.size() > 200) {
            throw InvalidInput("q: at most 200 characters");
        }
        q.limit = ParseSize(req, "limit", csv ? kMaxCsvRows : kDefaultLimit,
                            csv ? kMaxCsvRows : kMaxLimit);
        q.offset = ParseSize(req, "offset", 0, 100000000);
        const auto page = app::Service::ListJurisdictions(*s, q);
        if (csv) {
            std::vector<json> items;
            for (const auto* j : page.items) {
                items.push_back(JurisdictionRef(*s, j->geoid));
            }
            return Csv(items, kJurisdictionColumns, "jurisdictions");
        }
        http::Response r;
        r.body = JurisdictionPageJson(*s, page, q.limit, q.offset);
        return r;
    });
    router.Get("/api/v1/jurisdictions/{id}", [snap](const http::Request& req) {
        CheckParams(req, {"format"});
        const auto s = snap();
        const auto& j = app::Service::ResolveJurisdiction(*s, req.Param("id"));
        http::Response r;
        r.body = JurisdictionJson(*s, j);
        if (WantsGeoJson(req)) {
            json props = json::parse(r.body);
            r.body = json{{"type", "Feature"},
                          {"id", j.geoid},
                          {"geometry", GeometryOf(j.geoid)},
                          {"properties", std::move(props)}}
                         .dump();
            r.content_type = "application/geo+json";
        } else if (WantsCsv(req, true)) {
            throw InvalidInput("format: '{}' is not json or geojson", *req.Query("format"));
        }
        return r;
    });

    // A jurisdiction's status on a date, and the money at stake then: two views of one
    // evaluation.
    for (const auto& [path, view] :
         {std::pair{"/api/v1/jurisdictions/{id}/status", &StatusJson},
          std::pair{"/api/v1/jurisdictions/{id}/exposure", &ExposureJson}}) {
        router.Get(path, [snap, view = view](const http::Request& req) {
            CheckParams(req, {"as_of"});
            const auto s = snap();
            const auto& j = app::Service::ResolveJurisdiction(*s, req.Param("id"));
            const Date as_of =
                app::Service::ParseAsOf(*s, req.Query("as_of").value_or(""), app::Service::Today());
            http::Response r;
            r.body = view(*s, s->engine().Evaluate(j, as_of));
            return r;
        });
    }
    router.Get("/api/v1/jurisdictions/{id}/history", [snap](const http::Request& req) {
        CheckParams(req, {});
        const auto s = snap();
        const auto& j = app::Service::ResolveJurisdiction(*s, req.Param("id"));
        http::Response r;
        r.body = HistoryJson(*s, j, s->engine().History(j));
        return r;
    });
    router.Get("/api/v1/status", [snap](const http::Request& req) {
        CheckParams(req, {"as_of", "condition", "list", "state", "kind", "jurisdiction", "limit",
                          "offset", "format"});
        const auto s = snap();
        app::StatusQuery q;
        q.as_of =
            app::Service::ParseAsOf(*s, req.Query("as_of").value_or(""), app::Service::Today());
        q.condition = req.Query("condition").value_or("");
        q.list = req.Query("list").value_or("");
        q.state = req.Query("state").value_or("");
        q.kind = req.Query("kind").value_or("");
        auto rows = app::Service::StatusOfAll(*s, q);
        if (const auto ref = req.Query("jurisdiction"); ref && !ref->empty()) {
            const auto* j = &app::Service::ResolveJurisdictionField(*s, *ref, "jurisdiction");
            std::erase_if(rows, [&](const auto& row) { return row.jurisdiction != j; });
        }
        const bool csv = WantsCsv(req, true);
        const bool geojson = WantsGeoJson(req);
        const size_t limit = ParseSize(req, "limit", csv ? kMaxCsvRows : kDefaultStatusLimit,
                                       csv ? kMaxCsvRows : kMaxStatusLimit);
        const size_t offset = ParseSize(req, "offset", 0, 100000000);
        std::vector<json> items;
        for (size_t i = offset; i < rows.size() && items.size() < limit; ++i) {
            const auto& row = rows[i];
            json lists = json::array();
            for (const auto* l : row.lists) {
                lists.push_back(l->id);
            }
            const auto& sm = row.summary;
            items.push_back(
                {{"jurisdiction_id", row.jurisdiction->geoid},
                 {"display_name", DisplayName(*row.jurisdiction)},
                 {"kind", model::ToString(row.jurisdiction->kind)},
                 {"state", row.jurisdiction->usps},
                 {"county_id", row.jurisdiction->county_geoid},
                 {"condition", row.condition->id},
                 {"applies", sm.applies},
                 {"assessment", rules::ToString(sm.assessment)},
                 {"enforceable", sm.enforceable},
                 {"enforceable_certain", sm.certain},
                 {"obligation",
                  sm.has_obligation ? json(rules::ToString(sm.obligation)) : json(nullptr)},
                 {"has_determination", sm.has_determination},
                 {"determination",
                  sm.determination != nullptr ? json(sm.determination->finding) : json(nullptr)},
                 {"at_stake",
                  sm.stake.awards > 0 ? json(sm.stake.known.ToString()) : json(nullptr)},
                 {"at_stake_cents",
                  sm.stake.awards > 0 ? json(sm.stake.known.cents()) : json(nullptr)},
                 {"unknown_amounts", sm.stake.unknown},
                 {"lists", lists}});
        }
        if (csv) {
            return Csv(
                items,
                {"jurisdiction_id", "display_name", "kind", "state", "condition", "applies",
                 "assessment", "enforceable", "enforceable_certain", "obligation",
                 "has_determination", "determination", "at_stake", "unknown_amounts", "lists"},
                "status-" + q.as_of.ToString());
        }
        if (geojson) {
            // Counties and states carry their outline; a city has none in us-atlas (null).
            json features = json::array();
            for (auto& item : items) {
                const std::string id = item["jurisdiction_id"];
                features.push_back({{"type", "Feature"},
                                    {"id", id},
                                    {"geometry", GeometryOf(id)},
                                    {"properties", std::move(item)}});
            }
            http::Response r;
            r.content_type = "application/geo+json";
            r.body = json{{"type", "FeatureCollection"},
                          {"as_of", q.as_of.ToString()},
                          {"total", rows.size()},
                          {"features", std::move(features)}}
                         .dump();
            return r;
        }
        return Json({{"as_of", q.as_of.ToString()},
                     {"items", items},
                     {"total", rows.size()},
                     {"limit", limit},
                     {"offset", offset}});
    });

    // The log (ledger issue): checkpoints, entries, proofs, receipts.
    auto& store = service.store();
    auto text = [](std::string body) {
        http::Response r;
        r.content_type = "text/plain; charset=utf-8";
        r.body = std::move(body);
        return r;
    };
    router.Get("/api/v1/log/checkpoint", [&store, text](const http::Request& req) {
        CheckParams(req, {});
        auto latest = store.LatestCheckpoint();
        if (!latest) {
            throw NotFound("the log has no checkpoint yet");
        }
        return text(latest->second);
    });
    router.Get("/api/v1/log/key", [&service, text](const http::Request& req) {
        CheckParams(req, {});
        auto key = service.VerifierKey();
        if (!key) {
            throw NotFound("this server does not sign checkpoints");
        }
        return text(*key + "\n");
    });
    router.Get("/api/v1/log/entries", [&store](const http::Request& req) {
        CheckParams(req, {"start", "end"});
        const uint64_t size = store.LogSize();
        const size_t start = ParseSize(req, "start", 0, 100000000);
        const size_t end = ParseSize(req, "end", std::min<uint64_t>(size, start + 10), 100000000);
        if (end < start || end - start > 100) {
            throw InvalidInput("end: give start <= end <= start + 100");
        }
        json entries = json::array();
        for (const auto& e : store.ReadLog(start, end)) {
            entries.push_back({{"index", e.index},
                               {"leaf_hash", ledger::ToBase64(e.leaf_hash)},
                               {"entry", e.text}});
        }
        return Json({{"tree_size", size}, {"entries", entries}});
    });
    router.Get("/api/v1/log/proof/inclusion", [&store](const http::Request& req) {
        CheckParams(req, {"index", "hash", "tree_size"});
        const uint64_t size = store.LogSize();
        const uint64_t tree_size = ParseSize(req, "tree_size", size, 100000000000);
        if (tree_size == 0 || tree_size > size) {
            throw InvalidInput("tree_size: {} is not a size the log has had (1 to {})", tree_size,
                               size);
        }
        uint64_t index = 0;
        if (auto hash = req.Query("hash")) {
            auto h = ledger::HashFromBase64(*hash);
            if (!h) {
                throw InvalidInput("hash: not 32 bytes of base64");
            }
            bool found = false;
            for (uint64_t i = 0; i < tree_size && !found; i += 100) {
                for (const auto& e : store.ReadLog(i, std::min<uint64_t>(i + 100, tree_size))) {
                    if (e.leaf_hash == *h) {
                        index = e.index;
                        found = true;
                        break;
                    }
                }
            }
            if (!found) {
                throw NotFound("no entry with that leaf hash in the tree of size {}", tree_size);
            }
        } else {
            index = ParseSize(req, "index", 0, 100000000000);
            if (!req.Query("index")) {
                throw InvalidInput("index: give index or hash");
            }
            if (index >= tree_size) {
                throw InvalidInput("index: {} is not below tree_size {}", index, tree_size);
            }
        }
        json proof = json::array();
        for (const auto& h : ledger::InclusionProof(store.LogNodes(), index, tree_size)) {
            proof.push_back(ledger::ToBase64(h));
        }
        return Json({{"index", index}, {"tree_size", tree_size}, {"inclusion_proof", proof}});
    });
    router.Get("/api/v1/log/proof/consistency", [&store](const http::Request& req) {
        CheckParams(req, {"first", "second"});
        const uint64_t size = store.LogSize();
        const uint64_t first = ParseSize(req, "first", 0, 100000000000);
        const uint64_t second = ParseSize(req, "second", size, 100000000000);
        if (first == 0 || first > second || second > size) {
            throw InvalidInput("first, second: give 0 < first <= second <= {}", size);
        }
        json proof = json::array();
        for (const auto& h : ledger::ConsistencyProof(store.LogNodes(), first, second)) {
            proof.push_back(ledger::ToBase64(h));
        }
        return Json({{"first", first}, {"second", second}, {"consistency_proof", proof}});
    });
    router.Get("/api/v1/log/receipts/{index}", [&service](const http::Request& req) {
        CheckParams(req, {});
        const auto& raw = req.Param("index");
        if (raw.empty() || raw.size() > 15 ||
            raw.find_first_not_of("0123456789") != std::string::npos) {
            throw InvalidInput("index: '{}' is not a log index", raw);
        }
        http::Response r;
        r.body =
            ReceiptJson(service.ReceiptFor(std::stoull(raw)), service.VerifierKey().value_or(""));
        return r;
    });

    router.Get("/api/v1/lists", [snap](const http::Request& req) {
        CheckParams(req, {"limit", "offset", "format"});
        const auto s = snap();
        std::vector<json> items;
        for (const auto& l : s->data().lists) {
            items.push_back(ListSummary(l));
        }
        return Collection(req, std::move(items),
                          {"id", "title", "issuer", "published", "withdrawn", "version",
                           "member_count", "stated_count", "confidence"},
                          "lists");
    });
    router.Get("/api/v1/search", [&store](const http::Request& req) {
        CheckParams(req, {"q", "kind", "limit"});
        const auto q = req.Query("q").value_or("");
        if (q.empty() || q.size() > 200) {
            throw InvalidInput("q: give 1 to 200 characters");
        }
        const size_t limit = ParseSize(req, "limit", 50, 500);
        json items = json::array();
        for (auto& h : store.Search(q, req.Query("kind").value_or(""), limit)) {
            std::string snippet = h.snippet;
            std::replace(snippet.begin(), snippet.end(), '\x02', '[');
            std::replace(snippet.begin(), snippet.end(), '\x03', ']');
            items.push_back({{"kind", h.kind},
                             {"id", h.id},
                             {"state", h.state},
                             {"title", h.title},
                             {"snippet", snippet}});
        }
        return Json({{"query", q}, {"items", items}});
    });
    router.Get("/api/v1/lists/compare", [snap](const http::Request& req) {
        CheckParams(req, {"a", "b"});
        const auto s = snap();
        const auto cmp = app::Service::CompareLists(*s, req.Query("a").value_or(""),
                                                    req.Query("b").value_or(""));
        auto members = [&s](const std::vector<const model::ListMember*>& v, int version) {
            json out = json::array();
            for (const auto* m : v) {
                out.push_back(MemberJson(*s, *m, version));
            }
            return out;
        };
        return Json({{"a", ListSummary(*cmp.a)},
                     {"b", ListSummary(*cmp.b)},
                     {"only_a", members(cmp.only_a, cmp.a->versions.back().version)},
                     {"both", members(cmp.both, cmp.a->versions.back().version)},
                     {"only_b", members(cmp.only_b, cmp.b->versions.back().version)}});
    });
    router.Get("/api/v1/lists/{id}", [snap](const http::Request& req) {
        CheckParams(req, {});
        const auto s = snap();
        const auto* l = s->FindList(req.Param("id"));
        if (l == nullptr) {
            throw NotFound("no list '{}'", req.Param("id"));
        }
        return Json(ListJson(*s, *l));
    });
    router.Get("/api/v1/lists/{id}/members", [snap](const http::Request& req) {
        CheckParams(req, {"limit", "offset", "format"});
        const auto s = snap();
        const auto* l = s->FindList(req.Param("id"));
        if (l == nullptr) {
            throw NotFound("no list '{}'", req.Param("id"));
        }
        std::vector<json> items;
        for (const auto& v : l->versions) {
            for (const auto& m : v.members) {
                json item = MemberJson(*s, m, v.version);
                item["jurisdiction_id"] = m.jurisdiction;
                item["display_name"] = item["jurisdiction"].is_null()
                                           ? json("")
                                           : item["jurisdiction"]["display_name"];
                items.push_back(std::move(item));
            }
        }
        return Collection(req, std::move(items),
                          {"version", "as_named", "jurisdiction_id", "display_name", "candidates",
                           "confidence", "note"},
                          "list-" + l->id);
    });

    router.Get("/api/v1/notices", [snap](const http::Request& req) {
        CheckParams(req, {"limit", "offset", "format"});
        const auto s = snap();
        std::vector<json> items;
        for (const auto& n : s->data().notices) {
            items.push_back(NoticeSummary(n));
        }
        std::sort(items.begin(), items.end(),
                  [](const json& a, const json& b) { return a["date"] < b["date"]; });
        return Collection(req, std::move(items),
                          {"id", "kind", "date", "sender", "program", "title", "deadline",
                           "recipient_count", "conditions", "confidence"},
                          "notices");
    });
    router.Get("/api/v1/notices/{id}", [snap](const http::Request& req) {
        CheckParams(req, {});
        const auto s = snap();
        const auto* n = s->FindNotice(req.Param("id"));
        if (n == nullptr) {
            throw NotFound("no notice '{}'", req.Param("id"));
        }
        return Json(NoticeJson(*s, *n));
    });

    router.Get("/api/v1/conditions", [snap](const http::Request& req) {
        CheckParams(req, {"limit", "offset", "format"});
        const auto s = snap();
        std::vector<json> items;
        for (const auto& c : s->data().conditions) {
            items.push_back(ConditionJson(*s, c, false));
        }
        return Collection(req, std::move(items),
                          {"id", "program", "fiscal_years", "title", "statute", "confidence"},
                          "conditions");
    });
    router.Get("/api/v1/conditions/{id}", [snap](const http::Request& req) {
        CheckParams(req, {});
        const auto s = snap();
        const auto* c = s->FindCondition(req.Param("id"));
        if (c == nullptr) {
            throw NotFound("no condition '{}'", req.Param("id"));
        }
        return Json(ConditionJson(*s, *c, true));
    });

    router.Get("/api/v1/programs", [snap](const http::Request& req) {
        CheckParams(req, {"limit", "offset", "format"});
        const auto s = snap();
        std::vector<json> items;
        for (const auto& p : s->data().programs) {
            items.push_back(ProgramJson(*s, p, false));
        }
        return Collection(req, std::move(items), {"id", "name", "agency", "assistance_listing"},
                          "programs");
    });
    router.Get("/api/v1/programs/{id}", [snap](const http::Request& req) {
        CheckParams(req, {});
        const auto s = snap();
        const auto* p = s->FindProgram(req.Param("id"));
        if (p == nullptr) {
            throw NotFound("no program '{}'", req.Param("id"));
        }
        return Json(ProgramJson(*s, *p, true));
    });

    router.Get("/api/v1/cases", [snap](const http::Request& req) {
        CheckParams(req, {"limit", "offset", "format"});
        const auto s = snap();
        std::vector<json> items;
        for (const auto& c : s->data().cases) {
            items.push_back(CaseSummary(c));
        }
        return Collection(
            req, std::move(items),
            {"id", "title", "court", "docket", "judge", "filed", "order_count", "confidence"},
            "cases");
    });
    router.Get("/api/v1/cases/{id}", [snap](const http::Request& req) {
        CheckParams(req, {});
        const auto s = snap();
        const auto* c = s->FindCase(req.Param("id"));
        if (c == nullptr) {
            throw NotFound("no case '{}'", req.Param("id"));
        }
        return Json(CaseJson(*s, *c));
    });

    router.Get("/api/v1/sources", [snap](const http::Request& req) {
        CheckParams(req, {"limit", "offset", "format"});
        const auto s = snap();
        std::vector<json> items;
        for (const auto& src : s->data().sources) {
            items.push_back(SourceJson(src));
        }
        return Collection(req, std::move(items),
                          {"id", "title", "publisher", "date", "reliability", "url"}, "sources");
    });
    router.Get("/api/v1/sources/{id}", [snap](const http::Request& req) {
        CheckParams(req, {});
        const auto s = snap();
        const auto* src = s->FindSource(req.Param("id"));
        if (src == nullptr) {
            throw NotFound("no source '{}'", req.Param("id"));
        }
        return Json(SourceJson(*src));
    });

    router.Get("/api/v1/awards", [snap](const http::Request& req) {
        CheckParams(req, {"limit", "offset", "format"});
        const auto s = snap();
        std::vector<json> items;
        for (const auto& a : s->data().awards) {
            items.push_back(AwardJson(*s, a, false));
        }
        return Collection(req, std::move(items),
                          {"id", "program", "fiscal_year", "jurisdiction_id", "amount",
                           "approximate", "amount_text", "kind", "description", "confidence"},
                          "awards");
    });
}

}  // namespace grantcheck::api

namespace grantcheck::api {

std::string TableRowJson(const store::TableRow& row) {
    using T = store::TableRow::Value::Type;
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    for (const auto& [name, v] : row.columns) {
        switch (v.type) {
            case T::kNull:
                values[name] = nullptr;
                break;
            case T::kInt:
                values[name] = v.i;
                break;
            case T::kText:
                values[name] = v.s;
                break;
            case T::kBlob:
                values[name] = {{"base64", ledger::ToBase64(v.s)}};
                break;
        }
    }
    nlohmann::ordered_json out;
    out["table"] = row.table;
    out["row"] = std::move(values);
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

store::TableRow ParseTableRowJson(std::string_view line) {
    using T = store::TableRow::Value::Type;
    nlohmann::ordered_json j;
    try {
        j = nlohmann::ordered_json::parse(line);
    } catch (const nlohmann::json::exception& e) {
        throw InvalidInput("not a line of JSON ({})", e.what());
    }
    if (!j.is_object() || !j.contains("table") || !j["table"].is_string() || !j.contains("row") ||
        !j["row"].is_object()) {
        throw InvalidInput("a line needs \"table\" (a name) and \"row\" (an object)");
    }
    store::TableRow row;
    row.table = j["table"].get<std::string>();
    for (const auto& [name, value] : j["row"].items()) {
        store::TableRow::Value v;
        if (value.is_null()) {
            v.type = T::kNull;
        } else if (value.is_number_integer()) {
            v.type = T::kInt;
            v.i = value.get<int64_t>();
        } else if (value.is_string()) {
            v.type = T::kText;
            v.s = value.get<std::string>();
        } else if (value.is_object() && value.contains("base64") && value["base64"].is_string()) {
            auto bytes = ledger::FromBase64(value["base64"].get<std::string>());
            if (!bytes) {
                throw InvalidInput("row.{}: the base64 does not decode", name);
            }
            v.type = T::kBlob;
            v.s = std::move(*bytes);
        } else {
            throw InvalidInput("row.{}: a value is null, an integer, a string or {{\"base64\": …}}",
                               name);
        }
        row.columns.emplace_back(name, std::move(v));
    }
    return row;
}

}  // namespace grantcheck::api
