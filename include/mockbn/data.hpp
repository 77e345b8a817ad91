// mockbn/data.hpp
//
// Data: the in-memory dataset, the IDX readers (raw or gzip) for MNIST
// and Fashion-MNIST, and a stratified validation split.
#pragma once

#include "mockbn/data/dataset.hpp"
#include "mockbn/data/holdout.hpp"
#include "mockbn/data/idx.hpp"
