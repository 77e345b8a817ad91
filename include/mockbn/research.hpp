// mockbn/research.hpp
//
// The research layer: what a study of a network records and keeps across
// interruptions (records, the divergence policy and its record). Above
// every other layer and outside mockbn/mockbn.hpp: a program that trains
// without recording pays nothing for it.
#pragma once

#include "mockbn/research/divergence.hpp"
#include "mockbn/research/records.hpp"
