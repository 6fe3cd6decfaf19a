#include "grantcheck/ingest/loader.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "grantcheck/common/csv.hpp"
#include "grantcheck/common/error.hpp"

namespace grantcheck::ingest {
namespace {

namespace fs = std::filesystem;
using model::Provenance;

constexpr size_t kMaxFileBytes = 64u << 20;  // a data file larger than this is refused
constexpr size_t kMaxReported = 60;          // problems listed in one error

// Collects every problem found while reading, then throws them together.
class Report {
public:
    void Add(std::string message) { errors_.push_back(std::move(message)); }
    bool empty() const { return errors_.empty(); }
    [[noreturn]] void Throw(std::string_view what) const {
        std::string msg =
            fmt::format("{} ({} problem{}):", what, errors_.size(), errors_.size() == 1 ? "" : "s");
        for (size_t i = 0; i < errors_.size() && i < kMaxReported; ++i) {
            msg += "\n  " + errors_[i];
        }
        if (errors_.size() > kMaxReported) {
            msg += fmt::format("\n  ... and {} more", errors_.size() - kMaxReported);
        }
        throw AppError(ErrorCode::kInvalidInput, msg);
    }

private:
    std::vector<std::string> errors_;
};

std::string ReadFileOrThrow(const fs::path& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) {
        throw InvalidInput("{}: cannot read: {}", path.string(), ec.message());
    }
    if (size > kMaxFileBytes) {
        throw InvalidInput("{}: {} bytes is more than the {} byte limit for a data file",
                           path.string(), size, kMaxFileBytes);
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    if (!in.good() && !in.eof()) {
        throw InvalidInput("{}: cannot read", path.string());
    }
    return s.str();
}

bool AllDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// GEOIDs as the Census writes them: 2 digits (state), 5 (county) or 7 (place); "US".
bool IsGeoid(std::string_view s) {
    return s == "US" || (AllDigits(s) && (s.size() == 2 || s.size() == 5 || s.size() == 7));
}

bool IsId(std::string_view s) {
    return !s.empty() && s.size() <= 100 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

// Reads one YAML file's records with their line numbers.
class YamlFile {
public:
    YamlFile(std::string name, Report& report, std::vector<Reference>& refs)
        : name_(std::move(name)), report_(report), refs_(refs) {}

    std::string At(const YAML::Node& n) const {
        return fmt::format("{}:{}", name_, n.Mark().line + 1);
    }
    void Error(const YAML::Node& n, std::string_view field, std::string_view why) {
        report_.Add(fmt::format("{}: {}: {}", At(n), field, why));
    }

    // Every key of `map` must be one of `allowed`: a misspelt key is an error, not ignored.
    void CheckKeys(const YAML::Node& map,
                   std::string_view path,
                   std::initializer_list<std::string_view> allowed) {
        for (const auto& kv : map) {
            const auto key = kv.first.as<std::string>();
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                std::string list;
                for (auto a : allowed) {
                    list += (list.empty() ? "" : ", ") + std::string(a);
                }
                Error(kv.first, Join(path, key), fmt::format("unknown field (allowed: {})", list));
            }
        }
    }

    static std::string Join(std::string_view path, std::string_view key) {
        return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
    }

    std::string Str(const YAML::Node& map, std::string_view path, const char* key, bool required) {
        const YAML::Node n = map[key];
        if (!n || n.IsNull()) {
            if (required) {
                Error(map, Join(path, key), "is required");
            }
            return {};
        }
        if (!n.IsScalar()) {
            Error(n, Join(path, key), "must be a single value, not a list or a map");
            return {};
        }
        auto s = n.as<std::string>();
        if (required && s.empty()) {
            Error(n, Join(path, key), "must not be empty");
        }
        return s;
    }

    std::string Id(const YAML::Node& map, std::string_view path, const char* key = "id") {
        auto s = Str(map, path, key, true);
        if (!s.empty() && !IsId(s)) {
            Error(map[key], Join(path, key),
                  fmt::format("'{}' is not an id (lower-case letters, digits, '-', '_', '.')", s));
        }
        return s;
    }

    std::optional<PartialDate> Date(const YAML::Node& map,
                                    std::string_view path,
                                    const char* key,
                                    bool required) {
        auto s = Str(map, path, key, required);
        if (s.empty()) {
            return std::nullopt;
        }
        auto d = PartialDate::Parse(s);
        if (!d) {
            Error(map[key], Join(path, key),
                  fmt::format("'{}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY, '~' in front "
                              "when approximate)",
                              s));
        }
        return d;
    }

    std::optional<int> Int(const YAML::Node& map,
                           std::string_view path,
                           const char* key,
                           bool required) {
        auto s = Str(map, path, key, required);
        if (s.empty()) {
            return std::nullopt;
        }
        if (!AllDigits(s) || s.size() > 9) {
            Error(map[key], Join(path, key), fmt::format("'{}' is not a whole number", s));
            return std::nullopt;
        }
        return std::stoi(s);
    }

    std::vector<std::string> StrList(const YAML::Node& map,
                                     std::string_view path,
                                     const char* key) {
        std::vector<std::string> out;
        const YAML::Node n = map[key];
        if (!n || n.IsNull()) {
            return out;
        }
        if (!n.IsSequence()) {
            Error(n, Join(path, key), "must be a list ([a, b])");
            return out;
        }
        for (const auto& item : n) {
            if (!item.IsScalar()) {
                Error(item, Join(path, key), "items must be single values");
                continue;
            }
            out.push_back(item.as<std::string>());
        }
        return out;
    }

    // A GEOID field; the reference is checked after the merge.
    std::string Geoid(const YAML::Node& map,
                      std::string_view path,
                      const char* key,
                      bool required) {
        auto s = Str(map, path, key, required);
        if (!s.empty()) {
            RefGeoid(map[key], Join(path, key), s);
        }
        return s;
    }
    void RefGeoid(const YAML::Node& at, const std::string& field, const std::string& geoid) {
        if (!IsGeoid(geoid)) {
            Error(at, field,
                  fmt::format("'{}' is not a Census GEOID (2 digits for a state, 5 for a county, 7 "
                              "for a place; quote it to keep leading zeros)",
                              geoid));
            return;
        }
        Ref(Reference::Kind::kJurisdiction, geoid, at, field);
    }
    void Ref(Reference::Kind kind,
             const std::string& id,
             const YAML::Node& at,
             const std::string& field) {
        refs_.push_back({kind, id, fmt::format("{}: {}", At(at), field)});
    }

    // sources / confidence / note / alternatives of a record. Top-level records must cite at
    // least one source; nested ones may inherit their parent's.
    Provenance Prov(const YAML::Node& map, std::string_view path, bool require_source) {
        Provenance p;
        p.sources = StrList(map, path, "sources");
        if (require_source && p.sources.empty()) {
            Error(map, Join(path, "sources"), "every record must cite at least one source");
        }
        for (const auto& s : p.sources) {
            Ref(Reference::Kind::kSource, s, map["sources"], Join(path, "sources"));
        }
        auto c = Str(map, path, "confidence", false);
        if (!c.empty()) {
            if (auto parsed = model::ParseConfidence(c)) {
                p.confidence = *parsed;
            } else {
                Error(map["confidence"], Join(path, "confidence"),
                      fmt::format("'{}' is not one of confirmed, unconfirmed, conflict", c));
            }
        }
        p.note = Str(map, path, "note", false);
        const YAML::Node alts = map["alternatives"];
        if (alts && !alts.IsSequence()) {
            Error(alts, Join(path, "alternatives"), "must be a list");
        } else if (alts) {
            size_t i = 0;
            for (const auto& a : alts) {
                const auto ap = fmt::format("{}[{}]", Join(path, "alternatives"), i++);
                if (!a.IsMap()) {
                    Error(a, ap, "must be a map with field, value, sources");
                    continue;
                }
                CheckKeys(a, ap, {"field", "value", "sources", "note"});
                model::Alternative alt{Str(a, ap, "field", true), Str(a, ap, "value", true),
                                       StrList(a, ap, "sources"), Str(a, ap, "note", false)};
                for (const auto& s : alt.sources) {
                    Ref(Reference::Kind::kSource, s, a["sources"], Join(ap, "sources"));
                }
                p.alternatives.push_back(std::move(alt));
            }
            if (p.confidence == model::Confidence::kConfirmed && !p.alternatives.empty()) {
                Error(alts, Join(path, "confidence"),
                      "a record with alternatives must say confidence: conflict or unconfirmed");
            }
        }
        return p;
    }

    template <typename E>
    E Enum(const YAML::Node& map,
           std::string_view path,
           const char* key,
           std::optional<E> (*parse)(std::string_view),
           std::vector<std::string_view> names,
           E fallback) {
        auto s = Str(map, path, key, true);
        if (s.empty()) {
            return fallback;
        }
        if (auto e = parse(s)) {
            return *e;
        }
        std::string list;
        for (auto n : names) {
            list += (list.empty() ? "" : ", ") + std::string(n);
        }
        Error(map[key], Join(path, key), fmt::format("'{}' is not one of: {}", s, list));
        return fallback;
    }

    // The file's top level must be a list of maps; returns them.
    std::vector<YAML::Node> Records(const YAML::Node& root) {
        std::vector<YAML::Node> out;
        if (!root || root.IsNull()) {
            return out;
        }
        if (!root.IsSequence()) {
            report_.Add(
                fmt::format("{}: the file must be a list of records ('- id: ...')", At(root)));
            return out;
        }
        for (const auto& r : root) {
            if (!r.IsMap()) {
                report_.Add(fmt::format("{}: each record must be a map of fields", At(r)));
                continue;
            }
            out.push_back(r);
        }
        return out;
    }

    void CheckUnique(const YAML::Node& at, std::string_view kind, const std::string& id) {
        if (!id.empty() && !seen_.insert(id).second) {
            Error(at, "id", fmt::format("duplicate {} id '{}'", kind, id));
        }
    }

    const std::string& name() const { return name_; }

private:
    std::string name_;
    Report& report_;
    std::vector<Reference>& refs_;
    std::unordered_set<std::string> seen_;
};

YAML::Node LoadYaml(const fs::path& path, const std::string& name) {
    const std::string text = ReadFileOrThrow(path);
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw InvalidInput("{}:{}: YAML syntax: {}", name, e.mark.line + 1, e.msg);
    }
}

void ReadSources(YamlFile& f, const YAML::Node& root, model::Dataset& d) {
    for (const auto& r : f.Records(root)) {
        model::Source s;
        f.CheckKeys(r, "", {"id", "url", "title", "publisher", "date", "reliability"});
        s.id = f.Id(r, "");
        f.CheckUnique(r, "source", s.id);
        s.url = f.Str(r, "", "url", true);
        if (!s.url.empty() && !s.url.starts_with("https://") && !s.url.starts_with("http://")) {
            f.Error(r["url"], "url", "must start with http:// or https://");
        }
        s.title = f.Str(r, "", "title", true);
        s.publisher = f.Str(r, "", "publisher", false);
        s.date = f.Date(r, "", "date", false);
        s.reliability = f.Str(r, "", "reliability", true);
        if (!s.reliability.empty() && s.reliability != "primary" && s.reliability != "secondary" &&
            s.reliability != "low") {
            f.Error(r["reliability"], "reliability", "must be primary, secondary or low");
        }
        d.sources.push_back(std::move(s));
    }
}

void ReadPrograms(YamlFile& f, const YAML::Node& root, model::Dataset& d) {
    for (const auto& r : f.Records(root)) {
        f.CheckKeys(r, "",
                    {"id", "name", "agency", "assistance_listing", "description", "sources",
                     "confidence", "note", "alternatives"});
        model::Program p;
        p.id = f.Id(r, "");
        f.CheckUnique(r, "program", p.id);
        p.name = f.Str(r, "", "name", true);
        p.agency = f.Str(r, "", "agency", true);
        p.assistance_listing = f.Str(r, "", "assistance_listing", false);
        p.description = f.Str(r, "", "description", false);
        p.provenance = f.Prov(r, "", true);
        d.programs.push_back(std::move(p));
    }
}

void ReadConditions(YamlFile& f, const YAML::Node& root, model::Dataset& d) {
    for (const auto& r : f.Records(root)) {
        f.CheckKeys(r, "",
                    {"id", "program", "fiscal_years", "title", "summary", "statute", "evidence",
                     "award_condition", "applies_from", "applies_until", "recipients", "rule",
                     "sources", "confidence", "note", "alternatives"});
        model::Condition c;
        c.id = f.Id(r, "");
        f.CheckUnique(r, "condition", c.id);
        c.program = f.Str(r, "", "program", true);
        if (!c.program.empty()) {
            f.Ref(Reference::Kind::kProgram, c.program, r["program"], "program");
        }
        for (const auto& y : f.StrList(r, "", "fiscal_years")) {
            if (y.size() != 4 || !AllDigits(y)) {
                f.Error(r["fiscal_years"], "fiscal_years", fmt::format("'{}' is not a year", y));
            } else {
                c.fiscal_years.push_back(std::stoi(y));
            }
        }
        if (c.fiscal_years.empty()) {
            f.Error(r, "fiscal_years", "at least one fiscal year is required");
        }
        c.title = f.Str(r, "", "title", true);
        c.summary = f.Str(r, "", "summary", false);
        c.statute = f.Str(r, "", "statute", false);
        c.evidence = f.Str(r, "", "evidence", false);
        c.award_condition = f.Str(r, "", "award_condition", false);
        c.applies_from = f.Date(r, "", "applies_from", true);
        c.applies_until = f.Date(r, "", "applies_until", false);
        for (const auto& k : f.StrList(r, "", "recipients")) {
            if (auto kind = model::ParseJurisdictionKind(k)) {
                c.recipient_kinds.push_back(*kind);
            } else {
                f.Error(r["recipients"], "recipients",
                        fmt::format("'{}' is not state, district, territory, county or city", k));
            }
        }
        if (c.recipient_kinds.empty()) {
            f.Error(r, "recipients", "name the kinds of jurisdiction that receive the program");
        }
        const YAML::Node rule = r["rule"];
        if (rule && !rule.IsMap()) {
            f.Error(rule, "rule", "must be a map with breached_by and/or complied_by");
        } else if (rule) {
            f.CheckKeys(rule, "rule", {"breached_by", "complied_by"});
            const YAML::Node breached = rule["breached_by"];
            size_t i = 0;
            for (const auto& clause : breached) {
                const auto cp = fmt::format("rule.breached_by[{}]", i++);
                if (!clause.IsMap()) {
                    f.Error(clause, cp, "must be a map: {provision: TYPE, unless: [EXCEPTION]}");
                    continue;
                }
                f.CheckKeys(clause, cp, {"provision", "unless"});
                model::RuleClause rc{f.Str(clause, cp, "provision", true),
                                     f.StrList(clause, cp, "unless")};
                if (!rc.provision.empty()) {
                    f.Ref(Reference::Kind::kTerm, "provision:" + rc.provision, clause["provision"],
                          cp + ".provision");
                }
                for (const auto& e : rc.unless) {
                    f.Ref(Reference::Kind::kTerm, "exception:" + e, clause["unless"],
                          cp + ".unless");
                }
                c.rule.breached_by.push_back(std::move(rc));
            }
            c.rule.complied_by = f.StrList(rule, "rule", "complied_by");
            for (const auto& t : c.rule.complied_by) {
                f.Ref(Reference::Kind::kTerm, "provision:" + t, rule["complied_by"],
                      "rule.complied_by");
            }
        }
        c.provenance = f.Prov(r, "", true);
        d.conditions.push_back(std::move(c));
    }
}

void ReadLists(YamlFile& f, const YAML::Node& root, model::Dataset& d) {
    for (const auto& r : f.Records(root)) {
        f.CheckKeys(r, "",
                    {"id", "title", "issuer", "basis", "stated_count", "versions", "sources",
                     "confidence", "note", "alternatives"});
        model::DesignationList l;
        l.id = f.Id(r, "");
        f.CheckUnique(r, "list", l.id);
        l.title = f.Str(r, "", "title", true);
        l.issuer = f.Str(r, "", "issuer", true);
        l.basis = f.Str(r, "", "basis", false);
        l.stated_count = f.Int(r, "", "stated_count", false);
        l.provenance = f.Prov(r, "", true);
        const YAML::Node versions = r["versions"];
        if (!versions || !versions.IsSequence() || versions.size() == 0) {
            f.Error(r, "versions", "a list needs at least one version with its members");
        } else {
            std::set<int> seen;
            size_t vi = 0;
            for (const auto& v : versions) {
                const auto vp = fmt::format("versions[{}]", vi++);
                if (!v.IsMap()) {
                    f.Error(v, vp, "must be a map");
                    continue;
                }
                f.CheckKeys(v, vp, {"version", "published", "withdrawn", "note", "members"});
                model::ListVersion ver;
                ver.version = f.Int(v, vp, "version", true).value_or(0);
                if (!seen.insert(ver.version).second) {
                    f.Error(v, vp + ".version", fmt::format("duplicate version {}", ver.version));
                }
                if (auto p = f.Date(v, vp, "published", true)) {
                    ver.published = *p;
                }
                ver.withdrawn = f.Date(v, vp, "withdrawn", false);
                ver.note = f.Str(v, vp, "note", false);
                const YAML::Node members = v["members"];
                if (members && !members.IsSequence()) {
                    f.Error(members, vp + ".members", "must be a list");
                } else if (members) {
                    size_t mi = 0;
                    for (const auto& m : members) {
                        const auto mp = fmt::format("{}.members[{}]", vp, mi++);
                        if (!m.IsMap()) {
                            f.Error(m, mp, "must be a map with jurisdiction and as_named");
                            continue;
                        }
                        f.CheckKeys(m, mp,
                                    {"jurisdiction", "as_named", "candidates", "sources",
                                     "confidence", "note", "alternatives"});
                        model::ListMember member;
                        member.jurisdiction = f.Geoid(m, mp, "jurisdiction", false);
                        member.as_named = f.Str(m, mp, "as_named", true);
                        member.candidates = f.StrList(m, mp, "candidates");
                        for (const auto& c : member.candidates) {
                            f.RefGeoid(m["candidates"], mp + ".candidates", c);
                        }
                        if (member.jurisdiction.empty() && member.candidates.empty()) {
                            f.Error(m, mp,
                                    "give the jurisdiction, or the candidates it may mean when "
                                    "the name does not resolve");
                        }
                        member.provenance = f.Prov(m, mp, false);
                        ver.members.push_back(std::move(member));
                    }
                }
                l.versions.push_back(std::move(ver));
            }
        }
        d.lists.push_back(std::move(l));
    }
}

void ReadNotices(YamlFile& f, const YAML::Node& root, model::Dataset& d) {
    for (const auto& r : f.Records(root)) {
        f.CheckKeys(r, "",
                    {"id", "kind", "date", "sender", "signer", "program", "title", "summary",
                     "deadline", "deliverables", "conditions", "recipients", "amendments",
                     "responses", "sources", "confidence", "note", "alternatives"});
        model::Notice n;
        n.id = f.Id(r, "");
        f.CheckUnique(r, "notice", n.id);
        n.kind = f.Enum(r, "", "kind", &model::ParseNoticeKind, model::NoticeKindNames(),
                        model::NoticeKind::kOther);
        if (auto date = f.Date(r, "", "date", true)) {
            n.date = *date;
        }
        n.sender = f.Str(r, "", "sender", true);
        n.signer = f.Str(r, "", "signer", false);
        n.program = f.Str(r, "", "program", false);
        if (!n.program.empty()) {
            f.Ref(Reference::Kind::kProgram, n.program, r["program"], "program");
        }
        n.title = f.Str(r, "", "title", true);
        n.summary = f.Str(r, "", "summary", false);
        n.deadline = f.Date(r, "", "deadline", false);
        if (n.deadline && n.deadline->last < n.date.first) {
            f.Error(r["deadline"], "deadline", "is before the notice's date");
        }
        n.deliverables = f.StrList(r, "", "deliverables");
        n.conditions = f.StrList(r, "", "conditions");
        for (const auto& c : n.conditions) {
            f.Ref(Reference::Kind::kCondition, c, r["conditions"], "conditions");
        }
        n.provenance = f.Prov(r, "", true);
        const auto responses = f.Str(r, "", "responses", false);
        if (!responses.empty() && responses != "complete" && responses != "partial") {
            f.Error(r["responses"], "responses",
                    "must be complete (every response is recorded) or partial");
        }
        n.responses_complete = responses != "partial";
        size_t ai = 0;
        for (const auto& a : r["amendments"]) {
            const auto ap = fmt::format("amendments[{}]", ai++);
            if (!a.IsMap()) {
                f.Error(a, ap, "must be a map with date, kind, deadline");
                continue;
            }
            f.CheckKeys(a, ap, {"date", "kind", "deadline", "jurisdictions", "note", "sources"});
            model::NoticeAmendment am;
            if (auto date = f.Date(a, ap, "date", true)) {
                am.date = *date;
            }
            am.kind = f.Str(a, ap, "kind", true);
            if (!am.kind.empty() && am.kind != "extension" && am.kind != "withdrawal") {
                f.Error(a["kind"], ap + ".kind", "must be extension or withdrawal");
            }
            am.deadline = f.Date(a, ap, "deadline", am.kind == "extension");
            am.jurisdictions = f.StrList(a, ap, "jurisdictions");
            for (const auto& g : am.jurisdictions) {
                f.RefGeoid(a["jurisdictions"], ap + ".jurisdictions", g);
            }
            am.note = f.Str(a, ap, "note", false);
            am.sources = f.StrList(a, ap, "sources");
            if (am.sources.empty()) {
                f.Error(a, ap + ".sources", "every amendment must cite at least one source");
            }
            for (const auto& src : am.sources) {
                f.Ref(Reference::Kind::kSource, src, a["sources"], ap + ".sources");
            }
            n.amendments.push_back(std::move(am));
        }
        const YAML::Node recipients = r["recipients"];
        if (!recipients || !recipients.IsSequence()) {
            f.Error(r, "recipients", "a notice needs a list of recipients");
        } else {
            size_t i = 0;
            for (const auto& x : recipients) {
                const auto rp = fmt::format("recipients[{}]", i++);
                if (!x.IsMap()) {
                    f.Error(x, rp, "must be a map with a jurisdiction");
                    continue;
                }
                f.CheckKeys(x, rp,
                            {"jurisdiction", "addressee", "finding", "sources", "confidence",
                             "note", "alternatives"});
                model::NoticeRecipient rec;
                rec.jurisdiction = f.Geoid(x, rp, "jurisdiction", true);
                rec.addressee = f.Str(x, rp, "addressee", false);
                rec.finding = f.Str(x, rp, "finding", false);
                rec.provenance = f.Prov(x, rp, false);
                n.recipients.push_back(std::move(rec));
            }
        }
        d.notices.push_back(std::move(n));
    }
}

void ReadCases(YamlFile& f,
               const YAML::Node& root,
               model::Dataset& d,
               std::unordered_set<std::string>& order_ids) {
    for (const auto& r : f.Records(root)) {
        f.CheckKeys(r, "",
                    {"id", "title", "court", "docket", "judge", "filed", "outcome", "parties",
                     "orders", "sources", "confidence", "note", "alternatives"});
        model::Case c;
        c.id = f.Id(r, "");
        f.CheckUnique(r, "case", c.id);
        c.title = f.Str(r, "", "title", true);
        c.court = f.Str(r, "", "court", true);
        c.docket = f.Str(r, "", "docket", false);
        c.judge = f.Str(r, "", "judge", false);
        c.filed = f.Date(r, "", "filed", false);
        c.outcome = f.Str(r, "", "outcome", false);
        c.provenance = f.Prov(r, "", true);
        size_t pi = 0;
        for (const auto& p : r["parties"]) {
            const auto pp = fmt::format("parties[{}]", pi++);
            if (!p.IsMap()) {
                f.Error(p, pp, "must be a map with name and role");
                continue;
            }
            f.CheckKeys(p, pp, {"jurisdiction", "name", "role"});
            model::CaseParty party{f.Geoid(p, pp, "jurisdiction", false),
                                   f.Str(p, pp, "name", true), f.Str(p, pp, "role", true)};
            c.parties.push_back(std::move(party));
        }
        size_t oi = 0;
        for (const auto& o : r["orders"]) {
            const auto op = fmt::format("orders[{}]", oi++);
            if (!o.IsMap()) {
                f.Error(o, op, "must be a map");
                continue;
            }
            f.CheckKeys(o, op,
                        {"id", "date", "kind", "court", "summary", "citation", "conditions",
                         "scope", "affects", "sources", "confidence", "note", "alternatives"});
            model::CourtOrder order;
            order.id = f.Id(o, op);
            if (!order.id.empty() && !order_ids.insert(order.id).second) {
                f.Error(o, op + ".id", fmt::format("duplicate order id '{}'", order.id));
            }
            if (auto date = f.Date(o, op, "date", true)) {
                order.date = *date;
            }
            order.kind = f.Enum(o, op, "kind", &model::ParseOrderKind, model::OrderKindNames(),
                                model::OrderKind::kOther);
            order.court = f.Str(o, op, "court", false);
            if (order.court.empty()) {
                order.court = c.court;
            }
            order.summary = f.Str(o, op, "summary", true);
            order.citation = f.Str(o, op, "citation", false);
            order.conditions = f.StrList(o, op, "conditions");
            for (const auto& cond : order.conditions) {
                f.Ref(Reference::Kind::kCondition, cond, o["conditions"], op + ".conditions");
            }
            order.affects = f.Str(o, op, "affects", false);
            if (!order.affects.empty()) {
                f.Ref(Reference::Kind::kOrder, order.affects, o["affects"], op + ".affects");
            }
            const YAML::Node scope = o["scope"];
            const auto sp = op + ".scope";
            if (!scope || !scope.IsMap()) {
                f.Error(o, sp, "is required: a map with kind (and jurisdictions or association)");
            } else {
                f.CheckKeys(scope, sp, {"kind", "jurisdictions", "association", "description"});
                order.scope.kind = f.Enum(scope, sp, "kind", &model::ParseScopeKind,
                                          model::ScopeKindNames(), model::ScopeKind::kNone);
                order.scope.jurisdictions = f.StrList(scope, sp, "jurisdictions");
                for (const auto& g : order.scope.jurisdictions) {
                    f.RefGeoid(scope["jurisdictions"], sp + ".jurisdictions", g);
                }
                order.scope.association = f.Str(scope, sp, "association", false);
                order.scope.description = f.Str(scope, sp, "description", false);
                const bool needs_list = order.scope.kind == model::ScopeKind::kParties ||
                                        order.scope.kind == model::ScopeKind::kState;
                if (needs_list && order.scope.jurisdictions.empty()) {
                    f.Error(scope, sp + ".jurisdictions",
                            "a parties or state scope must name its jurisdictions");
                }
                if (order.scope.kind == model::ScopeKind::kMembers &&
                    order.scope.association.empty()) {
                    f.Error(scope, sp + ".association",
                            "a members scope must name the association");
                }
            }
            order.provenance = f.Prov(o, op, true);
            c.orders.push_back(std::move(order));
        }
        d.cases.push_back(std::move(c));
    }
}

void ReadVocabulary(YamlFile& f, const YAML::Node& root, model::Dataset& d) {
    if (!root.IsMap()) {
        f.Error(root, "", "must be a map with provision_types and exceptions");
        return;
    }
    f.CheckKeys(root, "", {"provision_types", "exceptions"});
    for (const auto& [key, kind] :
         {std::pair{"provision_types", "provision"}, std::pair{"exceptions", "exception"}}) {
        for (const auto& t : f.Records(root[key])) {
            f.CheckKeys(t, key, {"id", "description"});
            model::Term term{f.Id(t, key), kind, f.Str(t, key, "description", true)};
            f.CheckUnique(t, "vocabulary", term.id);
            d.vocabulary.push_back(std::move(term));
        }
    }
}

void ReadPolicies(YamlFile& f, const YAML::Node& root, model::Dataset& d) {
    for (const auto& r : f.Records(root)) {
        f.CheckKeys(r, "",
                    {"id", "jurisdiction", "kind", "title", "citation", "adopted", "effective",
                     "repealed", "in_force_by", "text_in_hand", "summary", "provisions", "sources",
                     "confidence", "note", "alternatives"});
        model::Policy p;
        p.id = f.Id(r, "");
        f.CheckUnique(r, "policy", p.id);
        p.jurisdiction = f.Geoid(r, "", "jurisdiction", true);
        p.kind = f.Str(r, "", "kind", true);
        static constexpr std::string_view kKinds[] = {
            "ordinance",      "statute",    "executive_order",     "police_policy",
            "sheriff_policy", "resolution", "administrative_code", "rule"};
        if (!p.kind.empty() &&
            std::find(std::begin(kKinds), std::end(kKinds), p.kind) == std::end(kKinds)) {
            f.Error(r["kind"], "kind",
                    "must be ordinance, statute, executive_order, police_policy, sheriff_policy, "
                    "resolution, administrative_code or rule");
        }
        p.title = f.Str(r, "", "title", true);
        p.citation = f.Str(r, "", "citation", false);
        p.adopted = f.Date(r, "", "adopted", false);
        p.effective = f.Date(r, "", "effective", false);
        p.repealed = f.Date(r, "", "repealed", false);
        p.in_force_by = f.Date(r, "", "in_force_by", false);
        if (!p.adopted && !p.effective && !p.in_force_by) {
            f.Error(r, "effective",
                    "give the adopted or effective date, or in_force_by: a date by which the "
                    "policy is known to be in force");
        }
        const auto in_hand = f.Str(r, "", "text_in_hand", false);
        if (in_hand != "" && in_hand != "true" && in_hand != "false") {
            f.Error(r["text_in_hand"], "text_in_hand", "must be true or false");
        }
        p.text_in_hand = in_hand == "true";
        p.summary = f.Str(r, "", "summary", false);
        p.provenance = f.Prov(r, "", true);
        std::set<std::string> ids;
        size_t i = 0;
        for (const auto& x : r["provisions"]) {
            const auto pp = fmt::format("provisions[{}]", i++);
            if (!x.IsMap()) {
                f.Error(x, pp, "must be a map with id and type");
                continue;
            }
            f.CheckKeys(x, pp,
                        {"id", "type", "exceptions", "summary", "citation", "sources", "confidence",
                         "note", "alternatives"});
            model::Provision v;
            v.id = f.Id(x, pp);
            if (!ids.insert(v.id).second) {
                f.Error(x, pp + ".id", fmt::format("duplicate provision id '{}'", v.id));
            }
            v.type = f.Str(x, pp, "type", true);
            if (!v.type.empty()) {
                f.Ref(Reference::Kind::kTerm, "provision:" + v.type, x["type"], pp + ".type");
            }
            v.exceptions = f.StrList(x, pp, "exceptions");
            for (const auto& e : v.exceptions) {
                f.Ref(Reference::Kind::kTerm, "exception:" + e, x["exceptions"],
                      pp + ".exceptions");
            }
            v.summary = f.Str(x, pp, "summary", true);
            v.citation = f.Str(x, pp, "citation", false);
            v.provenance = f.Prov(x, pp, false);
            p.provisions.push_back(std::move(v));
        }
        d.policies.push_back(std::move(p));
    }
}

void ReadResponses(YamlFile& f, const YAML::Node& root, model::Dataset& d) {
    for (const auto& r : f.Records(root)) {
        f.CheckKeys(r, "",
                    {"id", "jurisdiction", "notice", "date", "kind", "summary", "sources",
                     "confidence", "note", "alternatives"});
        model::Response x;
        x.id = f.Id(r, "");
        f.CheckUnique(r, "response", x.id);
        x.jurisdiction = f.Geoid(r, "", "jurisdiction", true);
        x.notice = f.Str(r, "", "notice", true);
        if (!x.notice.empty()) {
            f.Ref(Reference::Kind::kNotice, x.notice, r["notice"], "notice");
        }
        if (auto date = f.Date(r, "", "date", true)) {
            x.date = *date;
        }
        x.kind = f.Str(r, "", "kind", true);
        x.summary = f.Str(r, "", "summary", false);
        x.provenance = f.Prov(r, "", true);
        d.responses.push_back(std::move(x));
    }
}

// Columns of a CSV file, found by header name, so that files may order them freely.
class CsvTable {
public:
    CsvTable(std::string name,
             std::string_view text,
             std::vector<std::string> required,
             std::vector<std::string> optional,
             Report& report)
        : name_(std::move(name)), report_(report) {
        rows_ = ParseCsv(text, name_);
        if (rows_.empty()) {
            report_.Add(fmt::format("{}:1: the file has no header row", name_));
            return;
        }
        const auto& header = rows_.front().fields;
        for (size_t i = 0; i < header.size(); ++i) {
            const bool known =
                std::find(required.begin(), required.end(), header[i]) != required.end() ||
                std::find(optional.begin(), optional.end(), header[i]) != optional.end();
            if (!known) {
                report_.Add(fmt::format("{}:1: unknown column '{}'", name_, header[i]));
            }
            columns_[header[i]] = i;
        }
        for (const auto& r : required) {
            if (!columns_.contains(r)) {
                report_.Add(fmt::format("{}:1: missing column '{}'", name_, r));
                ok_ = false;
            }
        }
        for (size_t i = 1; i < rows_.size(); ++i) {
            if (rows_[i].fields.size() != header.size()) {
                report_.Add(fmt::format("{}:{}: {} fields where the header has {}", name_,
                                        rows_[i].line, rows_[i].fields.size(), header.size()));
                ok_ = false;
            }
        }
    }

