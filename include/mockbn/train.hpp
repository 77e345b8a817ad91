// mockbn/train.hpp
//
// Training: fit (shuffled mini-batches, one optimizer step each) and evaluate.
#pragma once

#include "mockbn/train/fit.hpp"
