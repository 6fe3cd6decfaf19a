#include "grantcheck/wiring/wiring.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <thread>

#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "grantcheck/api/api.hpp"
#include "grantcheck/api/json.hpp"
#include "grantcheck/app/webhooks.hpp"
#include "grantcheck/cli/cli.hpp"
#include "grantcheck/common/error.hpp"
#include "grantcheck/http/client.hpp"
#include "grantcheck/http/server.hpp"
#include "grantcheck/store/postgres/pg_store.hpp"
#include "grantcheck/store/sqlite/sqlite_store.hpp"
#include "grantcheck/web/feeds.hpp"
#include "grantcheck/web/pages.hpp"

#ifndef GRANTCHECK_ATLAS_PATH
#define GRANTCHECK_ATLAS_PATH ""
#endif

namespace grantcheck::wiring {
namespace {

std::unique_ptr<store::Store> OpenStore(const std::string& db) {
    if (store::IsPgDsn(db)) {
        return store::OpenPgStore({db});
    }
    return store::OpenSqliteStore({db});
}

// The log's signing key, kept beside the database (or at GRANTCHECK_KEY): created on first use
// with mode 0600, never logged. An in-memory database gets a key for that process only.
std::unique_ptr<app::Service> MakeService(store::Store& store, const std::string& db) {
    const char* origin_env = std::getenv("GRANTCHECK_ORIGIN");
    const std::string origin = origin_env != nullptr ? origin_env : "grantcheck.local/log";
    if (db == ":memory:") {
        return std::make_unique<app::Service>(store, ledger::Signer::Generate(origin), origin);
    }
    const char* key_env = std::getenv("GRANTCHECK_KEY");
    if (key_env == nullptr && store::IsPgDsn(db)) {
        throw InvalidInput(
            "GRANTCHECK_KEY: with PostgreSQL, set it to the path of the log's signing key "
            "(created there on first start, mode 0600), the same file for every process on "
            "this database");
    }
    const std::string path = key_env != nullptr ? key_env : db + ".key";
    const auto read_key = [&](std::ifstream& in) {
        std::string why;
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto signer = ledger::Signer::Parse(text, &why);
        if (!signer) {
            throw AppError(ErrorCode::kUnavailable,
                           fmt::format("the log key {} cannot be read: {}", path, why));
        }
        return std::make_unique<app::Service>(store, std::move(*signer), origin);
    };
    if (std::ifstream in(path); in) {
        return read_key(in);
    }
    auto signer = ledger::Signer::Generate(origin);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 && errno == EEXIST) {  // another process made it first: use that one
        for (int i = 0; i < 50; ++i) {
            if (std::ifstream in(path); in && in.peek() != std::ifstream::traits_type::eof()) {
                return read_key(in);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    if (fd < 0) {
        throw AppError(ErrorCode::kUnavailable,
                       fmt::format("cannot create the log key {}: {}", path, std::strerror(errno)));
    }
    const std::string text = signer.PrivateKeyText() + "\n";
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                    ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        throw AppError(ErrorCode::kUnavailable, fmt::format("cannot write the log key {}", path));
    }
    spdlog::info("created the log key {} (verifier key {})", path, signer.VerifierKey());
    return std::make_unique<app::Service>(store, std::move(signer), origin);
}

int Serve(app::Service& service, const cli::ServeOptions& options) {
    http::ServerConfig config;
    const auto colon = options.listen.rfind(':');
    if (colon == std::string::npos) {
        throw InvalidInput("--listen: '{}' is not ADDR:PORT (e.g. 127.0.0.1:8080)", options.listen);
    }
    config.address = options.listen.substr(0, colon);
    const std::string port = options.listen.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535) {
        throw InvalidInput("--listen: '{}' is not a port number (0-65535)", port);
    }
    config.port = static_cast<uint16_t>(std::stoul(port));
    config.threads = options.threads;
    config.access_log = options.access_log;
    // Evidence uploads may be up to 20 MiB; every other request stays under the default.
    config.large_body_prefix = "/api/v1/evidence";
    config.max_large_body_bytes = app::Campaigns::kMaxEvidenceBytes;
    config.large_body_what = "evidence files";
    if (!options.clock_file.empty()) {
        spdlog::warn("reading the time from {} (--clock-file is for tests only)",
                     options.clock_file);
        app::Service::SetClockFile(options.clock_file);
    }

    app::Accounts accounts(service.store().accounts());
    app::Campaigns campaigns(service, service.store().accounts());
    app::WebhookSender webhooks(
        service.store().accounts(),
        [](const std::string& url, const std::string& body,
           const std::vector<std::pair<std::string, std::string>>& headers) {
            return http::Send("POST", url, body, headers, std::chrono::seconds(10), 64 * 1024)
                .status;
        });
    webhooks.Start();
    // Other processes on the same database: their commits reach this one's snapshot.
    service.StartFollowing(std::chrono::milliseconds(options.follow_ms));

    http::Router router;
    api::Register(router, service);
    api::RegisterCampaign(router, service, accounts, campaigns);
    web::Register(router, service);
    web::RegisterCampaign(router, service, accounts, campaigns);
    web::RegisterFeeds(router, service);
    // A response depends on the snapshot and, where as_of defaults to today, on the date.
    router.EnableCache([&service] {
        return (service.snapshot()->version() << 20) ^ app::Service::Today().days();
    });
    http::Server server(config, router);
    // The bound port (port 0 picks one) goes to stdout so scripts and tests can find it.
    std::cout << fmt::format("grantcheck: serving http://{}:{}/", config.address, server.port())
              << std::endl;
    server.Run();
    return 0;
}

}  // namespace

int Main(int argc, char** argv) {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    cli::Hooks hooks;
    hooks.open_store = &OpenStore;
    hooks.make_service = &MakeService;
    hooks.receipt_json = &api::ReceiptJson;
    hooks.parse_receipt = &api::ParseReceiptJson;
    hooks.parse_consistency_proof = &api::ParseConsistencyProofJson;
    hooks.fetch = [](const std::string& url) {
        auto r = http::Fetch(url);
        return std::pair{r.status, std::move(r.body)};
    };
    hooks.serve = &Serve;
    hooks.jurisdiction_json = &api::JurisdictionJson;
    hooks.jurisdictions_json = &api::JurisdictionPageJson;
    hooks.status_json = &api::StatusJson;
    hooks.exposure_json = &api::ExposureJson;
    hooks.scenario_json = &api::ScenarioJson;
    hooks.history_json = &api::HistoryJson;
    hooks.table_row_json = &api::TableRowJson;
    hooks.parse_table_row = &api::ParseTableRowJson;
    hooks.default_atlas = GRANTCHECK_ATLAS_PATH;
    return cli::Run(argc, argv, hooks);
}

}  // namespace grantcheck::wiring