    bool ok() const { return ok_ && !rows_.empty(); }
    size_t size() const { return rows_.empty() ? 0 : rows_.size() - 1; }
    const CsvRow& row(size_t i) const { return rows_[i + 1]; }
    std::string Get(size_t i, const std::string& column) const {
        auto it = columns_.find(column);
        return it == columns_.end() ? std::string() : row(i).fields[it->second];
    }
    void Error(size_t i, std::string_view column, std::string_view why) {
        report_.Add(fmt::format("{}:{}: {}: {}", name_, row(i).line, column, why));
    }
    std::string At(size_t i, std::string_view column) const {
        return fmt::format("{}:{}: {}", name_, row(i).line, column);
    }

private:
    std::string name_;
    Report& report_;
    std::vector<CsvRow> rows_;
    std::map<std::string, size_t> columns_;
    bool ok_ = true;
};

std::vector<std::string> SplitSemicolons(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ';')) {
        auto b = item.find_first_not_of(' ');
        auto e = item.find_last_not_of(' ');
        if (b != std::string::npos) {
            out.push_back(item.substr(b, e - b + 1));
        }
    }
    return out;
}

// Provenance columns of a CSV row: sources (';'-separated), confidence, note.
Provenance CsvProvenance(CsvTable& t, size_t i, std::vector<Reference>& refs) {
    Provenance p;
    p.sources = SplitSemicolons(t.Get(i, "sources"));
    if (p.sources.empty()) {
        t.Error(i, "sources", "every record must cite at least one source");
    }
    for (const auto& s : p.sources) {
        refs.push_back({Reference::Kind::kSource, s, t.At(i, "sources")});
    }
    const auto c = t.Get(i, "confidence");
    if (!c.empty()) {
        if (auto parsed = model::ParseConfidence(c)) {
            p.confidence = *parsed;
        } else {
            t.Error(i, "confidence",
                    fmt::format("'{}' is not confirmed, unconfirmed or conflict", c));
        }
    }
    p.note = t.Get(i, "note");
    return p;
}

