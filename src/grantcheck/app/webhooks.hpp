#pragma once

// Sends queued webhook events: each delivery is POSTed with its JSON payload, signed with
// HMAC-SHA256 under the webhook's secret, and retried with exponential back-off until the
// receiver answers 2xx or the attempts run out. Every attempt is recorded in the delivery log.
//
// Headers the receiver sees:
//   X-Grantcheck-Delivery:  the event id, the same on every retry (the idempotency key)
//   X-Grantcheck-Timestamp: when this attempt was signed (RFC 3339 UTC)
//   X-Grantcheck-Signature: "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body)

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "grantcheck/store/accounts.hpp"

namespace grantcheck::app {

// POSTs `body` with `headers` to `url` and returns the HTTP status; throws AppError when the
// receiver cannot be reached or does not answer in time.
using PostFn = std::function<int(const std::string& url,
                                 const std::string& body,
                                 const std::vector<std::pair<std::string, std::string>>& headers)>;

class WebhookSender {
public:
    static constexpr int kMaxAttempts = 8;
    static constexpr std::chrono::seconds kFirstRetry{1};  // then 2, 4, ... up to kMaxRetry
    static constexpr std::chrono::seconds kMaxRetry{3600};

    WebhookSender(store::AccountStore& store, PostFn post)
        : store_(store), post_(std::move(post)) {}
    ~WebhookSender() { Stop(); }
    WebhookSender(const WebhookSender&) = delete;
    WebhookSender& operator=(const WebhookSender&) = delete;

    // Attempts every delivery that is due now; returns how many it attempted.
    size_t RunOnce();
    // Runs RunOnce on a thread of its own every `period` until Stop().
    void Start(std::chrono::milliseconds period = std::chrono::milliseconds(250));
    void Stop();

    // The signature header's value for `body` signed at `timestamp`.
    static std::string Signature(const std::string& secret,
                                 const std::string& timestamp,
                                 const std::string& body);

private:
    store::AccountStore& store_;
    PostFn post_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
};

// The system clock as RFC 3339 UTC: delivery times are real time, whatever the test clock says.
std::string SystemNowUtc(std::chrono::seconds from_now = std::chrono::seconds(0));

}  // namespace grantcheck::app
