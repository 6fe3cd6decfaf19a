#pragma once

#include <functional>
#include <memory>
#include <string>

#include "grantcheck/app/allocation.hpp"
#include "grantcheck/app/service.hpp"

namespace grantcheck::cli {

struct ServeOptions {
    std::string listen = "127.0.0.1:8080";
    unsigned threads = 2;
    bool access_log = true;
    std::string clock_file;     // tests only: read the time from this file (Service::SetClockFile)
    unsigned follow_ms = 1000;  // at most this long between checks for other processes' commits
};

// What the CLI needs from the composition root, so that it names no concrete store, server or
// JSON library.
struct Hooks {
    std::function<std::unique_ptr<store::Store>(const std::string& db)> open_store;
    // The service over a store, signing checkpoints with the log key kept beside `db`.
    std::function<std::unique_ptr<app::Service>(store::Store&, const std::string& db)> make_service;
    std::function<std::string(const ledger::Receipt&, const std::string&)> receipt_json;
    std::function<ledger::Receipt(std::string_view)> parse_receipt;
    // GETs a URL: (status, body).
    std::function<std::pair<int, std::string>(const std::string&)> fetch;
    std::function<std::vector<ledger::Hash>(std::string_view)> parse_consistency_proof;
    std::function<int(app::Service&, const ServeOptions&)> serve;
    std::function<std::string(const store::Snapshot&, const model::Jurisdiction&)>
        jurisdiction_json;
    std::function<std::string(const store::Snapshot&, const app::JurisdictionPage&, size_t, size_t)>
        jurisdictions_json;
    std::function<std::string(const store::Snapshot&, const rules::Status&)> status_json;
    std::function<std::string(const store::Snapshot&, const rules::Status&)> exposure_json;
    std::function<std::string(const app::ScenarioReport&)> scenario_json;
    std::function<std::string(
        const store::Snapshot&, const model::Jurisdiction&, const std::vector<rules::Change>&)>
        history_json;
    // One exported table row as a line of JSON, and back (throws InvalidInput naming what is
    // wrong).
    std::function<std::string(const store::TableRow&)> table_row_json;
    std::function<store::TableRow(std::string_view)> parse_table_row;
    std::string default_atlas;
};

// Runs the `grantcheck` program. Returns the exit code: 0 success, 2 bad input or not found,
// 1 any other failure (each with a message on stderr that says how to fix it).
int Run(int argc, char** argv, const Hooks& hooks);

}  // namespace grantcheck::cli