struct StateCode {
    std::string usps;
    std::string ocd_id;
};

std::map<std::string, StateCode> ReadStateCodes(const fs::path& path,
                                                const std::string& name,
                                                Report& report,
                                                std::vector<Reference>& refs,
                                                std::vector<std::string>& sources) {
    std::map<std::string, StateCode> out;
    CsvTable t(name, ReadFileOrThrow(path), {"geoid", "usps", "ocd_id", "sources"}, {"name"},
               report);
    if (!t.ok()) {
        return out;
    }
    for (size_t i = 0; i < t.size(); ++i) {
        const auto geoid = t.Get(i, "geoid");
        if (geoid.size() != 2 || !AllDigits(geoid)) {
            t.Error(i, "geoid", fmt::format("'{}' is not a 2-digit state FIPS code", geoid));
            continue;
        }
        const auto usps = t.Get(i, "usps");
        if (usps.size() != 2) {
            t.Error(i, "usps", fmt::format("'{}' is not a 2-letter postal code", usps));
        }
        if (!out.emplace(geoid, StateCode{usps, t.Get(i, "ocd_id")}).second) {
            t.Error(i, "geoid", fmt::format("duplicate state '{}'", geoid));
        }
        for (const auto& s : SplitSemicolons(t.Get(i, "sources"))) {
            refs.push_back({Reference::Kind::kSource, s, t.At(i, "sources")});
            if (std::find(sources.begin(), sources.end(), s) == sources.end()) {
                sources.push_back(s);
            }
        }
    }
    return out;
}

