// A fixture for check_xsimd_first.cmake: includes xsimd itself.
#pragma once

#include <xsimd/xsimd.hpp>
