#pragma once

// A router over the bundled data loaded into a store on the tests' backend (test_store.hpp), for
// tests of the routes (API, pages, feeds). A test registers its routes in its own constructor
// and calls Get. Header-only: only tests that link grantcheck_test_store include it.

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "grantcheck/app/service.hpp"
#include "grantcheck/http/router.hpp"

#include "test_store.hpp"

namespace grantcheck::testing {

class BundledRouterTest : public ::testing::Test {
protected:
    BundledRouterTest() : store_(OpenTestStore(dir_)), service_(*store_) {
        service_.Load({SourceDir() / "data", AtlasPath()}, "test");
    }
    http::Response Get(std::string path, std::multimap<std::string, std::string> query = {}) {
        http::Request req;
        req.method = "GET";
        req.path = std::move(path);
        req.query = std::move(query);
        return router_.Handle(req);
    }
    TempDir dir_;
    std::unique_ptr<store::Store> store_;
    app::Service service_;
    http::Router router_;
};

}  // namespace grantcheck::testing
