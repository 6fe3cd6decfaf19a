#pragma once

// What every HTML page shares: the layout around a template, and small helpers for views.
// Mustache (kainjow) types stay inside the web module.

#include <string>

#include <kainjow/mustache.hpp>

#include "grantcheck/http/message.hpp"
#include "grantcheck/store/snapshot.hpp"

namespace grantcheck::web {

inline kainjow::mustache::data List() {
    return kainjow::mustache::data(kainjow::mustache::data::type::list);
}

// An optional value for a template section: kainjow treats "" as true, so an empty value
// becomes false and {{#name}}...{{/name}} is skipped.
inline kainjow::mustache::data Opt(const std::string& s) {
    return s.empty() ? kainjow::mustache::data(false) : kainjow::mustache::data(s);
}

// The template `name` (web/templates/<name>.mustache) rendered with `view` inside the layout.
http::Response Page(const store::Snapshot& snap,
                    const std::string& title,
                    const std::string& name,
                    const kainjow::mustache::data& view,
                    const std::string& query = {});

}  // namespace grantcheck::web
