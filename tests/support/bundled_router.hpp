#pragma once

// A router over the bundled data loaded into an in-memory SQLite store, for tests of the routes
// (API, pages, feeds). A test registers its routes in its own constructor and calls Get.
// Header-only: only tests that link grantcheck_store_sqlite include it.

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "grantcheck/app/service.hpp"
#include "grantcheck/http/router.hpp"
#include "grantcheck/store/sqlite/sqlite_store.hpp"

#include "test_support.hpp"

namespace grantcheck::testing {

class BundledRouterTest : public ::testing::Test {
protected:
    BundledRouterTest() : store_(store::OpenSqliteStore({":memory:"})), service_(*store_) {
        service_.Load({SourceDir() / "data", AtlasPath()}, "test");
    }
    http::Response Get(std::string path, std::multimap<std::string, std::string> query = {}) {
        http::Request req;
        req.method = "GET";
        req.path = std::move(path);
        req.query = std::move(query);
        return router_.Handle(req);
    }
    std::unique_ptr<store::Store> store_;
    app::Service service_;
    http::Router router_;
};

}  // namespace grantcheck::testing
