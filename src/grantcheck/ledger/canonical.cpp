#include "grantcheck/ledger/canonical.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "grantcheck/common/text.hpp"

namespace grantcheck::ledger {

std::optional<std::pair<std::string, std::string>> RecordLineKey(std::string_view line) {
    // Canonical keys are sorted, so a record line starts {"id":"<id>","kind":"<kind>",
    constexpr std::string_view kId = "{\"id\":\"";
    constexpr std::string_view kKind = "\",\"kind\":\"";
    if (!line.starts_with(kId)) {
        return std::nullopt;
    }
    const size_t id_end = line.find(kKind);
    if (id_end == std::string_view::npos) {
        return std::nullopt;
    }
    const size_t kind_start = id_end + kKind.size();
    const size_t kind_end = line.find('"', kind_start);
    if (kind_end == std::string_view::npos) {
        return std::nullopt;
    }
    return std::pair{std::string(line.substr(kind_start, kind_end - kind_start)),
                     std::string(line.substr(kId.size(), id_end - kId.size()))};
}

std::string CanonicalString(std::string_view s) {
    return "\"" + JsonEscape(s) + "\"";
}

CanonicalObject& CanonicalObject::Set(std::string_view key, std::string_view value) {
    members_[std::string(key)] = CanonicalString(value);
    return *this;
}
CanonicalObject& CanonicalObject::Set(std::string_view key, int64_t value) {
    members_[std::string(key)] = std::to_string(value);
    return *this;
}
CanonicalObject& CanonicalObject::SetBool(std::string_view key, bool value) {
    members_[std::string(key)] = value ? "true" : "false";
    return *this;
}
CanonicalObject& CanonicalObject::SetNull(std::string_view key) {
    members_[std::string(key)] = "null";
    return *this;
}
CanonicalObject& CanonicalObject::Set(std::string_view key,
                                      const std::vector<std::string>& values) {
    std::string out = "[";
    for (size_t i = 0; i < values.size(); ++i) {
        out += (i > 0 ? "," : "") + CanonicalString(values[i]);
    }
    members_[std::string(key)] = out + "]";
    return *this;
}
CanonicalObject& CanonicalObject::Set(std::string_view key, const CanonicalObject& value) {
    members_[std::string(key)] = value.Str();
    return *this;
}
CanonicalObject& CanonicalObject::Set(std::string_view key,
                                      const std::vector<CanonicalObject>& values) {
    std::string out = "[";
    for (size_t i = 0; i < values.size(); ++i) {
        out += (i > 0 ? "," : "") + values[i].Str();
    }
    members_[std::string(key)] = out + "]";
    return *this;
}

std::string CanonicalObject::Str() const {
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : members_) {  // std::map orders keys by their bytes
        out += (first ? "" : ",") + CanonicalString(k) + ":" + v;
        first = false;
    }
    return out + "}";
}

namespace {

using O = CanonicalObject;

void Date(O& o, std::string_view key, const std::optional<PartialDate>& d) {
    if (d) {
        o.Set(key, d->ToString());
    } else {
        o.SetNull(key);
    }
}

// An amount in cents, or null when unknown.
void Cents(O& o, std::string_view key, const std::optional<Money>& m) {
    if (m) {
        o.Set(key, m->cents());
    } else {
        o.SetNull(key);
    }
}

O Prov(const model::Provenance& p) {
    std::vector<O> alts;
    for (const auto& a : p.alternatives) {
        alts.push_back(O().Set("field", a.field)
                           .Set("value", a.value)
                           .Set("sources", a.sources)
                           .Set("note", a.note));
    }
    return O()
        .Set("sources", p.sources)
        .Set("confidence", model::ToString(p.confidence))
        .Set("note", p.note)
        .Set("alternatives", alts);
}

std::vector<std::string> Strings(const auto& values) {
    std::vector<std::string> out;
    for (const auto& v : values) {
        out.emplace_back(v);
    }
    return out;
}

}  // namespace

