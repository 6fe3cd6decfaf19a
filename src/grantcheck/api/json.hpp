#pragma once

#include <string>
#include <vector>

#include "grantcheck/app/allocation.hpp"
#include "grantcheck/app/service.hpp"

namespace grantcheck::api {

// JSON documents shared by the HTTP API and the CLI's --json output, so both say the same.
std::string JurisdictionJson(const store::Snapshot& snap, const model::Jurisdiction& j);
std::string JurisdictionPageJson(const store::Snapshot& snap,
                                 const app::JurisdictionPage& page,
                                 size_t limit,
                                 size_t offset);
// A receipt as one self-contained JSON document (hashes in base64), and back. Parse throws
// InvalidInput naming the field that is missing or malformed.
std::string ReceiptJson(const ledger::Receipt& receipt, const std::string& verifier_key);
ledger::Receipt ParseReceiptJson(std::string_view text);
// The proof of GET /api/v1/log/proof/consistency. Throws InvalidInput when it is not one.
std::vector<ledger::Hash> ParseConsistencyProofJson(std::string_view text);
// GET /api/v1/jurisdictions/{id}/status and `grantcheck status --json`.
std::string StatusJson(const store::Snapshot& snap, const rules::Status& status);
// GET /api/v1/jurisdictions/{id}/exposure and `grantcheck exposure --json`: per condition that
// applies, the awards at stake (known amounts summed; unknown ones counted, never guessed) and
// whether the condition is enforceable or blocked on that date.
std::string ExposureJson(const store::Snapshot& snap, const rules::Status& status);
// POST /api/v1/allocations and `grantcheck allocate --withhold ... --json`.
std::string ScenarioJson(const app::ScenarioReport& report);
// GET /api/v1/jurisdictions/{id}/history and `grantcheck history --json`.
std::string HistoryJson(const store::Snapshot& snap,
                        const model::Jurisdiction& j,
                        const std::vector<rules::Change>& changes);

// One row of `grantcheck export --format jsonl`: {"table":…,"row":{column: value}} where a
// value is null, an integer, a string (text) or {"base64":…} (bytes). Parse throws
// InvalidInput naming what is wrong.
std::string TableRowJson(const store::TableRow& row);
store::TableRow ParseTableRowJson(std::string_view line);

}  // namespace grantcheck::api
