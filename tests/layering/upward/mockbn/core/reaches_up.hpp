// A fixture for the layering check: a core header that includes a layer header.
#pragma once

#include "mockbn/layers/dense.hpp"
