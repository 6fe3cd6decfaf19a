#include "grantcheck/http/router.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace grantcheck::http {
namespace {

std::string Gunzip(const std::string& data) {
    z_stream zs{};
    inflateInit2(&zs, 15 + 16);
    std::string out(1 << 20, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    inflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    inflateEnd(&zs);
    return out;
}

std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
        if (k == name) {
            return v;
        }
    }
    return {};
}

void AddRoutes(Router& router) {
    router.Get("/things/{id}", [](const Request& req) {
        if (req.Param("id") == "missing") {
            throw NotFound("no thing {}", req.Param("id"));
        }
        if (req.Param("id") == "boom") {
            throw std::runtime_error("secret internal detail");
        }
        Response r;
        r.body = "{\"id\":\"" + req.Param("id") + "\"}";
        return r;
    });
    router.Get("/big", [](const Request&) {
        Response r;
        r.content_type = "text/plain";
        r.body = std::string(5000, 'x');
        return r;
    });
}

TEST(RouterTest, RoutesWithParametersAndMapsErrors) {
    Router router;
    AddRoutes(router);
    Request req{"GET", "/things/abc", {}, {}, {}, {}, "1"};
    Response ok = router.Handle(req);
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body, "{\"id\":\"abc\"}");
    EXPECT_EQ(HeaderOf(ok, "X-Content-Type-Options"), "nosniff");

    Request missing{"GET", "/things/missing", {}, {}, {}, {}, "2"};
    Response nf = router.Handle(missing);
    EXPECT_EQ(nf.status, 404);
    EXPECT_EQ(nf.body, R"({"error":{"code":"not_found","message":"no thing missing"}})");

    Request boom{"GET", "/things/boom", {}, {}, {}, {}, "3"};
    Response err = router.Handle(boom);
    EXPECT_EQ(err.status, 500);
    EXPECT_EQ(err.body.find("secret"), std::string::npos);

    Request nowhere{"GET", "/nothing/here/at/all", {}, {}, {}, {}, "4"};
    EXPECT_EQ(router.Handle(nowhere).status, 404);

    Request post{"POST", "/things/abc", {}, {}, {}, {}, "5"};
    Response not_allowed = router.Handle(post);
    EXPECT_EQ(not_allowed.status, 405);
    EXPECT_EQ(HeaderOf(not_allowed, "Allow"), "GET, HEAD");
}

TEST(RouterTest, AnswersConditionalRequestsWith304) {
    Router router;
    AddRoutes(router);
    Request req{"GET", "/things/abc", {}, {}, {}, {}, "1"};
    const std::string etag = HeaderOf(router.Handle(req), "ETag");
    ASSERT_FALSE(etag.empty());
    Request again{"GET", "/things/abc", {}, {{"if-none-match", etag}}, {}, {}, "2"};
    Response r = router.Handle(again);
    EXPECT_EQ(r.status, 304);
    EXPECT_TRUE(r.body.empty());
    Request other{"GET", "/things/xyz", {}, {{"if-none-match", etag}}, {}, {}, "3"};
    EXPECT_EQ(router.Handle(other).status, 200);
}

TEST(RouterTest, GzipsLargeBodiesWhenAccepted) {
    Router router;
    AddRoutes(router);
    Request req{"GET", "/big", {}, {{"accept-encoding", "gzip, br"}}, {}, {}, "1"};
    Response r = router.Handle(req);
    EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "gzip");
    EXPECT_LT(r.body.size(), 200u);
    EXPECT_EQ(Gunzip(r.body), std::string(5000, 'x'));
    Request plain{"GET", "/big", {}, {}, {}, {}, "2"};
    EXPECT_EQ(router.Handle(plain).body.size(), 5000u);
}

TEST(MessageTest, DecodesQueriesAndEscapesHtml) {
    auto q = ParseQuery("a=1&b=x%20y+z&c=&d");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->find("b")->second, "x y z");
    EXPECT_EQ(q->count("d"), 1u);
    EXPECT_FALSE(ParseQuery("a=%zz"));
    EXPECT_FALSE(ParseQuery("a=%4"));
    EXPECT_EQ(HtmlEscape("<script>\"x\"&'"), "&lt;script&gt;&quot;x&quot;&amp;&#39;");
    EXPECT_EQ(PercentEncode("Chicago, IL"), "Chicago%2C%20IL");
}

}  // namespace
}  // namespace grantcheck::http

namespace grantcheck::http {
namespace {

TEST(RouterCacheTest, ServesTheSameResponseUntilTheGenerationChanges) {
    Router router;
    int built = 0;
    int64_t generation = 1;
    router.Get("/count", [&built](const Request&) {
        Response r;
        r.body = std::to_string(++built);
        return r;
    });
    router.Get("/fail", [](const Request&) -> Response { throw NotFound("nothing"); });
    router.EnableCache([&generation] { return generation; });
    Request req{"GET", "/count", {}, {}, {}, {}, "1"};
    EXPECT_EQ(router.Handle(req).body, "1");
    EXPECT_EQ(router.Handle(req).body, "1");
    Request other{"GET", "/count", {{"x", "1"}}, {}, {}, {}, "2"};
    EXPECT_EQ(router.Handle(other).body, "2");  // another query is another response
    generation = 2;
    EXPECT_EQ(router.Handle(req).body, "3");
    // A cached response still answers If-None-Match with 304.
    std::string etag;
    for (const auto& [k, v] : router.Handle(req).headers) {
        etag = k == "ETag" ? v : etag;
    }
    Request conditional{"GET", "/count", {}, {{"if-none-match", etag}}, {}, {}, "3"};
    EXPECT_EQ(router.Handle(conditional).status, 304);
    // Errors are never cached.
    Request fail{"GET", "/fail", {}, {}, {}, {}, "4"};
    EXPECT_EQ(router.Handle(fail).status, 404);
    EXPECT_EQ(router.Handle(fail).status, 404);
}

}  // namespace
}  // namespace grantcheck::http