std::string CanonicalRecords(const model::Dataset& d) {
    std::vector<std::pair<std::pair<std::string, std::string>, std::string>> lines;
    auto add = [&lines](std::string kind, std::string id, const O& record) {
        O line;
        line.Set("kind", kind).Set("id", id).Set("record", record);
        lines.push_back({{std::move(kind), std::move(id)}, line.Str()});
    };
    for (const auto& s : d.sources) {
        O r;
        r.Set("url", s.url)
            .Set("title", s.title)
            .Set("publisher", s.publisher)
            .Set("reliability", s.reliability);
        Date(r, "date", s.date);
        add("source", s.id, r);
    }
    for (const auto& j : d.jurisdictions) {
        add("jurisdiction", j.geoid,
            O().Set("kind", model::ToString(j.kind))
                .Set("name", j.name)
                .Set("state", j.state_geoid)
                .Set("county", j.county_geoid)
                .Set("usps", j.usps)
                .Set("ocd_id", j.ocd_id)
                .Set("provenance", Prov(j.provenance)));
    }
    for (const auto& p : d.programs) {
        add("program", p.id,
            O().Set("name", p.name)
                .Set("agency", p.agency)
                .Set("assistance_listing", p.assistance_listing)
                .Set("description", p.description)
                .Set("provenance", Prov(p.provenance)));
    }
    for (const auto& c : d.conditions) {
        std::vector<std::string> years, kinds;
        for (int y : c.fiscal_years) {
            years.push_back(std::to_string(y));
        }
        for (auto k : c.recipient_kinds) {
            kinds.emplace_back(model::ToString(k));
        }
        std::vector<O> breached;
        for (const auto& b : c.rule.breached_by) {
            breached.push_back(O().Set("provision", b.provision).Set("unless", b.unless));
        }
        O r;
        r.Set("program", c.program)
            .Set("fiscal_years", years)
            .Set("title", c.title)
            .Set("summary", c.summary)
            .Set("statute", c.statute)
            .Set("evidence", c.evidence)
            .Set("award_condition", c.award_condition)
            .Set("recipients", kinds)
            .Set("rule", O().Set("breached_by", breached).Set("complied_by", c.rule.complied_by))
            .Set("provenance", Prov(c.provenance));
        Date(r, "applies_from", c.applies_from);
        Date(r, "applies_until", c.applies_until);
        add("condition", c.id, r);
    }
    for (const auto& l : d.lists) {
        std::vector<O> versions;
        for (const auto& v : l.versions) {
            std::vector<O> members;
            for (const auto& m : v.members) {
                members.push_back(O().Set("jurisdiction", m.jurisdiction)
                                      .Set("as_named", m.as_named)
                                      .Set("candidates", m.candidates)
                                      .Set("provenance", Prov(m.provenance)));
            }
            O x;
            x.Set("version", int64_t{v.version})
                .Set("published", v.published.ToString())
                .Set("note", v.note)
                .Set("members", members);
            Date(x, "withdrawn", v.withdrawn);
            versions.push_back(std::move(x));
        }
        O r;
        r.Set("title", l.title)
            .Set("issuer", l.issuer)
            .Set("basis", l.basis)
            .Set("versions", versions)
            .Set("provenance", Prov(l.provenance));
        if (l.stated_count) {
            r.Set("stated_count", int64_t{*l.stated_count});
        } else {
            r.SetNull("stated_count");
        }
        add("list", l.id, r);
    }
    for (const auto& n : d.notices) {
        std::vector<O> recipients, amendments;
        for (const auto& x : n.recipients) {
            O rec;
            rec.Set("jurisdiction", x.jurisdiction)
                .Set("addressee", x.addressee)
                .Set("finding", x.finding)
                .Set("provenance", Prov(x.provenance));
            // Determinations recorded in grantcheck; absent from older entries, so the bundled
            // records keep their bytes.
            if (!x.reasons.empty() || !x.relied_on.empty() || !x.funding_action.empty()) {
                rec.Set("reasons", x.reasons)
                    .Set("relied_on", x.relied_on)
                    .Set("funding_action", x.funding_action)
                    .Set("award", x.award);
                Cents(rec, "amount_cents", x.amount);
            }
            recipients.push_back(std::move(rec));
        }
        for (const auto& a : n.amendments) {
            O x;
            x.Set("date", a.date.ToString())
                .Set("kind", a.kind)
                .Set("jurisdictions", a.jurisdictions)
                .Set("note", a.note)
                .Set("sources", a.sources);
            Date(x, "deadline", a.deadline);
            amendments.push_back(std::move(x));
        }
        O r;
        r.Set("kind", model::ToString(n.kind))
            .Set("date", n.date.ToString())
            .Set("sender", n.sender)
            .Set("signer", n.signer)
            .Set("program", n.program)
            .Set("title", n.title)
            .Set("summary", n.summary)
            .Set("deliverables", n.deliverables)
            .Set("conditions", n.conditions)
            .Set("recipients", recipients)
            .Set("amendments", amendments)
            .SetBool("responses_complete", n.responses_complete)
            .Set("provenance", Prov(n.provenance));
        Date(r, "deadline", n.deadline);
        add("notice", n.id, r);
    }
    for (const auto& c : d.cases) {
        std::vector<O> parties, orders;
        for (const auto& p : c.parties) {
            parties.push_back(
                O().Set("jurisdiction", p.jurisdiction).Set("name", p.name).Set("role", p.role));
        }
        for (const auto& o : c.orders) {
            orders.push_back(O().Set("id", o.id)
                                 .Set("date", o.date.ToString())
                                 .Set("kind", model::ToString(o.kind))
                                 .Set("court", o.court)
                                 .Set("summary", o.summary)
                                 .Set("citation", o.citation)
                                 .Set("conditions", o.conditions)
                                 .Set("scope", O().Set("kind", model::ToString(o.scope.kind))
                                                   .Set("jurisdictions", o.scope.jurisdictions)
                                                   .Set("association", o.scope.association)
                                                   .Set("description", o.scope.description))
                                 .Set("affects", o.affects)
                                 .Set("provenance", Prov(o.provenance)));
        }
        O r;
        r.Set("title", c.title)
            .Set("court", c.court)
            .Set("docket", c.docket)
            .Set("judge", c.judge)
            .Set("outcome", c.outcome)
            .Set("parties", parties)
            .Set("orders", orders)
            .Set("provenance", Prov(c.provenance));
        Date(r, "filed", c.filed);
        add("case", c.id, r);
    }
    for (const auto& a : d.awards) {
        O r;
        r.Set("program", a.program)
            .Set("fiscal_year", int64_t{a.fiscal_year})
            .Set("jurisdiction", a.jurisdiction)
            .SetBool("approximate", a.approximate)
            .Set("amount_text", a.amount_text)
            .Set("kind", a.kind)
            .Set("description", a.description)
            .Set("provenance", Prov(a.provenance));
        Cents(r, "amount_cents", a.amount);
        add("award", a.id, r);
    }
    for (const auto& p : d.policies) {
        std::vector<O> provisions;
        for (const auto& v : p.provisions) {
            provisions.push_back(O().Set("id", v.id)
                                     .Set("type", v.type)
                                     .Set("exceptions", v.exceptions)
                                     .Set("summary", v.summary)
                                     .Set("citation", v.citation)
                                     .Set("provenance", Prov(v.provenance)));
        }
        O r;
        r.Set("jurisdiction", p.jurisdiction)
            .Set("kind", p.kind)
            .Set("title", p.title)
            .Set("citation", p.citation)
            .SetBool("text_in_hand", p.text_in_hand)
            .Set("summary", p.summary)
            .Set("provisions", provisions)
            .Set("provenance", Prov(p.provenance));
        Date(r, "adopted", p.adopted);
        Date(r, "effective", p.effective);
        Date(r, "repealed", p.repealed);
        Date(r, "in_force_by", p.in_force_by);
        add("policy", p.id, r);
    }
    for (const auto& x : d.responses) {
        O r;
        r.Set("jurisdiction", x.jurisdiction)
            .Set("notice", x.notice)
            .Set("date", x.date.ToString())
            .Set("kind", x.kind)
            .Set("summary", x.summary)
            .Set("provenance", Prov(x.provenance));
        // Certifications submitted in grantcheck (absent from older entries).
        if (!x.signer.empty() || !x.evidence.empty()) {
            r.Set("signer", x.signer)
                .Set("signer_title", x.signer_title)
                .Set("evidence", x.evidence);
        }
        add("response", x.id, r);
    }
    for (const auto& t : d.vocabulary) {
        add("term", t.id, O().Set("kind", t.kind).Set("description", t.description));
    }
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& [key, line] : lines) {
        out += line;
        out += '\n';
    }
    return out;
}

}  // namespace grantcheck::ledger