// The county's name as people write it: us-atlas keeps only the base name ("Cook", "Orleans").
std::string CountyName(const std::string& geoid, const std::string& base) {
    const std::string state = geoid.substr(0, 2);
    const int code = std::stoi(geoid.substr(2));
    if (state == "11") {
        return base;
    }
    if (state == "22") {
        return base + " Parish";
    }
    if (state == "72") {
        return base + " Municipio";
    }
    if (state == "02" || state == "60" || state == "66" || state == "69" || state == "78") {
        return base;  // boroughs, census areas, islands, districts: the type is not in us-atlas
    }
    // Independent cities (Virginia, Baltimore, St. Louis, Carson City) have codes from 510 up.
    if (code >= 510 && (state == "51" || state == "24" || state == "29" || state == "32")) {
        return base.ends_with(" city") || base.ends_with(" City") ? base : base + " city";
    }
    return base + " County";
}

model::JurisdictionKind StateKind(const std::string& geoid) {
    if (geoid == "11") {
        return model::JurisdictionKind::kDistrict;
    }
    const int code = std::stoi(geoid);
    return code > 56 ? model::JurisdictionKind::kTerritory : model::JurisdictionKind::kState;
}

// States, D.C., territories and counties from us-atlas's TopoJSON (Census FIPS ids and names).
void ReadAtlas(const fs::path& path,
               const std::map<std::string, StateCode>& codes,
               const std::vector<std::string>& sources,
               model::Dataset& d,
               Report& report) {
    nlohmann::json topo;
    try {
        topo = nlohmann::json::parse(ReadFileOrThrow(path));
    } catch (const nlohmann::json::exception& e) {
        throw InvalidInput("{}: not a TopoJSON file: {}", path.string(), e.what());
    }
    Provenance prov;
    prov.sources = sources;
    const auto objects = topo.find("objects");
    if (objects == topo.end() || !objects->contains("states") || !objects->contains("counties")) {
        throw InvalidInput(
            "{}: no states and counties objects: is this us-atlas counties-10m.json?",
            path.string());
    }
    model::Jurisdiction nation;
    nation.geoid = "US";
    nation.kind = model::JurisdictionKind::kNation;
    nation.name = "United States";
    nation.ocd_id = "ocd-division/country:us";
    nation.provenance = prov;
    d.jurisdictions.push_back(nation);
    for (const auto& g : (*objects)["states"]["geometries"]) {
        model::Jurisdiction j;
        j.geoid = g.value("id", "");
        j.name = g["properties"].value("name", "");
        if (j.geoid.size() != 2 || !AllDigits(j.geoid) || j.name.empty()) {
            report.Add(fmt::format("{}: a state without a 2-digit id and a name", path.string()));
            continue;
        }
        j.kind = StateKind(j.geoid);
        j.state_geoid = j.geoid;
        auto code = codes.find(j.geoid);
        if (code == codes.end()) {
            report.Add(fmt::format("state-codes.csv: no row for state {} ({}) of the gazetteer",
                                   j.geoid, j.name));
        } else {
            j.usps = code->second.usps;
            j.ocd_id = code->second.ocd_id;
        }
        j.provenance = prov;
        d.jurisdictions.push_back(std::move(j));
    }
    for (const auto& g : (*objects)["counties"]["geometries"]) {
        model::Jurisdiction j;
        j.geoid = g.value("id", "");
        const std::string base = g["properties"].value("name", "");
        if (j.geoid.size() != 5 || !AllDigits(j.geoid) || base.empty()) {
            report.Add(fmt::format("{}: a county without a 5-digit id and a name", path.string()));
            continue;
        }
        j.kind = model::JurisdictionKind::kCounty;
        j.name = CountyName(j.geoid, base);
        j.state_geoid = j.geoid.substr(0, 2);
        j.county_geoid = j.geoid;
        if (auto code = codes.find(j.state_geoid); code != codes.end()) {
            j.usps = code->second.usps;
        }
        j.provenance = prov;
        d.jurisdictions.push_back(std::move(j));
    }
}

