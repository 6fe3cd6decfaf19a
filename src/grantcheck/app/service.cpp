#include "grantcheck/app/service.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "grantcheck/common/error.hpp"
#include "grantcheck/ledger/canonical.hpp"
#include "grantcheck/ledger/merkle.hpp"

namespace grantcheck::app {
namespace {

size_t CountRecords(const model::Dataset& d) {
    return d.sources.size() + d.jurisdictions.size() + d.programs.size() + d.conditions.size() +
           d.lists.size() + d.notices.size() + d.cases.size() + d.awards.size() +
           d.policies.size() + d.responses.size() + d.vocabulary.size();
}

std::string Lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool IsDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Service::Service(store::Store& store) : store_(store) {
    Refresh();
}

Service::Service(store::Store& store, ledger::Signer signer, std::string origin)
    : store_(store), signer_(std::move(signer)), origin_(std::move(origin)) {
    Refresh();
    Checkpoint();
}

std::optional<std::string> Service::VerifierKey() const {
    if (!signer_) {
        return std::nullopt;
    }
    return signer_->VerifierKey();
}

void Service::Checkpoint() {
    if (!signer_) {
        return;
    }
    const uint64_t size = store_.LogSize();
    if (size == 0 || store_.Checkpoint(size)) {
        return;
    }
    const ledger::Checkpoint c{origin_, size, ledger::RootHash(store_.LogNodes(), size)};
    store_.SaveCheckpoint(size, signer_->Sign(ledger::CheckpointText(c)));
}

namespace {

std::map<std::string, std::string> RecordLines(std::string_view records) {
    std::map<std::string, std::string> out;
    while (!records.empty()) {
        const size_t nl = records.find('\n');
        const auto line = records.substr(0, nl);
        auto key = ledger::RecordLineKey(line);
        out.emplace(key ? key->first + ' ' + key->second : std::string(line.substr(0, 40)),
                    std::string(line));
        records.remove_prefix(nl == std::string_view::npos ? records.size() : nl + 1);
    }
    return out;
}

}  // namespace

Service::AuditReport Service::Audit() const {
    // One state throughout: other processes' commands wait until the audit is done (between
    // reading the log and reading the tables, one of them would look like a rewrite).
    std::lock_guard lock(write_mutex_);
    const auto gate = store_.HoldWrites();
    AuditReport report;
    auto problem = [&report](std::string p) {
        if (report.problems.size() < 100) {
            report.problems.push_back(std::move(p));
        }
    };
    const uint64_t size = store_.LogSize();
    ledger::MemoryTree tree;
    // The records the log says are stored: a full entry (a load) sets them all, a partial
    // entry replaces or adds the records it holds.
    std::map<std::string, std::string> logged;
    std::string prev;
    for (uint64_t start = 0; start < size; start += 64) {
        for (auto& e : store_.ReadLog(start, std::min<uint64_t>(start + 64, size))) {
            if (e.index != tree.size()) {
                problem(
                    fmt::format("entry {} is missing: the log jumps to {}", tree.size(), e.index));
            }
            const auto hash = ledger::LeafHash(e.text);
            if (hash != e.leaf_hash) {
                problem(
                    fmt::format("entry {}: its text does not hash to its stored leaf hash "
                                "(the entry was changed)",
                                e.index));
            }
            const size_t nl = e.text.find('\n');
            const std::string_view header(e.text.data(),
                                          nl == std::string::npos ? e.text.size() : nl);
            if (header.find(fmt::format("\"index\":{},", e.index)) == std::string_view::npos) {
                problem(
                    fmt::format("entry {}: its header names another index (entries were "
                                "reordered)",
                                e.index));
            }
            if (header.find(fmt::format("\"prev\":\"{}\"", prev)) == std::string_view::npos) {
                problem(fmt::format("entry {}: it does not chain to the entry before it", e.index));
            }
            prev = ledger::ToHex(hash);
            tree.AppendLeafHash(hash);
            auto lines = RecordLines(nl == std::string::npos ? "" : e.text.substr(nl + 1));
            if (header.find("\"partial\":true") == std::string_view::npos) {
                logged = std::move(lines);
            } else {
                for (auto& [key, line] : lines) {
                    logged[key] = std::move(line);
                }
            }
        }
    }
    report.entries = tree.size();
    if (size > 0 && ledger::RootHash(store_.LogNodes(), size) != ledger::RootHash(tree, size)) {
        problem("the stored tree nodes do not give the root the entries give");
    }
    for (const auto& [cp_size, note] : store_.Checkpoints()) {
        ++report.checkpoints;
        std::string text;
        if (signer_) {
            if (auto why = ledger::VerifyNote(signer_->VerifierKey(), note, &text); !why.empty()) {
                problem(fmt::format("checkpoint of size {}: {}", cp_size, why));
                continue;
            }
        } else {
            text = note.substr(0, note.rfind("\n\n") + 1);
        }
        std::string why;
        auto c = ledger::ParseCheckpoint(text, &why);
        if (!c || c->size != cp_size) {
            problem(
                fmt::format("checkpoint of size {}: {}", cp_size, c ? "names another size" : why));
        } else if (cp_size > tree.size() || c->root != ledger::RootHash(tree, cp_size)) {
            problem(
                fmt::format("checkpoint of size {}: its root is not the root of the first {} "
                            "entries (the log was rewritten)",
                            cp_size, cp_size));
        }
    }
    // Replay: the tables must hold exactly what the entries recorded.
    const auto stored = RecordLines(ledger::CanonicalRecords(store_.ReadDataset()));
    if (stored != logged) {
        for (const auto& [key, line] : stored) {
            auto it = logged.find(key);
            if (it == logged.end()) {
                problem(fmt::format("row {} is in the tables but no entry explains it", key));
            } else if (it->second != line) {
                problem(fmt::format("row {} differs from what the log recorded", key));
            }
        }
        for (const auto& [key, line] : logged) {
            if (!stored.contains(key)) {
                problem(fmt::format("row {} was recorded in the log but is missing from the tables",
                                    key));
            }
        }
    }
    return report;
}

ledger::Receipt Service::ReceiptFor(uint64_t index) const {
    auto entries = store_.ReadLog(index, index + 1);
    if (entries.empty()) {
        throw NotFound("log entry {} does not exist", index);
    }
    auto latest = store_.LatestCheckpoint();
    if (!latest || latest->first <= index) {
        throw Unavailable("no signed checkpoint covers log entry {} yet", index);
    }
    ledger::Receipt r;
    r.index = index;
    r.entry = std::move(entries.front().text);
    r.leaf_hash = entries.front().leaf_hash;
    r.checkpoint = latest->second;
    r.inclusion_proof = ledger::InclusionProof(store_.LogNodes(), index, latest->first);
    return r;
}

void Service::Refresh() {
    std::lock_guard lock(write_mutex_);
    RefreshLocked();
}

void Service::RefreshLocked() {
    const SnapshotPtr current = snapshot();
    // Commands since then changed a few records: read just those (what every process does
    // after each command of another).
    if (current) {
        if (auto changes = store_.ReadChangesSince(current->version())) {
            if (changes->version == current->version()) {
                return;  // nothing new
            }
            model::Dataset merged = current->data();
            model::MergeInto(merged, std::move(changes->changed));
            model::DeriveFields(merged);
            auto recorded = current->recorded_in();
            for (auto& [key, index] : changes->record_entries) {
                recorded[key] = index;
            }
            Publish(std::make_shared<const ReadModel>(std::move(merged), changes->version,
                                                      std::move(recorded)));
            return;
        }
    }
    auto state = store_.ReadState();
    Publish(std::make_shared<const ReadModel>(std::move(state.data), state.version,
                                              std::move(state.record_entries)));
}

void Service::Publish(SnapshotPtr next) {
    const SnapshotPtr current = snapshot();
    if (!current || next->version() >= current->version()) {
        snapshot_.store(std::move(next), std::memory_order_release);
    }
}

Service::~Service() {
    StopFollowing();
}

void Service::StartFollowing(std::chrono::milliseconds poll) {
    follower_ = std::jthread([this, poll](const std::stop_token& stop) {
        while (!stop.stop_requested()) {
            try {
                store_.WaitForChange(poll);
                if (!stop.stop_requested() && store_.Version() > snapshot()->version()) {
                    Refresh();
                    spdlog::debug("snapshot refreshed to journal #{}", snapshot()->version());
                }
            } catch (const AppError& e) {
                spdlog::warn("following the store: {} ({})", e.public_message(), e.detail());
                std::this_thread::sleep_for(poll);
            }
        }
    });
}

void Service::StopFollowing() {
    if (follower_.joinable()) {
        follower_.request_stop();
        follower_.join();
    }
}

template <typename F>
auto Service::Retrying(const F& attempt) -> decltype(attempt()) {
    // Optimistic first; after a stale try, with the other processes' commands held off, so
    // that the next try sees the latest state and cannot be overtaken (a busy process would
    // otherwise starve a slower one). While other processes keep committing (a stale try in
    // the last second), the gate comes first: waiting in turn costs less than checking and
    // writing a command twice.
    constexpr int kAttempts = 4;
    constexpr auto kContended = std::chrono::seconds(1);
    std::unique_ptr<store::WriteGate> gate;
    if (std::chrono::steady_clock::now() - last_stale_ < kContended) {
        gate = store_.HoldWrites();
        RefreshLocked();
    }
    for (int i = 1;; ++i) {
        try {
            return attempt();
        } catch (const store::StaleState& e) {
            last_stale_ = std::chrono::steady_clock::now();
            if (i == kAttempts) {
                throw;
            }
            spdlog::debug("another process committed first ({}); checking again", e.detail());
            if (!gate) {
                gate = store_.HoldWrites();
            }
            RefreshLocked();
        }
    }
}

LoadReport Service::Load(const ingest::LoadOptions& options, const std::string& actor) {
    const auto parsed = ingest::ReadDirectory(options);
    std::lock_guard lock(write_mutex_);
    LoadReport report;
    report.records = CountRecords(parsed.data);
    report.files = parsed.files;
    report.entry = Retrying([&] {
        const SnapshotPtr current = snapshot();
        model::Dataset merged = current->data();
        model::Dataset update = parsed.data;
        report.replaced = model::MergeInto(merged, std::move(update));
        ingest::CheckReferences(merged, parsed.references);
        const std::string summary =
            fmt::format("loaded {}: {} records ({} replaced)", options.dir.string(), report.records,
                        report.replaced);
        return StoreMerged(std::move(merged), {"load", actor, summary, current->version()});
    });
    if (signer_) {
        report.receipt = ReceiptFor(report.entry.log_index);
    }
    return report;
}

store::JournalEntry Service::MergeRecords(model::Dataset update,
                                          const std::string& command,
                                          const std::string& actor,
                                          const std::string& summary) {
    std::lock_guard lock(write_mutex_);
    return Retrying([&] {
        const SnapshotPtr current = snapshot();
        model::Dataset merged = current->data();
        model::Dataset copy = update;
        model::MergeInto(merged, std::move(copy));
        return StoreMerged(std::move(merged), {command, actor, summary, current->version()});
    });
}

store::JournalEntry Service::StoreMerged(model::Dataset merged,
                                         const store::CommandRecord& command) {
    model::DeriveFields(merged);
    const auto entry = store_.ReplaceDataset(merged, command);
    Checkpoint();
    Publish(
        std::make_shared<const ReadModel>(std::move(merged), entry.seq, store_.RecordEntries()));
    spdlog::info("journal #{}: {} by {}", entry.seq, command.summary, command.actor);
    return entry;
}

Service::CommitResult Service::Commit(const BuildChange& build, store::CommandRecord command) {
    std::lock_guard lock(write_mutex_);
    return Retrying([&] { return CommitOnce(build, command); });
}

Service::CommitResult Service::CommitOnce(const BuildChange& build, store::CommandRecord command) {
    const SnapshotPtr current = snapshot();
    command.based_on = current->version();
    model::Dataset changed = build(*current, command);
    model::Dataset merged = current->data();
    model::Dataset copy = changed;
    model::MergeInto(merged, std::move(copy));
    model::DeriveFields(merged);
    CommitResult result;
    result.entry = store_.PutRecords(changed, command);
    Checkpoint();
    // The records this entry holds (the kinds PutRecords takes, named as the log names them).
    auto recorded = current->recorded_in();
    const auto note = [&](std::string_view kind, const std::string& id) {
        recorded[fmt::format("{} {}", kind, id)] = result.entry.log_index;
    };
    for (const auto& n : changed.notices) {
        note("notice", n.id);
    }
    for (const auto& r : changed.responses) {
        note("response", r.id);
    }
    for (const auto& s : changed.sources) {
        note("source", s.id);
    }
    result.snapshot =
        std::make_shared<const ReadModel>(std::move(merged), result.entry.seq, std::move(recorded));
    Publish(result.snapshot);
    spdlog::info("journal #{}: {} by {}", result.entry.seq, command.summary, command.actor);
    return result;
}

const model::Jurisdiction& Service::ResolveJurisdictionField(const store::Snapshot& snap,
                                                             std::string_view ref,
                                                             std::string_view field) {
    try {
        return ResolveJurisdiction(snap, ref);
    } catch (const AppError& e) {
        throw InvalidInput("{}: {}", field, e.public_message());
    }
}

const model::Jurisdiction& Service::ResolveJurisdiction(const store::Snapshot& snap,
                                                        std::string_view ref) {
    if (ref.empty()) {
        throw InvalidInput("name a jurisdiction by GEOID, OCD id or name (\"Chicago, IL\")");
    }
    if (ref.size() > 200) {
        throw InvalidInput("a jurisdiction reference is at most 200 characters");
    }
    if (IsDigits(ref) || ref == "US") {
        if (const auto* j = snap.FindJurisdiction(ref)) {
            return *j;
        }
        throw NotFound("no jurisdiction with GEOID {}", ref);
    }
    if (ref.starts_with("ocd-division/")) {
        if (const auto* j = snap.FindByOcdId(ref)) {
            return *j;
        }
        throw NotFound("no jurisdiction with OCD id {}", ref);
    }
    auto matches = snap.FindByName(ref);
    if (matches.size() == 1) {
        return *matches.front();
    }
    if (matches.empty()) {
        throw NotFound(
            "no jurisdiction named \"{}\"; write it as \"Chicago, IL\" or \"Cook County, IL\", or "
            "give its GEOID",
            ref);
    }
    std::sort(matches.begin(), matches.end(),
              [](const auto* a, const auto* b) { return a->geoid < b->geoid; });
    std::string list;
    for (size_t i = 0; i < matches.size() && i < 20; ++i) {
        list += fmt::format("\n  {} ({}, {})", DisplayName(*matches[i]), matches[i]->geoid,
                            ToString(matches[i]->kind));
    }
    throw InvalidInput("\"{}\" is ambiguous; it could be:{}", ref, list);
}

JurisdictionPage Service::ListJurisdictions(const store::Snapshot& snap,
                                            const JurisdictionQuery& query) {
    std::optional<model::JurisdictionKind> kind;
    if (!query.kind.empty()) {
        kind = model::ParseJurisdictionKind(query.kind);
        if (!kind) {
            throw InvalidInput(
                "kind: '{}' is not one of nation, state, district, territory, "
                "county, city",
                query.kind);
        }
    }
    std::string state;
    if (!query.state.empty()) {
        for (const auto& j : snap.data().jurisdictions) {
            if (j.geoid.size() == 2 && (j.geoid == query.state || j.usps == query.state ||
                                        Lower(j.usps) == Lower(query.state))) {
                state = j.geoid;
            }
        }
        if (state.empty()) {
            throw InvalidInput("state: '{}' is not a state postal code or 2-digit GEOID",
                               query.state);
        }
    }
    const model::DesignationList* list = nullptr;
    if (!query.list.empty()) {
        list = snap.FindList(query.list);
        if (list == nullptr) {
            throw InvalidInput("list: no designation list '{}'", query.list);
        }
    }
    const std::string needle = Lower(query.q);
    JurisdictionPage page;
    for (const auto& j : snap.data().jurisdictions) {
        if (kind && j.kind != *kind) {
            continue;
        }
        if (!state.empty() && j.state_geoid != state) {
            continue;
        }
        if (list != nullptr) {
            const auto names = snap.ListsNaming(j.geoid);
            if (std::none_of(names.begin(), names.end(),
                             [&](const auto& n) { return n.list == list; })) {
                continue;
            }
        }
        if (!needle.empty() && Lower(DisplayName(j)).find(needle) == std::string::npos) {
            continue;
        }
        if (page.total >= query.offset && page.items.size() < query.limit) {
            page.items.push_back(&j);
        }
        ++page.total;
    }
    return page;
}

Service::ListComparison Service::CompareLists(const store::Snapshot& snap,
                                              std::string_view a,
                                              std::string_view b) {
    ListComparison out{snap.FindList(a), snap.FindList(b), {}, {}, {}};
    if (out.a == nullptr) {
        throw InvalidInput("a: no designation list '{}'", a);
    }
    if (out.b == nullptr) {
        throw InvalidInput("b: no designation list '{}'", b);
    }
    auto key = [](const model::ListMember& m) {
        return m.jurisdiction.empty() ? "name:" + m.as_named : m.jurisdiction;
    };
    std::map<std::string, const model::ListMember*> in_b;
    for (const auto& m : out.b->versions.back().members) {
        in_b.emplace(key(m), &m);
    }
    for (const auto& m : out.a->versions.back().members) {
        if (in_b.erase(key(m)) > 0) {
            out.both.push_back(&m);
        } else {
            out.only_a.push_back(&m);
        }
    }
    for (const auto& m : out.b->versions.back().members) {
        if (in_b.contains(key(m))) {
            out.only_b.push_back(&m);
        }
    }
    return out;
}

namespace {

std::mutex g_clock_mutex;
std::string g_clock_file;  // guarded by g_clock_mutex

std::chrono::sys_seconds ClockNow() {
    std::string path;
    {
        std::lock_guard lock(g_clock_mutex);
        path = g_clock_file;
    }
    const auto system = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    if (path.empty()) {
        return system;
    }
    std::ifstream in(path);
    std::string text;
    in >> text;
    // "YYYY-MM-DDTHH:MM:SSZ"
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (text.size() != 20 ||
        std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) != 6) {
        spdlog::warn("clock file {}: '{}' is not an RFC 3339 UTC time; using the system clock",
                     path, text);
        return system;
    }
    const std::chrono::year_month_day ymd{std::chrono::year(y),
                                          std::chrono::month(static_cast<unsigned>(mo)),
                                          std::chrono::day(static_cast<unsigned>(d))};
    return std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi) +
           std::chrono::seconds(s);
}

}  // namespace

