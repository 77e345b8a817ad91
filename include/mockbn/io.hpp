// mockbn/io.hpp
//
// Input and output of training state: the checkpoint file, atomic file
// writes, and save_state / load_state for networks and optimizers.
#pragma once

#include "mockbn/io/atomic_file.hpp"
#include "mockbn/io/checkpoint.hpp"
#include "mockbn/io/state.hpp"
