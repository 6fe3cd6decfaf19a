#include "grantcheck/app/webhooks.hpp"

#include <algorithm>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "grantcheck/common/error.hpp"
#include "grantcheck/ledger/secrets.hpp"

namespace grantcheck::app {

std::string SystemNowUtc(std::chrono::seconds from_now) {
    return fmt::format(
        "{:%Y-%m-%dT%H:%M:%SZ}",
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + from_now);
}

std::string WebhookSender::Signature(const std::string& secret,
                                     const std::string& timestamp,
                                     const std::string& body) {
    return "sha256=" + ledger::HmacSha256Hex(secret, timestamp + "." + body);
}

size_t WebhookSender::RunOnce() {
    // Claimed for a minute: long enough for one attempt (10 s at most) to be recorded.
    auto due =
        store_.ClaimDueDeliveries(SystemNowUtc(), SystemNowUtc(std::chrono::seconds(60)), 50);
    for (auto& d : due) {
        const std::string timestamp = SystemNowUtc();
        d.attempts += 1;
        std::string error;
        int status = 0;
        try {
            status = post_(d.url, d.payload,
                           {{"Content-Type", "application/json"},
                            {"X-Grantcheck-Delivery", d.event_key},
                            {"X-Grantcheck-Timestamp", timestamp},
                            {"X-Grantcheck-Signature", Signature(d.secret, timestamp, d.payload)}});
            if (status < 200 || status > 299) {
                error = fmt::format("the receiver answered {}", status);
            }
        } catch (const AppError& e) {
            error = e.public_message();
        } catch (const std::exception& e) {
            error = e.what();
        }
        if (error.empty()) {
            d.status = "delivered";
            d.delivered_at = timestamp;
            d.last_error.clear();
        } else {
            d.last_error = error.substr(0, 500);
            if (d.attempts >= kMaxAttempts) {
                d.status = "failed";
            } else {
                const auto wait = std::min<std::chrono::seconds>(
                    kFirstRetry * (1LL << std::min(d.attempts - 1, 20)), kMaxRetry);
                d.next_attempt = SystemNowUtc(wait);
            }
            spdlog::warn("webhook {} delivery {} attempt {}: {}", d.webhook_id, d.event_key,
                         d.attempts, d.last_error);
        }
        store_.UpdateDelivery(d);
    }
    return due.size();
}

void WebhookSender::Start(std::chrono::milliseconds period) {
    thread_ = std::thread([this, period] {
        std::unique_lock lock(mutex_);
        while (!stop_) {
            lock.unlock();
            try {
                RunOnce();
            } catch (const std::exception& e) {
                spdlog::error("webhook sender: {}", e.what());
            }
            lock.lock();
            wake_.wait_for(lock, period, [this] { return stop_; });
        }
    });
}

void WebhookSender::Stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

}  // namespace grantcheck::app
