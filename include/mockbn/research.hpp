// mockbn/research.hpp
//
// The research layer: what a run of any network records (probes of its
// hidden layers before and after their transformations, per epoch), the
// resumable run that keeps its records and its divergence policy across
// interruptions, the choices and the catalog of variants a study runs, and
// the claims of the original study judged over stored records. Above every
// other layer and outside mockbn/mockbn.hpp: a program that trains without
// recording pays nothing for it.
#pragma once

#include "mockbn/research/catalog.hpp"
#include "mockbn/research/choices.hpp"
#include "mockbn/research/claims.hpp"
#include "mockbn/research/divergence.hpp"
#include "mockbn/research/executor.hpp"
#include "mockbn/research/hidden_layers.hpp"
#include "mockbn/research/model.hpp"
#include "mockbn/research/original_claims.hpp"
#include "mockbn/research/peaks.hpp"
#include "mockbn/research/recorder.hpp"
#include "mockbn/research/records.hpp"
#include "mockbn/research/run.hpp"
#include "mockbn/research/run_result.hpp"
#include "mockbn/research/stages.hpp"
#include "mockbn/research/summary.hpp"
