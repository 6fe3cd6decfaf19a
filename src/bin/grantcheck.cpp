#include "grantcheck/wiring/wiring.hpp"

int main(int argc, char** argv) {
    return grantcheck::wiring::Main(argc, argv);
}
