// mockbn/mockbn.hpp
//
// The umbrella header: everything the library provides.
#pragma once

#include "mockbn/autodiff.hpp"
