// mockbn/data.hpp
//
// Data: the in-memory dataset and the IDX readers (raw or gzip) for MNIST
// and Fashion-MNIST.
#pragma once

#include "mockbn/data/dataset.hpp"
#include "mockbn/data/idx.hpp"