void ReadPlaces(const fs::path& path,
                const std::string& name,
                model::Dataset& d,
                Report& report,
                std::vector<Reference>& refs) {
    CsvTable t(name, ReadFileOrThrow(path), {"geoid", "name", "county_geoid", "ocd_id", "sources"},
               {"confidence", "note"}, report);
    if (!t.ok()) {
        return;
    }
    std::unordered_set<std::string> seen;
    for (size_t i = 0; i < t.size(); ++i) {
        model::Jurisdiction j;
        j.geoid = t.Get(i, "geoid");
        if (j.geoid.size() != 7 || !AllDigits(j.geoid)) {
            t.Error(i, "geoid",
                    fmt::format("'{}' is not a 7-digit place GEOID (state + place code)", j.geoid));
            continue;
        }
        if (!seen.insert(j.geoid).second) {
            t.Error(i, "geoid", fmt::format("duplicate place '{}'", j.geoid));
        }
        j.kind = model::JurisdictionKind::kCity;
        j.name = t.Get(i, "name");
        if (j.name.empty()) {
            t.Error(i, "name", "is required");
        }
        j.state_geoid = j.geoid.substr(0, 2);
        refs.push_back({Reference::Kind::kJurisdiction, j.state_geoid, t.At(i, "geoid")});
        j.county_geoid = t.Get(i, "county_geoid");
        if (j.county_geoid.size() != 5 || !j.county_geoid.starts_with(j.state_geoid)) {
            t.Error(i, "county_geoid",
                    fmt::format("'{}' is not a 5-digit county GEOID in state {}", j.county_geoid,
                                j.state_geoid));
        } else {
            refs.push_back(
                {Reference::Kind::kJurisdiction, j.county_geoid, t.At(i, "county_geoid")});
        }
        j.ocd_id = t.Get(i, "ocd_id");
        if (!j.ocd_id.empty() && !j.ocd_id.starts_with("ocd-division/country:us/")) {
            t.Error(i, "ocd_id", "must start with ocd-division/country:us/");
        }
        j.provenance = CsvProvenance(t, i, refs);
        d.jurisdictions.push_back(std::move(j));
    }
}

