#pragma once

// What the store keeps beside the records and outside the public log: accounts, sessions and
// API tokens (secrets only as hashes), evidence files (content-addressed), and webhooks with
// their delivery log. Backend-neutral, like Store.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grantcheck::store {

struct Account {
    int64_t id = 0;
    std::string email;
    std::string name;
    std::string role;   // "admin", "reviewer" or "certifier"
    std::string scope;  // reviewer: program id; certifier: GEOIDs separated by spaces
    std::string password_hash;
    bool disabled = false;
    int failed_logins = 0;
    std::string locked_until;  // RFC 3339 UTC, empty when not locked
    std::string created_at;
};

struct SessionRecord {
    int64_t account_id = 0;
    std::string csrf;
    std::string expires_at;
};

struct ApiTokenRecord {
    int64_t id = 0;
    int64_t account_id = 0;
    std::string name;
    std::string scope;  // empty: the account's whole scope
    std::string expires_at;
    bool revoked = false;
    std::string created_at;
};

struct Webhook {
    int64_t id = 0;
    std::string url;
    std::string secret;
    bool active = true;
    std::string created_at;
};

struct WebhookDelivery {
    int64_t id = 0;
    int64_t webhook_id = 0;
    std::string url;     // the webhook's, for the sender
    std::string secret;  // the webhook's, for the sender
    std::string event_key;
    std::string payload;
    int attempts = 0;
    std::string next_attempt;
    std::string status;  // "pending", "delivered", "failed"
    std::string last_error;
    std::string delivered_at;
};

struct Draft {
    int64_t id = 0;
    std::string kind;  // "determination"
    std::string program;
    int64_t author = 0;
    std::string body;     // the request as received (JSON)
    std::string summary;  // one line for lists
    std::string created_at;
    std::string released_as;  // the record's id once released
};

// Thread-safety: as Store. Failures throw AppError; AddAccount throws Conflict for an e-mail
// address already in use.
class AccountStore {
public:
    virtual ~AccountStore() = default;

    virtual int64_t AddAccount(const Account& account) = 0;
    virtual std::optional<Account> FindAccount(std::string_view email) = 0;
    virtual std::optional<Account> AccountById(int64_t id) = 0;
    // Writes every field but id, email and created_at.
    virtual void UpdateAccount(const Account& account) = 0;
    virtual std::vector<Account> Accounts() = 0;

    virtual void PutSession(const std::string& token_hash, const SessionRecord& session) = 0;
    virtual std::optional<SessionRecord> FindSession(const std::string& token_hash) = 0;
    virtual void DeleteSession(const std::string& token_hash) = 0;
    // Ends every session of an account (when it is disabled or its password reset).
    virtual void DeleteSessions(int64_t account_id) = 0;

    virtual int64_t AddToken(const std::string& token_hash, const ApiTokenRecord& token) = 0;
    virtual std::optional<ApiTokenRecord> FindToken(const std::string& token_hash) = 0;
    virtual std::vector<ApiTokenRecord> Tokens(int64_t account_id) = 0;
    // Revokes a token of `account_id`; false when it has none with that id.
    virtual bool RevokeToken(int64_t token_id, int64_t account_id) = 0;

    // Stores a file under its SHA-256 (hex) unless it is already there.
    virtual void PutEvidence(const std::string& sha256,
                             std::string_view content,
                             int64_t uploaded_by) = 0;
    virtual std::optional<std::string> Evidence(const std::string& sha256) = 0;
    // The account that first uploaded the file.
    virtual std::optional<int64_t> EvidenceUploader(const std::string& sha256) = 0;
    virtual bool HasEvidence(const std::string& sha256) = 0;

    virtual int64_t AddWebhook(const Webhook& webhook) = 0;
    virtual std::vector<Webhook> Webhooks() = 0;
    // Queues `payload` for every active webhook under `event_key` (once per webhook and key).
    virtual void EnqueueDeliveries(const std::string& event_key,
                                   const std::string& payload,
                                   const std::string& now) = 0;
    // Claims pending deliveries whose next attempt is at or before `now`, oldest first: each
    // is held (its next attempt moved to `claim_until`) until UpdateDelivery records the
    // outcome, so that with several processes one sends it; a claim not followed by an update
    // (the sender died) falls due again after `claim_until`.
    virtual std::vector<WebhookDelivery> ClaimDueDeliveries(const std::string& now,
                                                            const std::string& claim_until,
                                                            size_t limit) = 0;
    // Records an attempt's outcome (status, attempts, next_attempt, last_error, delivered_at).
    virtual void UpdateDelivery(const WebhookDelivery& delivery) = 0;
    // The newest deliveries first.
    virtual std::vector<WebhookDelivery> Deliveries(size_t limit) = 0;

    virtual int64_t AddDraft(const Draft& draft) = 0;
    virtual std::optional<Draft> FindDraft(int64_t id) = 0;
    // Every draft, newest first.
    virtual std::vector<Draft> Drafts() = 0;
    // Marks a draft released as `record`; false when it was released already.
    virtual bool MarkDraftReleased(int64_t id, const std::string& record) = 0;

    // Award matching decisions: award key (FAIN) -> GEOID, or "" to leave the award out.
    virtual void PutAwardResolution(const std::string& award_key, const std::string& geoid) = 0;
    virtual std::map<std::string, std::string> AwardResolutions() = 0;
};

}  // namespace grantcheck::store