void Service::SetClockFile(std::string path) {
    std::lock_guard lock(g_clock_mutex);
    g_clock_file = std::move(path);
}

Date Service::Today() {
    const auto now = std::chrono::floor<std::chrono::days>(ClockNow());
    return Date::FromDays(static_cast<int32_t>(now.time_since_epoch().count()));
}

std::string Service::NowUtc() {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", ClockNow());
}

Date Service::ParseAsOf(const ReadModel& model,
                        std::string_view text,
                        Date today,
                        std::string_view field) {
    if (text.empty()) {
        return today;
    }
    auto d = Date::Parse(text);
    if (!d) {
        throw InvalidInput("{}: '{}' is not a date (YYYY-MM-DD, a real day of a real month)", field,
                           text.substr(0, 40));
    }
    if (*d < model.engine().earliest()) {
        throw InvalidInput("{}: {} is before the data begins ({})", field, d->ToString(),
                           model.engine().earliest().ToString());
    }
    return *d;
}

std::vector<StatusRow> Service::StatusOfAll(const ReadModel& model, const StatusQuery& query) {
    const auto& data = model.data();
    std::vector<uint32_t> conditions;
    for (uint32_t i = 0; i < data.conditions.size(); ++i) {
        if (query.condition.empty() || data.conditions[i].id == query.condition) {
            conditions.push_back(i);
        }
    }
    if (conditions.empty()) {
        throw InvalidInput("condition: no condition '{}'", query.condition);
    }
    JurisdictionQuery filter;
    filter.kind = query.kind;
    filter.state = query.state;
    filter.limit = data.jurisdictions.size();
    const auto page = ListJurisdictions(model, filter);  // validates kind and state
    const model::DesignationList* list = nullptr;
    if (!query.list.empty()) {
        list = model.FindList(query.list);
        if (list == nullptr) {
            throw InvalidInput("list: no designation list '{}'", query.list);
        }
    }
    const int32_t day = query.as_of.days();
    std::vector<StatusRow> rows;
    for (const auto* j : page.items) {
        std::vector<const model::DesignationList*> lists;
        for (const auto& n : model.ListsNaming(j->geoid)) {
            if (n.version->published.first.days() <= day &&
                (!n.version->withdrawn || n.version->withdrawn->last.days() > day) &&
                std::find(lists.begin(), lists.end(), n.list) == lists.end()) {
                lists.push_back(n.list);
            }
        }
        if (list != nullptr && std::find(lists.begin(), lists.end(), list) == lists.end()) {
            continue;
        }
        const uint32_t ji = model.engine().IndexOf(j->geoid);
        for (uint32_t ci : conditions) {
            rows.push_back(
                {j, &data.conditions[ci], model.engine().Summarize(ji, ci, query.as_of), lists});
        }
    }
    return rows;
}

}  // namespace grantcheck::app