void ReadAwards(const fs::path& path,
                const std::string& name,
                model::Dataset& d,
                Report& report,
                std::vector<Reference>& refs) {
    CsvTable t(name, ReadFileOrThrow(path),
               {"id", "program", "fiscal_year", "jurisdiction", "amount", "kind", "sources"},
               {"approximate", "amount_text", "description", "confidence", "note"}, report);
    if (!t.ok()) {
        return;
    }
    std::unordered_set<std::string> seen;
    for (size_t i = 0; i < t.size(); ++i) {
        model::Award a;
        a.id = t.Get(i, "id");
        if (!IsId(a.id)) {
            t.Error(i, "id", fmt::format("'{}' is not an id", a.id));
        } else if (!seen.insert(a.id).second) {
            t.Error(i, "id", fmt::format("duplicate award id '{}'", a.id));
        }
        a.program = t.Get(i, "program");
        refs.push_back({Reference::Kind::kProgram, a.program, t.At(i, "program")});
        const auto fy = t.Get(i, "fiscal_year");
        if (fy.size() != 4 || !AllDigits(fy)) {
            t.Error(i, "fiscal_year", fmt::format("'{}' is not a year", fy));
        } else {
            a.fiscal_year = std::stoi(fy);
        }
        a.jurisdiction = t.Get(i, "jurisdiction");
        if (!IsGeoid(a.jurisdiction)) {
            t.Error(i, "jurisdiction", fmt::format("'{}' is not a GEOID", a.jurisdiction));
        } else {
            refs.push_back(
                {Reference::Kind::kJurisdiction, a.jurisdiction, t.At(i, "jurisdiction")});
        }
        const auto amount = t.Get(i, "amount");
        if (!amount.empty()) {
            a.amount = Money::Parse(amount);
            if (!a.amount) {
                t.Error(i, "amount",
                        fmt::format("'{}' is not an amount in dollars (e.g. 212112 or 923401.00); "
                                    "leave it empty when unknown",
                                    amount));
            }
        }
        const auto approx = t.Get(i, "approximate");
        if (approx != "" && approx != "true" && approx != "false") {
            t.Error(i, "approximate", "must be true, false or empty");
        }
        a.approximate = approx == "true";
        a.amount_text = t.Get(i, "amount_text");
        a.kind = t.Get(i, "kind");
        if (a.kind.empty()) {
            t.Error(i, "kind", "is required");
        }
        a.description = t.Get(i, "description");
        a.provenance = CsvProvenance(t, i, refs);
        d.awards.push_back(std::move(a));
    }
}

}  // namespace

