// mockbn/io.hpp
//
// Input and output of training state: the checkpoint file.
#pragma once

#include "mockbn/io/checkpoint.hpp"
