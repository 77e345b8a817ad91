// A fixture for the layering check: a header in a subfolder of core/ reaching up to layers/.
#pragma once

#include <mockbn/layers/dense.hpp>