const std::vector<std::string>& KnownDataFiles() {
    static const std::vector<std::string> files{
        "manifest.yaml", "sources.yaml",    "state-codes.csv", "places.csv",   "vocabulary.yaml",
        "programs.yaml", "conditions.yaml", "lists.yaml",      "notices.yaml", "cases.yaml",
        "awards.csv",    "policies.yaml",   "responses.yaml"};
    return files;
}

ParsedDirectory ReadDirectory(const LoadOptions& options) {
    std::error_code ec;
    if (!fs::is_directory(options.dir, ec)) {
        throw InvalidInput("{}: not a directory of data files", options.dir.string());
    }
    ParsedDirectory out;
    Report report;
    const auto& known = KnownDataFiles();
    for (const auto& entry : fs::directory_iterator(options.dir)) {
        const auto ext = entry.path().extension();
        if ((ext == ".yaml" || ext == ".yml" || ext == ".csv") &&
            std::find(known.begin(), known.end(), entry.path().filename().string()) ==
                known.end()) {
            std::string list;
            for (const auto& k : known) {
                list += (list.empty() ? "" : ", ") + k;
            }
            report.Add(
                fmt::format("{}: not a known data file (known: {})", entry.path().string(), list));
        }
    }
    auto path_of = [&](const std::string& file) { return options.dir / file; };
    auto exists = [&](const std::string& file) { return fs::exists(path_of(file)); };
    auto display = [&](const std::string& file) { return path_of(file).string(); };

    bool gazetteer = false;
    if (exists("manifest.yaml")) {
        YamlFile f(display("manifest.yaml"), report, out.references);
        const auto root = LoadYaml(path_of("manifest.yaml"), display("manifest.yaml"));
        if (!root.IsMap()) {
            report.Add(display("manifest.yaml") + ":1: must be a map");
        } else {
            f.CheckKeys(root, "", {"gazetteer", "description"});
            const auto g = f.Str(root, "", "gazetteer", false);
            if (!g.empty() && g != "us-atlas") {
                f.Error(root["gazetteer"], "gazetteer", "the only gazetteer is us-atlas");
            }
            gazetteer = g == "us-atlas";
        }
        out.files.push_back(display("manifest.yaml"));
    }
    if (exists("sources.yaml")) {
        YamlFile f(display("sources.yaml"), report, out.references);
        ReadSources(f, LoadYaml(path_of("sources.yaml"), f.name()), out.data);
        out.files.push_back(f.name());
    }
    std::map<std::string, StateCode> codes;
    std::vector<std::string> atlas_sources;
    if (exists("state-codes.csv")) {
        codes = ReadStateCodes(path_of("state-codes.csv"), display("state-codes.csv"), report,
                               out.references, atlas_sources);
        out.files.push_back(display("state-codes.csv"));
    }
    if (gazetteer) {
        if (codes.empty()) {
            report.Add(
                display("manifest.yaml") +
                ": gazetteer: us-atlas needs state-codes.csv beside it (postal and OCD codes)");
        }
        if (!fs::exists(options.atlas)) {
            throw InvalidInput(
                "{}: the us-atlas gazetteer is missing; run `make deps` (npm ci in web/assets) or "
                "pass --atlas PATH/us-atlas/counties-10m.json",
                options.atlas.string());
        }
        // Gazetteer records cite the package they come from and the code lists beside it.
        atlas_sources.insert(atlas_sources.begin(), "census-us-atlas");
        out.references.push_back({Reference::Kind::kSource, "census-us-atlas",
                                  display("manifest.yaml") + ": gazetteer"});
        ReadAtlas(options.atlas, codes, atlas_sources, out.data, report);
        out.files.push_back(options.atlas.string());
    }
    if (exists("places.csv")) {
        ReadPlaces(path_of("places.csv"), display("places.csv"), out.data, report, out.references);
        out.files.push_back(display("places.csv"));
    }
    std::unordered_set<std::string> order_ids;
    const std::pair<const char*, void (*)(YamlFile&, const YAML::Node&, model::Dataset&)> yaml[] = {
        {"vocabulary.yaml", &ReadVocabulary}, {"programs.yaml", &ReadPrograms},
        {"conditions.yaml", &ReadConditions}, {"lists.yaml", &ReadLists},
        {"notices.yaml", &ReadNotices},       {"policies.yaml", &ReadPolicies},
        {"responses.yaml", &ReadResponses},
    };
    for (const auto& [file, read] : yaml) {
        if (exists(file)) {
            YamlFile f(display(file), report, out.references);
            read(f, LoadYaml(path_of(file), f.name()), out.data);
            out.files.push_back(f.name());
        }
    }
    if (exists("cases.yaml")) {
        YamlFile f(display("cases.yaml"), report, out.references);
        ReadCases(f, LoadYaml(path_of("cases.yaml"), f.name()), out.data, order_ids);
        out.files.push_back(f.name());
    }
    if (exists("awards.csv")) {
        ReadAwards(path_of("awards.csv"), display("awards.csv"), out.data, report, out.references);
        out.files.push_back(display("awards.csv"));
    }
    if (out.files.empty() && report.empty()) {
        throw InvalidInput("{}: no data files (expected some of: manifest.yaml, sources.yaml, ...)",
                           options.dir.string());
    }
    if (!report.empty()) {
        report.Throw(fmt::format("{}: the data does not load", options.dir.string()));
    }
    model::Normalize(out.data);
    return out;
}

