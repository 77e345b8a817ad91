// The report's models of the probed layer (docs/study.md, "The models"),
// read off each run's records (mockbn/research/model_readings.hpp):
//  - models.csv: per run and probed epoch (a sweep's: the last) at the verdict layer, the
//    class-selective-feature model (the share of features whose classes lie
//    far enough apart for two peaks, the median feature's separation over
//    its critical one, the predicted and measured peak sides, the total
//    variation between the two histograms), and for a fixed shape its output
//    predicted from its input (peak sides, total variation);
//  - conservation.csv: per run, transformed layer and epoch from 0, the
//    conservation law's two terms and their difference, for each variant
//    whose transformation scales its output by a parameter (at the folder's
//    --transform-lr-scale as κ);
//  - fig11_models (the median feature against its critical separation, and
//    the share of features past it, epoch by epoch) and fig12_conservation
//    (each term's change since the start, epoch by epoch), means over seeds;
//  - the report's table of the three models at the last epoch.
//
// Contract: only the registry's variants are read (a program's own variant
// has no policy known here) and only runs that did not diverge; a run whose
// checkpoint predates these records adds no row. Nothing here changes what a
// verdict reads.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <mockbn/research/model_readings.hpp>

#include "options.hpp"
#include "records.hpp"

namespace study {

// The two tables' columns, and one run's rows of each after `prefix` (a sweep's job number and comma): none for
// a run that diverged; the models' at every probed epoch, or at the last alone (a sweep's: reading the class
// model over every epoch of thousands of runs would take minutes).
inline constexpr const char* model_columns =
    "variant,seed,layer,epoch,share_crossing,median_crossing,predicted_sides,measured_sides,variation,"
    "shape_predicted_sides,shape_variation";
inline constexpr const char* law_columns = "variant,seed,layer,epoch,scale_term,weight_term,law";
void write_model_rows(std::ostream& f, const options& o, const run_result& r, const std::string& prefix,
                      bool every_epoch);
void write_law_rows(std::ostream& f, const options& o, const run_result& r, const std::string& prefix);

void write_model_tables(const std::filesystem::path& out, const options& o, const std::vector<run_result>& runs);

// A fixed shape's output predicted from its input at (layer, epoch), for a registry variant whose transformation
// is a fixed function; nothing otherwise.
std::optional<mockbn::research::predicted_shape> fixed_reading(const std::string& variant, const run_result& r,
                                                               std::size_t layer, std::size_t epoch);
// The conservation law's terms epoch by epoch at `layer` (κ = kappa), for a registry variant whose transformation
// scales its output by a parameter; nothing otherwise.
std::optional<std::vector<mockbn::research::law_point>> law_of(const std::string& variant, const run_result& r,
                                                               std::size_t layer, double kappa);
// The layer whose law the report shows: the verdict layer when it is transformed, else the deepest placed.
std::size_t law_layer(const options& o);

std::vector<std::string> write_model_figures(const std::filesystem::path& figures, const options& o,
                                             const std::vector<run_result>& runs);

void write_model_table(std::ostream& html, const options& o, const std::vector<run_result>& runs);

}  // namespace study
