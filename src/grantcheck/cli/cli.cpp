#include "grantcheck/cli/cli.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include "grantcheck/app/accounts.hpp"
#include "grantcheck/app/allocation.hpp"
#include "grantcheck/app/awards.hpp"
#include "grantcheck/common/csv.hpp"
#include "grantcheck/common/error.hpp"
#include "grantcheck/common/text.hpp"

namespace grantcheck::cli {
namespace {

std::string DefaultDb() {
    const char* env = std::getenv("GRANTCHECK_DB");
    return env != nullptr ? env : "var/grantcheck.db";
}

// The database as messages name it: a PostgreSQL URL or key=value string without its
// password ("postgresql://gc:secret@db/x" -> "postgresql://gc:***@db/x").
std::string ShownDb(const std::string& db) {
    std::string out = db;
    if (const auto scheme = out.find("://"); scheme != std::string::npos) {
        const auto at = out.find('@', scheme);
        const auto colon = out.find(':', scheme + 3);
        if (at != std::string::npos && colon != std::string::npos && colon < at) {
            out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    for (size_t p = out.find("password="); p != std::string::npos;
         p = out.find("password=", p + 1)) {
        const auto end = out.find_first_of(" &", p);
        out.replace(p + 9, (end == std::string::npos ? out.size() : end) - p - 9, "***");
    }
    return out;
}

// A value for an SQL script: integers as they are, text quoted, blobs as the dialect writes
// bytes. Text never holds NUL (the schemas' text is UTF-8).
std::string SqlLiteral(const store::TableRow::Value& v, bool postgres) {
    using T = store::TableRow::Value::Type;
    switch (v.type) {
        case T::kNull:
            return "NULL";
        case T::kInt:
            return std::to_string(v.i);
        case T::kText: {
            std::string out = "'";
            for (char ch : v.s) {
                out += ch;
                if (ch == '\'') {
                    out += '\'';
                }
            }
            return out + "'";
        }
        case T::kBlob: {
            std::string hex;
            for (unsigned char ch : v.s) {
                hex += fmt::format("{:02x}", ch);
            }
            return postgres ? "'\\x" + hex + "'::bytea" : "X'" + hex + "'";
        }
    }
    return "NULL";
}

void PrintJurisdiction(const store::Snapshot& snap, const model::Jurisdiction& j) {
    std::cout << DisplayName(j) << "\n";
    std::cout << fmt::format("  {} · GEOID {}{}\n", ToString(j.kind), j.geoid,
                             j.ocd_id.empty() ? "" : " · " + j.ocd_id);
    if (const auto* county = snap.FindJurisdiction(j.county_geoid);
        county != nullptr && county != &j) {
        std::cout << fmt::format("  in {}\n", DisplayName(*county));
    }
    auto mark = [](model::Confidence c) {
        return c == model::Confidence::kConfirmed ? std::string()
                                                  : fmt::format(" [{}]", ToString(c));
    };
    std::cout << "\nLists naming it:\n";
    if (snap.ListsNaming(j.geoid).empty()) {
        std::cout << "  none\n";
    }
    for (const auto& n : snap.ListsNaming(j.geoid)) {
        std::cout << fmt::format("  {}  {} (as \"{}\"){}\n", n.version->published.ToString(),
                                 n.list->title, n.member->as_named,
                                 mark(n.member->provenance.confidence));
    }
    std::cout << "\nNotices:\n";
    if (snap.NoticesTo(j.geoid).empty()) {
        std::cout << "  none\n";
    }
    for (const auto& a : snap.NoticesTo(j.geoid)) {
        std::cout << fmt::format(
            "  {}  {}{}{}{}\n", a.notice->date.ToString(), a.notice->title,
            a.notice->deadline ? " — due " + a.notice->deadline->ToString() : "",
            a.recipient->finding.empty() ? "" : " — " + a.recipient->finding,
            mark(a.recipient->provenance.confidence));
    }
    std::cout << "\nCourt cases:\n";
    if (snap.CasesInvolving(j.geoid).empty()) {
        std::cout << "  none\n";
    }
    for (const auto* c : snap.CasesInvolving(j.geoid)) {
        std::cout << fmt::format("  {} ({}, {})\n", c->title, c->court, c->docket);
        for (const auto& o : c->orders) {
            std::cout << fmt::format("    {}  {} — scope {}{}\n", o.date.ToString(),
                                     ToString(o.kind), ToString(o.scope.kind),
                                     mark(o.provenance.confidence));
        }
    }
    std::cout << "\nAwards:\n";
    if (snap.AwardsOf(j.geoid).empty()) {
        std::cout << "  none known\n";
    }
    for (const auto* a : snap.AwardsOf(j.geoid)) {
        std::cout << fmt::format("  FY{}  {}  {}\n", a->fiscal_year,
                                 a->amount ? a->amount->ToString() : "unknown", a->description);
    }
}

std::string Yes(bool b) {
    return b ? "yes" : "no";
}

void PrintStatus(const rules::Status& status, bool all) {
    const auto& j = *status.jurisdiction;
    std::cout << fmt::format("{} — status on {}\n", DisplayName(j), status.as_of.ToString());
    std::cout << "\nOn lists:\n";
    if (status.lists.empty()) {
        std::cout << "  none\n";
    }
    for (const auto& n : status.lists) {
        std::cout << fmt::format("  {}  {}{}\n", n.version->published.ToString(), n.list->title,
                                 n.certainty == rules::Certainty::kCertain ? "" : " [uncertain]");
    }
    std::vector<std::string> not_applying;
    for (const auto& c : status.conditions) {
        if (!c.applies && !all) {
            not_applying.push_back(c.condition->id);
            continue;
        }
        std::cout << fmt::format("\n{} [{}]\n", c.condition->title, c.condition->id);
        std::cout << fmt::format(
            "  applies: {}{} · assessment: {} · enforceable: {}{}\n", Yes(c.applies),
            c.applies_certainty == rules::Certainty::kCertain ? "" : " (uncertain)",
            Humanize(rules::ToString(c.assessment)), Yes(c.enforceable),
            c.enforceable_certainty == rules::Certainty::kCertain ? "" : " (uncertain)");
        for (const auto& r : c.reasons) {
            std::cout << "    - " << rules::Describe(r, j) << "\n";
        }
        for (const auto& o : c.obligations) {
            std::cout << fmt::format(
                "  owes: {} — due {} — {}{}\n", o.notice->title, o.due.ToString(),
                Humanize(rules::ToString(o.state)),
                o.certainty == rules::Certainty::kCertain ? "" : " (uncertain)");
        }
        if (c.determination) {
            std::cout << fmt::format(
                "  determination: {} ({}, {})\n", Humanize(c.determination->recipient->finding),
                c.determination->notice->date.ToString(), c.determination->notice->title);
        }
        for (const auto& r : c.enforceable_reasons) {
            std::cout << "  court: " << rules::Describe(r, j) << "\n";
        }
        for (const auto* a : c.awards) {
            std::cout << fmt::format("  at stake: FY{} {} ({})\n", a->fiscal_year,
                                     a->amount ? a->amount->ToString() : "amount unknown",
                                     a->description);
        }
    }
    if (!not_applying.empty()) {
        std::cout << fmt::format("\n{} condition{} do not apply on this date (--all shows them)",
                                 not_applying.size(), not_applying.size() == 1 ? "" : "s");
        std::cout << "\n";
    }
}

// Who runs a command from the command line, for the journal.
std::string CliActor() {
    const char* user = std::getenv("USER");
    return std::string("cli:") + (user != nullptr ? user : "unknown");
}

// The password for `user add` and `user reset`: GRANTCHECK_PASSWORD when set (scripts), else
// read from the terminal without echo, twice.
std::string ReadPassword() {
    if (const char* env = std::getenv("GRANTCHECK_PASSWORD"); env != nullptr) {
        return env;
    }
    auto ask = [](const char* prompt) {
        std::cerr << prompt << std::flush;
        termios old{};
        const bool tty = isatty(STDIN_FILENO) != 0 && tcgetattr(STDIN_FILENO, &old) == 0;
        if (tty) {
            termios quiet = old;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
        std::string line;
        std::getline(std::cin, line);
        if (tty) {
            tcsetattr(STDIN_FILENO, TCSANOW, &old);
            std::cerr << "\n";
        }
        return line;
    };
    const std::string first = ask("password: ");
    if (isatty(STDIN_FILENO) != 0 && ask("again: ") != first) {
        throw InvalidInput("password: the two entries differ");
    }
    return first;
}

int RunUser(app::Service& service,
            bool add,
            bool disable,
            bool reset,
            bool list,
            app::NewAccount account,
            const std::string& email) {
    app::Accounts accounts(service.store().accounts());
    if (add) {
        account.password = ReadPassword();
        const auto id = accounts.Add(account, *service.snapshot());
        std::cout << fmt::format("added account {} ({}, {})\n", id, account.email, account.role);
    } else if (disable) {
        accounts.Disable(email);
        std::cout << fmt::format("disabled {}; its sessions ended and its tokens stop working\n",
                                 email);
    } else if (reset) {
        accounts.ResetPassword(email, ReadPassword());
        std::cout << fmt::format("reset the password of {}; its sessions ended\n", email);
    } else if (list) {
        for (const auto& a : accounts.List()) {
            std::cout << fmt::format("{}\t{}\t{}\t{}\t{}{}\n", a.id, a.email, a.role,
                                     a.scope.empty() ? "-" : a.scope, a.name,
                                     a.disabled ? "\t(disabled)" : "");
        }
    }
    return 0;
}

// `allocate --withhold`: what each recipient would receive, against the allocation; with a
// second scenario (--versus-withhold / --versus-realloc), the second against the first.
struct ScenarioOptions {
    std::vector<std::string> withhold;
    std::string realloc = "none";
    std::vector<std::string> versus_withhold;
    std::string versus_realloc;
    std::string as_of;
    bool csv = false;
    bool json = false;
};

int RunScenario(const formula::Allocation& a,
                const ScenarioOptions& o,
                const std::string& db,
                const Hooks& hooks) {
    const bool compare = !o.versus_withhold.empty() || !o.versus_realloc.empty();
    const auto& rules_b = o.versus_withhold.empty() ? o.withhold : o.versus_withhold;
    const auto needs = [](const std::vector<std::string>& rules) {
        return std::any_of(rules.begin(), rules.end(),
                           [](const std::string& r) { return r.find(':') != std::string::npos; });
    };
    Date as_of = app::Service::Today();
    if (!o.as_of.empty()) {
        auto d = Date::Parse(o.as_of);
        if (!d) {
            throw InvalidInput("--as-of: '{}' is not a date (YYYY-MM-DD)", o.as_of);
        }
        as_of = *d;
    }
    std::unique_ptr<store::Store> store;
    std::unique_ptr<app::Service> service;
    if (needs(o.withhold) || (compare && needs(rules_b))) {
        store = hooks.open_store(db);
        service = hooks.make_service(*store, db);
    }
    const auto snap = service ? service->snapshot() : nullptr;
    const auto first = app::RunScenario(a, o.withhold, o.realloc, as_of, snap.get());
    std::optional<app::ScenarioReport> second;
    if (compare) {
        second = app::RunScenario(
            a, rules_b, o.versus_realloc.empty() ? o.realloc : o.versus_realloc, as_of, snap.get());
    }
    if (o.json) {
        if (compare) {
            throw InvalidInput("--json: gives one scenario; compare two with the table or --csv");
        }
        std::cout << hooks.scenario_json(first) << "\n";
        return 0;
    }
    const auto& rs = first.exposure.recipients();
    // What each line is measured against: the allocation, or the first scenario.
    const auto& shown = compare ? second->result : first.result;
    const auto before = [&](uint32_t i) {
        return compare ? first.result.lines[i].award : rs[i].base;
    };
    std::vector<const formula::ScenarioLine*> changed;
    for (const auto& l : shown.lines) {
        if (l.award != before(l.recipient)) {
            changed.push_back(&l);
        }
    }
    const auto change = [&](const formula::ScenarioLine* l) {
        return l->award.cents() - before(l->recipient).cents();
    };
    std::stable_sort(changed.begin(), changed.end(),
                     [&](const auto* x, const auto* y) { return change(x) < change(y); });
    const std::string from = compare ? "scenario_a" : "base";
    const std::string to = compare ? "scenario_b" : "scenario";
    if (o.csv) {
        std::cout << CsvLine({"recipient", "kind", "state", from, to, "change", "withheld"});
        for (const auto* l : changed) {
            const auto& x = rs[l->recipient];
            std::cout << CsvLine({x.id, x.kind, x.state, before(l->recipient).ToPlain(),
                                  l->award.ToPlain(), Money(change(l)).ToPlain(),
                                  l->withheld ? "yes" : "no"});
        }
        return 0;
    }
    std::vector<const app::ScenarioReport*> reports = {&first};
    if (second) {
        reports.push_back(&*second);
    }
    for (const auto* report : reports) {
        const auto& r = report->result;
        const auto withheld =
            std::count_if(r.lines.begin(), r.lines.end(), [](const auto& l) { return l.withheld; });
        std::cout << fmt::format(
            "{}withholding {} recipients' awards, reallocation: {}\n  withheld {}, paid to "
            "others {}, not paid out {}\n",
            !compare           ? ""
            : report == &first ? "A: "
                               : "B: ",
            withheld, formula::ToString(report->realloc), r.withheld.ToString(),
            r.reallocated.ToString(), r.unpaid.ToString());
        if (!report->not_recipients.empty()) {
            std::cout << fmt::format(
                "  not recipients in these inputs (no award to withhold): {}\n",
                fmt::join(report->not_recipients, ", "));
        }
    }
    std::cout << fmt::format("{:<24} {:<16} {:<6} {:>18} {:>18} {:>18}\n", "recipient", "kind",
                             "state", compare ? "scenario A" : "allocation",
                             compare ? "scenario B" : "scenario", compare ? "B - A" : "change");
    for (const auto* l : changed) {
        const auto& x = rs[l->recipient];
        std::cout << fmt::format("{:<24} {:<16} {:<6} {:>18} {:>18} {:>18}\n", x.id, x.kind,
                                 x.state, before(l->recipient).ToString(), l->award.ToString(),
                                 Money(change(l)).ToString());
    }
    return 0;
}

}  // namespace

int Run(int argc, char** argv, const Hooks& hooks) {
    CLI::App app{
        "grantcheck: the conditions federal agencies attach to grants, who owes what by "
        "when, and which court orders apply"};
    app.require_subcommand(1);
    app.fallthrough();  // --db may follow the subcommand: `grantcheck load data --db x.db`
    std::string db = DefaultDb();
    app.add_option("--db", db,
                   "SQLite database file, or postgresql://user@host:port/db (or GRANTCHECK_DB)");

    auto* migrate_cmd = app.add_subcommand(
        "migrate", "Create the database's tables, or bring them to this version's schema");
    std::string export_format = "jsonl";
    std::string export_dialect = "postgres";
    std::string out_path;
    auto* export_cmd = app.add_subcommand(
        "export",
        "Write every table (records, journal, log, accounts, files) to move a deployment");
    export_cmd->add_option("--format", export_format, "jsonl (for import) or sql (INSERTs)")
        ->check(CLI::IsMember({"jsonl", "sql"}));
    export_cmd->add_option("--dialect", export_dialect, "For --format sql: postgres or sqlite")
        ->check(CLI::IsMember({"postgres", "sqlite"}));
    export_cmd->add_option("--out", out_path, "Write here instead of standard output");
    std::string import_path;
    auto* import_cmd = app.add_subcommand(
        "import", "Copy an export (jsonl) into a new, empty database, log and all");
    import_cmd->add_option("FILE", import_path, "What `grantcheck export` wrote")->required();

    ServeOptions serve;
    auto* serve_cmd = app.add_subcommand("serve", "Serve the web app and the JSON API");
    serve_cmd->add_option("--listen", serve.listen, "ADDR:PORT to listen on (port 0: any free)");
    serve_cmd->add_option("--threads", serve.threads, "Server threads")->check(CLI::Range(1, 64));
    bool quiet = false;
    serve_cmd->add_flag("--no-access-log", quiet, "Do not log each request");
    serve_cmd
        ->add_option("--follow-ms", serve.follow_ms,
                     "At most this long between checks for commits of other processes on the "
                     "same database (PostgreSQL also notifies at once)")
        ->check(CLI::Range(10, 600000));
    serve_cmd
        ->add_option("--clock-file", serve.clock_file,
                     "For tests only: read the current time (RFC 3339 UTC) from this file")
        ->group("");  // hidden from --help: a deployment never sets it

    auto* awards_cmd =
        app.add_subcommand("awards", "Awards from USAspending.gov: import, resolve a match");
    awards_cmd->require_subcommand(1);
    std::string awards_file;
    std::string awards_program = "byrne-jag";
    bool dry_run = false;
    auto* awards_import_cmd = awards_cmd->add_subcommand(
        "import", "Import an assistance award download (CSV); report what does not match");
    awards_import_cmd->add_option("FILE", awards_file, "The CSV from USAspending.gov")->required();
    awards_import_cmd->add_option("--program", awards_program,
                                  "The program whose assistance listing to read (byrne-jag: "
                                  "16.738)");
    awards_import_cmd->add_flag("--dry-run", dry_run, "Report the matches; store nothing");
    std::string award_key;
    std::string award_geoid;
    bool award_skip = false;
    auto* awards_resolve_cmd = awards_cmd->add_subcommand(
        "resolve", "Say which jurisdiction an unmatched award's recipient is (or --skip it)");
    awards_resolve_cmd->add_option("FAIN", award_key, "The award's FAIN")->required();
    auto* geoid_opt =
        awards_resolve_cmd->add_option("JURISDICTION", award_geoid, "GEOID, OCD id or name");
    awards_resolve_cmd->add_flag("--skip", award_skip, "Leave this award out of imports")
        ->excludes(geoid_opt);

    auto* user_cmd = app.add_subcommand("user", "Accounts: add, disable, reset, list");
    user_cmd->require_subcommand(1);
    app::NewAccount new_user;
    auto* user_add_cmd = user_cmd->add_subcommand("add", "Add an account (asks for a password)");
    user_add_cmd->add_option("EMAIL", new_user.email, "Its e-mail address")->required();
    user_add_cmd->add_option("--name", new_user.name, "The person's name")->required();
    user_add_cmd->add_option("--role", new_user.role, "admin, reviewer or certifier")->required();
    user_add_cmd->add_option("--scope", new_user.scope,
                             "reviewer: a program id; certifier: a jurisdiction (GEOID or "
                             "\"Chicago, IL\"); repeat for more");
    std::string user_email;
    auto* user_disable_cmd = user_cmd->add_subcommand("disable", "Disable an account");
    user_disable_cmd->add_option("EMAIL", user_email, "Its e-mail address")->required();
    auto* user_reset_cmd =
        user_cmd->add_subcommand("reset", "Set a new password (asks for it) and unlock");
    user_reset_cmd->add_option("EMAIL", user_email, "Its e-mail address")->required();
    auto* user_list_cmd = user_cmd->add_subcommand("list", "List the accounts");

    std::string dir;
    std::string receipt_path;
    std::string atlas = hooks.default_atlas;
    auto* load_cmd = app.add_subcommand("load", "Load (or refresh) a directory of data files");
    load_cmd->add_option("DIR", dir, "Directory of data files, e.g. data/")->required();
    load_cmd->add_option("--atlas", atlas, "us-atlas counties-10m.json (the gazetteer)");
    load_cmd->add_option("--receipt", receipt_path, "Write the command's receipt (JSON) here");

    std::string receipt_file;
    std::string key_file;
    std::string key_text;
    auto* verify_cmd =
        app.add_subcommand("verify", "Check a receipt offline: exit 0 valid, 1 invalid (why)");
    verify_cmd->add_option("RECEIPT", receipt_file, "The receipt JSON file")->required();
    auto* key_opt = verify_cmd->add_option("--key", key_file, "A file holding the verifier key");
    verify_cmd->add_option("--key-text", key_text, "The verifier key itself (name+id+key)")
        ->excludes(key_opt);

    std::string old_checkpoint;
    std::string new_checkpoint;
    std::string url;
    auto* consistency_cmd = app.add_subcommand(
        "verify-consistency",
        "Prove the log only grew between two signed checkpoints: exit 0 yes, 1 no (why)");
    consistency_cmd->add_option("OLD", old_checkpoint, "The older checkpoint (signed note file)")
        ->required();
    consistency_cmd->add_option("NEW", new_checkpoint, "The newer checkpoint (signed note file)")
        ->required();
    consistency_cmd->add_option("--url", url, "The grantcheck server (http://host:port)")
        ->required();
    auto* ckey_opt =
        consistency_cmd->add_option("--key", key_file, "A file holding the verifier key");
    consistency_cmd->add_option("--key-text", key_text, "The verifier key itself")
        ->excludes(ckey_opt);

    std::string inputs_dir;
    std::string total_text;
    bool csv = false;
    auto* allocate_cmd = app.add_subcommand(
        "allocate", "Run the Byrne JAG allocation formula (34 U.S.C. 10156) on inputs");
    allocate_cmd->add_option("--inputs", inputs_dir, "Directory with states.csv and units.csv")
        ->required();
    allocate_cmd->add_option("--total", total_text, "The appropriation in dollars (274906565)")
        ->required();
    allocate_cmd->add_flag("--csv", csv, "One CSV row per recipient");
    ScenarioOptions scenario;
    allocate_cmd
        ->add_option("--withhold", scenario.withhold,
                     "Withhold these recipients' awards: ids, list:<id> (its members on "
                     "--as-of), finding:<outcome> (e.g. finding:final_noncompliance)")
        ->delimiter(',');
    allocate_cmd
        ->add_option("--realloc", scenario.realloc,
                     "Where withheld money goes: none, state (the State's other recipients) or "
                     "national (every other recipient), in proportion to their awards")
        ->check(CLI::IsMember({"none", "state", "national"}));
    allocate_cmd->add_option("--as-of", scenario.as_of, "The date list and finding rules read");
    allocate_cmd
        ->add_option("--versus-withhold", scenario.versus_withhold,
                     "A second scenario to compare with (its rules; default: --withhold's)")
        ->delimiter(',');
    allocate_cmd
        ->add_option("--versus-realloc", scenario.versus_realloc,
                     "The second scenario's reallocation (default: --realloc's)")
        ->check(CLI::IsMember({"none", "state", "national"}));

    auto* log_cmd = app.add_subcommand("log", "The tamper-evident log");
    auto* log_key_cmd = log_cmd->add_subcommand("key", "Print the log's verifier key");
    auto* log_checkpoint_cmd =
        log_cmd->add_subcommand("checkpoint", "Print the latest signed checkpoint");
    auto* log_verify_cmd = log_cmd->add_subcommand(
        "verify", "Audit the log and the tables: exit 0 when they agree, 1 listing what does not");
    log_cmd->require_subcommand(1);

    std::string ref;
    bool json = false;
    allocate_cmd->add_flag("--json", json, "With --withhold: the scenario as the API gives it");
    auto* show_cmd = app.add_subcommand("show", "Show one jurisdiction");
    show_cmd->add_option("JURISDICTION", ref, "GEOID, OCD id or name (\"Chicago, IL\")")
        ->required();
    show_cmd->add_flag("--json", json, "JSON, as the API gives it");

    std::string as_of;
    bool all = false;
    auto* status_cmd = app.add_subcommand("status",
                                          "What a jurisdiction owes, answered and is "
                                          "protected from, as of a date");
    status_cmd->add_option("JURISDICTION", ref, "GEOID, OCD id or name")->required();
    status_cmd->add_option("--as-of", as_of, "YYYY-MM-DD (default: today)");
    status_cmd->add_flag("--all", all, "Also the conditions that do not apply");
    status_cmd->add_flag("--json", json, "JSON, as the API gives it");

    auto* exposure_cmd = app.add_subcommand(
        "exposure", "The money at stake for a jurisdiction on a date, per condition that applies");
    exposure_cmd->add_option("JURISDICTION", ref, "GEOID, OCD id or name")->required();
    exposure_cmd->add_option("--as-of", as_of, "YYYY-MM-DD (default: today)");
    exposure_cmd->add_flag("--json", json, "JSON, as the API gives it");

    auto* history_cmd =
        app.add_subcommand("history", "The dated changes of a jurisdiction's status");
    history_cmd->add_option("JURISDICTION", ref, "GEOID, OCD id or name")->required();
    history_cmd->add_flag("--json", json, "JSON, as the API gives it");

    app::JurisdictionQuery query;
    auto* list_cmd = app.add_subcommand("list", "List jurisdictions");
    list_cmd->add_option("--kind", query.kind, "state, county, city, district, territory");
    list_cmd->add_option("--on-list", query.list, "Only those a designation list names (list id)");
    list_cmd->add_option("--state", query.state, "Postal code or state GEOID");
    list_cmd->add_option("--limit", query.limit, "At most this many")->check(CLI::Range(1, 100000));
    list_cmd->add_flag("--json", json, "JSON, as the API gives it");
    query.limit = 100000;

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    auto read = [](const std::string& path, size_t limit) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            throw InvalidInput("cannot read {}", path);
        }
        std::string s(limit + 1, '\0');
        in.read(s.data(), static_cast<std::streamsize>(s.size()));
        if (static_cast<size_t>(in.gcount()) > limit) {
            throw InvalidInput("{} is larger than {} bytes", path, limit);
        }
        s.resize(static_cast<size_t>(in.gcount()));
        return s;
    };
    auto verifier_key = [&] {
        if (key_file.empty() && key_text.empty()) {
            throw InvalidInput("give the verifier key: --key FILE or --key-text KEY");
        }
        std::string key = key_text.empty() ? read(key_file, 4096) : key_text;
        while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) {
            key.pop_back();
        }
        return key;
    };
    if (*allocate_cmd) {
        // Pure computation over the inputs: no database.
        try {
            const auto total = Money::Parse(total_text);
            if (!total) {
                throw InvalidInput("--total: '{}' is not an amount in dollars", total_text);
            }
            const auto in = app::ReadAllocationInputs(inputs_dir);
            const auto a = formula::Allocate(*total, in.states, in.units);
            if (!scenario.withhold.empty()) {
                scenario.csv = csv;
                scenario.json = json;
                return RunScenario(a, scenario, db, hooks);
            }
            if (csv) {
                std::cout << CsvLine({"recipient", "kind", "state", "amount", "note"});
                for (const auto& s : a.states) {
                    std::cout << CsvLine({s.id, "state", s.id, s.state_award.ToPlain(),
                                          s.minimum ? "minimum allocation state" : ""});
                }
                for (size_t i = 0; i < a.units.size(); ++i) {
                    const auto& u = a.units[i];
                    if (u.award.cents() > 0) {
                        std::cout << CsvLine(
                            {u.id, "unit", u.state, u.award.ToPlain(), in.unit_names[i]});
                    }
                }
                for (const auto& g : a.groups) {
                    std::string members;
                    for (const auto& m : g.members) {
                        members += (members.empty() ? "" : ";") + m;
                    }
                    std::cout << CsvLine(
                        {g.id, "disparate_group", g.state, g.award.ToPlain(), members});
                }
                return 0;
            }
            std::cout << fmt::format("Byrne JAG allocation of {} (violent crime {}-{})\n",
                                     total->ToString(), in.years.front(), in.years.back());
            std::cout << fmt::format("{:<6} {:>18} {:>18} {:>18} {:>18}\n", "state", "allocation",
                                     "state award", "local direct", "joint awards");
            for (const auto& s : a.states) {
                Money direct, joint;
                for (const auto& u : a.units) {
                    if (u.state == s.id) {
                        direct = direct + u.award;
                    }
                }
                for (const auto& g : a.groups) {
                    if (g.state == s.id) {
                        joint = joint + g.award;
                    }
                }
                std::cout << fmt::format("{:<6} {:>18} {:>18} {:>18} {:>18}{}\n", s.id,
                                         s.allocation.ToString(), s.state_award.ToString(),
                                         direct.ToString(), joint.ToString(),
                                         s.minimum ? "  (minimum)" : "");
            }
            for (const auto& g : a.groups) {
                std::string members;
                for (const auto& m : g.members) {
                    members += (members.empty() ? "" : ", ") + m;
                }
                std::cout << fmt::format("disparate group {} ({}): {}\n", g.id, members,
                                         g.award.ToString());
            }
            std::cout << fmt::format("paid out: {} of {}\n", a.Paid().ToString(),
                                     total->ToString());
            return 0;
        } catch (const AppError& e) {
            std::cerr << "grantcheck: " << e.public_message() << "\n";
            return 2;
        }
    }
    if (*consistency_cmd) {
        try {
            const std::string key = verifier_key();
            ledger::Checkpoint cps[2];
            const std::string* files[2] = {&old_checkpoint, &new_checkpoint};
            for (int i = 0; i < 2; ++i) {
                std::string text;
                if (auto why = ledger::VerifyNote(key, read(*files[i], 64 * 1024), &text);
                    !why.empty()) {
                    std::cout << fmt::format("invalid: {}: {}\n", *files[i], why);
                    return 1;
                }
                std::string why;
                auto c = ledger::ParseCheckpoint(text, &why);
                if (!c) {
                    std::cout << fmt::format("invalid: {}: {}\n", *files[i], why);
                    return 1;
                }
                cps[i] = *c;
            }
            if (cps[0].origin != cps[1].origin) {
                std::cout << "invalid: the checkpoints are of different logs\n";
                return 1;
            }
            std::vector<ledger::Hash> proof;
            if (cps[0].size > 0 && cps[0].size < cps[1].size) {
                std::string base = url;
                while (!base.empty() && base.back() == '/') {
                    base.pop_back();
                }
                const auto [status, body] =
                    hooks.fetch(fmt::format("{}/api/v1/log/proof/consistency?first={}&second={}",
                                            base, cps[0].size, cps[1].size));
                if (status != 200) {
                    std::cout << fmt::format("invalid: the server refused the proof ({}): {}\n",
                                             status, body.substr(0, 300));
                    return 1;
                }
                proof = hooks.parse_consistency_proof(body);
            }
            if (auto why = ledger::VerifyConsistency(cps[0].size, cps[1].size, cps[0].root,
                                                     cps[1].root, proof);
                !why.empty()) {
                std::cout << "invalid: " << why << "\n";
                return 1;
            }
            std::cout << fmt::format(
                "valid: the log of size {} is a prefix of the log of size {}\n", cps[0].size,
                cps[1].size);
            return 0;
        } catch (const AppError& e) {
            std::cerr << "grantcheck: " << e.public_message() << "\n";
            return 2;
        }
    }
    if (*verify_cmd) {
        // Offline: reads two files, touches no database.
        try {
            const std::string key = verifier_key();
            const auto receipt = hooks.parse_receipt(read(receipt_file, 64u << 20));
            if (auto why = ledger::VerifyReceipt(receipt, key); !why.empty()) {
                std::cout << "invalid: " << why << "\n";
                return 1;
            }
            std::cout << fmt::format("valid: log entry {} is in the signed tree\n", receipt.index);
            return 0;
        } catch (const AppError& e) {
            std::cerr << "grantcheck: " << e.public_message() << "\n";
            return 2;
        }
    }