void CheckReferences(const model::Dataset& data, const std::vector<Reference>& references) {
    std::unordered_set<std::string_view> geoids, sources, programs, conditions, orders, notices;
    std::unordered_set<std::string> terms;
    for (const auto& t : data.vocabulary) {
        terms.insert(t.kind + ":" + t.id);
    }
    for (const auto& n : data.notices) {
        notices.insert(n.id);
    }
    for (const auto& j : data.jurisdictions) {
        geoids.insert(j.geoid);
    }
    for (const auto& s : data.sources) {
        sources.insert(s.id);
    }
    for (const auto& p : data.programs) {
        programs.insert(p.id);
    }
    for (const auto& c : data.conditions) {
        conditions.insert(c.id);
    }
    for (const auto& c : data.cases) {
        for (const auto& o : c.orders) {
            orders.insert(o.id);
        }
    }
    Report report;
    for (const auto& r : references) {
        switch (r.kind) {
            case Reference::Kind::kJurisdiction:
                if (!geoids.contains(r.id)) {
                    report.Add(
                        fmt::format("{}: no jurisdiction with GEOID '{}' (add it to "
                                    "places.csv, or check the code)",
                                    r.where, r.id));
                }
                break;
            case Reference::Kind::kSource:
                if (!sources.contains(r.id)) {
                    report.Add(fmt::format("{}: no source '{}' in sources.yaml", r.where, r.id));
                }
                break;
            case Reference::Kind::kProgram:
                if (!programs.contains(r.id)) {
                    report.Add(fmt::format("{}: no program '{}' in programs.yaml", r.where, r.id));
                }
                break;
            case Reference::Kind::kCondition:
                if (!conditions.contains(r.id)) {
                    report.Add(
                        fmt::format("{}: no condition '{}' in conditions.yaml", r.where, r.id));
                }
                break;
            case Reference::Kind::kNotice:
                if (!notices.contains(r.id)) {
                    report.Add(fmt::format("{}: no notice '{}' in notices.yaml", r.where, r.id));
                }
                break;
            case Reference::Kind::kTerm:
                if (!terms.contains(r.id)) {
                    const auto colon = r.id.find(':');
                    report.Add(fmt::format(
                        "{}: '{}' is not a known {} (vocabulary.yaml)", r.where,
                        r.id.substr(colon + 1),
                        r.id.substr(0, colon) == "provision" ? "provision type" : "exception"));
                }
                break;
            case Reference::Kind::kOrder:
                if (!orders.contains(r.id)) {
                    report.Add(fmt::format("{}: no court order '{}' in cases.yaml", r.where, r.id));
                }
                break;
        }
    }
    if (!report.empty()) {
        report.Throw("references that do not resolve");
    }
}

}  // namespace grantcheck::ingest
