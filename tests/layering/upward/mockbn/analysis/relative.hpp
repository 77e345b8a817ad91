// A fixture for the layering check: a relative include that reaches up to io/.
#pragma once

#include "../io/atomic_file.hpp"