    if (*migrate_cmd || *export_cmd || *import_cmd) {
        // The store alone: no snapshot, no signing key.
        try {
            auto store = hooks.open_store(db);
            if (*migrate_cmd) {
                std::cout << fmt::format("{}: the schema is current (journal at #{})\n",
                                         ShownDb(db), store->Version());
                return 0;
            }
            if (*export_cmd) {
                std::ofstream file;
                if (!out_path.empty()) {
                    file.open(out_path, std::ios::binary | std::ios::trunc);
                    if (!file) {
                        throw InvalidInput("--out: cannot write {}", out_path);
                    }
                }
                std::ostream& out = out_path.empty() ? std::cout : file;
                const bool sql = export_format == "sql";
                const bool pg = export_dialect == "postgres";
                size_t rows = 0;
                if (sql) {
                    out << "-- grantcheck export of " << ShownDb(db)
                        << "; load into a database made by `grantcheck migrate`\nBEGIN;\n";
                }
                store->ExportTables([&](const store::TableRow& row) {
                    ++rows;
                    if (!sql) {
                        out << hooks.table_row_json(row) << "\n";
                        return;
                    }
                    std::string names;
                    std::string values;
                    for (const auto& [name, value] : row.columns) {
                        names += (names.empty() ? "" : ", ") + name;
                        values += (values.empty() ? "" : ", ") + SqlLiteral(value, pg);
                    }
                    out << "INSERT INTO " << row.table << "(" << names << ") VALUES (" << values
                        << ");\n";
                });
                if (sql) {
                    out << "COMMIT;\n";
                }
                out.flush();
                if (!out) {
                    throw Unavailable("cannot write the export to {}", out_path);
                }
                std::cerr << fmt::format("exported {} rows from {}\n", rows, ShownDb(db));
                return 0;
            }
            std::ifstream in(import_path, std::ios::binary);
            if (!in) {
                throw InvalidInput("FILE: cannot read {}", import_path);
            }
            size_t line_no = 0;
            std::string line;
            const auto import = [&](const auto& next) {
                try {
                    store->ImportTables(next);
                } catch (const AppError& e) {
                    // The store names the row; the file's line says where it is.
                    if (e.code() != ErrorCode::kInvalidInput ||
                        e.public_message().starts_with(import_path)) {
                        throw;
                    }
                    throw InvalidInput("{}:{}: {}", import_path, line_no, e.public_message());
                }
            };
            import([&](store::TableRow& row) {
                while (std::getline(in, line)) {
                    ++line_no;
            if (line.empty()) {
                continue;
            }
            if (line.size() > (64u << 20)) {
                throw InvalidInput("{}:{}: the line is longer than 64 MiB", import_path, line_no);
            }
            try {
                row = hooks.parse_table_row(line);
            } catch (const AppError& e) {
                throw InvalidInput("{}:{}: {}", import_path, line_no, e.public_message());
            }
            return true;
        }
        return false;
    });
    std::cout << fmt::format(
        "imported {} lines into {} (journal at #{}, log size {}); check it with "
        "`grantcheck log verify`\n",
        line_no, ShownDb(db), store->Version(), store->LogSize());
    return 0;
}
catch (const AppError& e) {
    std::cerr << "grantcheck: " << e.public_message() << "\n";
    if (!e.detail().empty()) {
        std::cerr << "  (" << e.detail() << ")\n";
    }
    return e.code() == ErrorCode::kInvalidInput || e.code() == ErrorCode::kConflict ? 2 : 1;
}
}  // namespace grantcheck::cli

try {
    auto store = hooks.open_store(db);
    auto service_ptr = hooks.make_service(*store, db);
    app::Service& service = *service_ptr;
    if (*load_cmd) {
        auto report = service.Load({dir, atlas}, CliActor());
        std::cout << fmt::format(
            "loaded {} records from {} files into {} (journal entry #{}, "
            "{} replaced; log entry {})\n",
            report.records, report.files.size(), ShownDb(db), report.entry.seq, report.replaced,
            report.entry.log_index);
        if (!receipt_path.empty()) {
            std::ofstream out(receipt_path, std::ios::binary);
            out << hooks.receipt_json(report.receipt, service.VerifierKey().value_or(""));
            if (!out) {
                throw Unavailable("cannot write the receipt to {}", receipt_path);
            }
            std::cout << "receipt: " << receipt_path << "\n";
        }
        return 0;
    }
    if (*awards_cmd) {
        auto& side = service.store().accounts();
        if (*awards_resolve_cmd) {
            if (!award_skip && award_geoid.empty()) {
                throw InvalidInput("JURISDICTION: name the jurisdiction, or give --skip");
            }
            const std::string geoid =
                award_skip
                    ? ""
                    : app::Service::ResolveJurisdiction(*service.snapshot(), award_geoid).geoid;
            side.PutAwardResolution(award_key, geoid);
            std::cout << fmt::format("award {}: {}; the next import uses it\n", award_key,
                                     award_skip ? "left out" : "recipient is " + geoid);
            return 0;
        }
        std::ifstream in(awards_file, std::ios::binary);
        if (!in) {
            throw InvalidInput("FILE: cannot read {}", awards_file);
        }
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        const auto snap = service.snapshot();
        const std::string source_id = "usaspending-import";
        auto result = app::MatchUsaspendingAwards(*snap, text, awards_file, awards_program,
                                                  side.AwardResolutions(), source_id);
        std::cout << fmt::format(
            "{}: {} rows; {} of other assistance listings; {} matched; {} for a person to "
            "decide; {} left out by decision\n",
            awards_file, result.rows, result.other_listings, result.matched.size(),
            result.unmatched.size(), result.left_out);
        for (const auto& p : result.unmatched) {
            std::cout << fmt::format(
                "  {}:{}: award {} to \"{}\": {}{}\n", awards_file, p.line, p.award, p.recipient,
                p.reason,
                p.candidates.empty() ? "" : fmt::format(" ({})", fmt::join(p.candidates, ", ")));
        }
        if (!result.unmatched.empty()) {
            std::cout << "  decide each with `grantcheck awards resolve FAIN JURISDICTION` "
                         "(or --skip), then import again\n";
        }
        if (dry_run || result.matched.empty()) {
            return result.unmatched.empty() ? 0 : 1;
        }
        model::Dataset update;
        model::Source src;
        src.id = source_id;
        src.url = "https://www.usaspending.gov/";
        src.title = "USAspending.gov assistance award downloads, imported with grantcheck";
        src.publisher = "U.S. Department of the Treasury (USAspending.gov)";
        src.reliability = "primary";
        update.sources.push_back(src);
        const size_t n = result.matched.size();
        update.awards = std::move(result.matched);
        const auto entry =
            service.MergeRecords(std::move(update), "import_awards", CliActor(),
                                 fmt::format("imported {} awards from {}", n, awards_file));
        std::cout << fmt::format("stored {} awards (journal #{}, log entry {})\n", n, entry.seq,
                                 entry.log_index);
        return result.unmatched.empty() ? 0 : 1;
    }
    if (*user_cmd) {
        return RunUser(service, user_add_cmd->parsed(), user_disable_cmd->parsed(),
                       user_reset_cmd->parsed(), user_list_cmd->parsed(), new_user, user_email);
    }
    if (service.snapshot()->data().jurisdictions.empty() && !*serve_cmd) {
        std::cerr << fmt::format(
            "grantcheck: {} holds no data yet; run `grantcheck load data --db {}` first\n", db, db);
        return 1;
    }
    if (*log_cmd) {
        if (*log_key_cmd) {
            std::cout << service.VerifierKey().value_or("") << "\n";
        } else if (*log_verify_cmd) {
            const auto report = service.Audit();
            for (const auto& p : report.problems) {
                std::cout << "problem: " << p << "\n";
            }
            std::cout << fmt::format(
                "{} entries, {} checkpoints: {}\n", report.entries, report.checkpoints,
                report.problems.empty() ? "the log and the tables agree" : "NOT consistent");
            return report.problems.empty() ? 0 : 1;
        } else if (*log_checkpoint_cmd) {
            auto latest = service.store().LatestCheckpoint();
            if (!latest) {
                throw NotFound("the log has no checkpoint yet");
            }
            std::cout << latest->second;
        }
        return 0;
    }
    if (*serve_cmd) {
        serve.access_log = !quiet;
        return hooks.serve(service, serve);
    }
    const auto snap = service.snapshot();
    if (*show_cmd) {
        const auto& j = app::Service::ResolveJurisdiction(*snap, ref);
        if (json) {
            std::cout << hooks.jurisdiction_json(*snap, j) << "\n";
        } else {
            PrintJurisdiction(*snap, j);
        }
        return 0;
    }
    if (*status_cmd) {
        const auto& j = app::Service::ResolveJurisdiction(*snap, ref);
        const Date date = app::Service::ParseAsOf(*snap, as_of, app::Service::Today(), "--as-of");
        const auto status = snap->engine().Evaluate(j, date);
        if (json) {
            std::cout << hooks.status_json(*snap, status) << "\n";
        } else {
            PrintStatus(status, all);
        }
        return 0;
    }
    if (*exposure_cmd) {
        const auto& j = app::Service::ResolveJurisdiction(*snap, ref);
        const Date date = app::Service::ParseAsOf(*snap, as_of, app::Service::Today(), "--as-of");
        const auto status = snap->engine().Evaluate(j, date);
        if (json) {
            std::cout << hooks.exposure_json(*snap, status) << "\n";
            return 0;
        }
        std::cout << fmt::format("{} on {}: money at stake\n", model::DisplayName(j),
                                 date.ToString());
        for (const auto& c : status.conditions) {
            if (!c.applies || c.awards.empty()) {
                continue;
            }
            std::cout << fmt::format("\n{} ({}): {}\n", c.condition->title, c.condition->id,
                                     c.enforceable ? "enforceable" : "blocked by a court");
            for (const auto* a : c.awards) {
                std::cout << fmt::format("  FY{} {}: {}{}\n", a->fiscal_year, a->kind,
                                         a->amount ? a->amount->ToString() : "amount unknown",
                                         a->approximate ? " (approximate: the source rounds)" : "");
            }
        }
        const auto total = rules::StakeOf(status);
        if (total.awards == 0) {
            std::cout << "no award on record for a condition that applies\n";
        } else {
            std::cout << fmt::format(
                "\nat stake: {} in {} award{}{}\n", total.known.ToString(), total.awards,
                total.awards == 1 ? "" : "s",
                total.unknown > 0 ? fmt::format(", {} with no known amount", total.unknown) : "");
        }
        return 0;
    }
    if (*history_cmd) {
        const auto& j = app::Service::ResolveJurisdiction(*snap, ref);
        const auto changes = snap->engine().History(j);
        if (json) {
            std::cout << hooks.history_json(*snap, j, changes) << "\n";
        } else {
            std::cout << DisplayName(j) << " — history\n";
            for (const auto& c : changes) {
                std::cout << fmt::format("  {}  {:<22} {}\n", c.date.ToString(),
                                         rules::ToString(c.kind), c.text);
            }
        }
        return 0;
    }
    if (*list_cmd) {
        const auto page = app::Service::ListJurisdictions(*snap, query);
        if (json) {
            std::cout << hooks.jurisdictions_json(*snap, page, query.limit, 0) << "\n";
        } else {
            for (const auto* j : page.items) {
                std::cout << fmt::format("{:<8} {:<9} {}\n", j->geoid, ToString(j->kind),
                                         DisplayName(*j));
            }
            std::cerr << fmt::format("{} jurisdiction{}\n", page.total, page.total == 1 ? "" : "s");
        }
        return 0;
    }
} catch (const AppError& e) {
    std::cerr << "grantcheck: " << e.public_message() << "\n";
    if (!e.detail().empty()) {
        std::cerr << "  (" << e.detail() << ")\n";
    }
    return e.code() == ErrorCode::kInvalidInput || e.code() == ErrorCode::kNotFound ||
                   e.code() == ErrorCode::kUnauthenticated || e.code() == ErrorCode::kForbidden ||
                   e.code() == ErrorCode::kTooLarge
               ? 2
               : 1;
} catch (const std::exception& e) {
    std::cerr << "grantcheck: unexpected error: " << e.what() << "\n";
    return 1;
}
return 0;
}

}  // namespace grantcheck::cli
