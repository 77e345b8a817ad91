// A fixture for check_xsimd_first.cmake: includes xtensor before mockbn/core/xsimd.hpp.
#pragma once

#include <xtensor/xtensor.hpp>

#include "mockbn/core/xsimd.hpp"
