#pragma once

namespace grantcheck::wiring {

// The composition root: picks the concrete store, builds the router from the api and web
// modules, and runs the CLI. Returns the process exit code.
int Main(int argc, char** argv);

}  // namespace grantcheck::wiring
