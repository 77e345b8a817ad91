// mockbn/train.hpp
//
// Training: fit (shuffled mini-batches, one optimizer step each) and
// evaluate; the callbacks fit calls (early stopping, the best checkpoint, a
// budget, a progress line); and the learning-rate range test.
#pragma once

#include "mockbn/train/callback.hpp"
#include "mockbn/train/callbacks.hpp"
#include "mockbn/train/fit.hpp"
#include "mockbn/train/range_test.hpp"
