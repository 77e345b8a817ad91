// The message of what a call throws, for the tests of refusals and errors.
#pragma once

#include <exception>
#include <string>

namespace mockbn::testing {

// What f throws (a refusal, a usage or an option error), as its what(); "accepted" when it throws nothing.
template <class F>
std::string problem(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace mockbn::testing
