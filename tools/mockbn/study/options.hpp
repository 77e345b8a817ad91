// The study's options: their defaults, the one validation that both the
// command line and a results folder's plan.json pass through, their JSON
// form, and which of them determine a run's numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <mockbn/research/choices.hpp>
#include <mockbn/research/model.hpp>

#include "variants.hpp"

namespace study {

// probe_layer's value for --probe-layer all: every hidden layer is recorded (probes.hpp).
inline constexpr std::size_t every_hidden_layer = 0;

struct options {
    mockbn::research::dataset dataset = mockbn::research::dataset::mnist;
    std::string data_dir;  // absolute once parsed; default: $MOCKBN_DATA_DIR/<dataset> or data/<dataset>
    std::vector<std::string> variants = all_variants();  // the catalog's, in its order (variants.hpp)
    std::vector<std::size_t> placement = {3, 4};
    std::size_t width = 100;
    std::size_t depth = 5;
    bool shared = false;
    mockbn::research::initialization init =
        mockbn::research::initialization::he_normal;  // selu's default: lecun_normal
    mockbn::research::input_scale input_scale = mockbn::research::input_scale::unit;
    // The transformations' own initial values where given (--initial a=2,c=-1), one per name, sorted by name.
    std::vector<mockbn::research::initial_value> initial = {};
    mockbn::research::activation_kind activation = mockbn::research::activation_kind::relu;
    mockbn::research::optimizer_rule optimizer = mockbn::research::optimizer_rule::sgd;
    double learning_rate = 0.02;
    double momentum = 0.9;
    double weight_decay = 0;        // L2, added to every gradient
    double transform_lr_scale = 1;  // the transformations' parameters learn at this times the rate
    // constant, step (× decay_factor every decay_every epochs) or cosine (to 0)
    mockbn::research::rate_schedule schedule = mockbn::research::rate_schedule::constant;
    std::size_t decay_every = 10;
    double decay_factor = 0.1;
    std::size_t batch = 64;
    std::size_t epochs = 20;
    std::vector<std::uint64_t> seeds = {1, 2, 3, 4, 5};
    std::size_t probe_layer = 4;  // a hidden layer, from 1, or every_hidden_layer
    std::size_t probe_images = 1000;
    // The instrument (docs/study.md, "The instrument"): which images the probe passes and how, which epoch's
    // probe the verdicts read, and the histogram's display.
    mockbn::research::probe_split probe_split = mockbn::research::probe_split::test;
    mockbn::research::probe_mode probe_mode = mockbn::research::probe_mode::inference;
    mockbn::research::probe_moment probe_moment = mockbn::research::probe_moment::last;
    std::size_t probe_early = 0;  // also probe after this many steps of the first epoch, as epoch 0; 0: not
    mockbn::research::histogram_display display = mockbn::research::histogram_display::uniform;
    // The variant the ledger's claims read as batch normalization: bn, or bn_tf (TensorFlow 0.11-0.12's).
    std::string ledger_bn = "bn";
    std::string out;  // default: results/<dataset>[-quick]
    std::size_t threads = 2;
    bool quick = false;
    // or roll_back: the last checkpoint, a tenth of the rate, at most 3 times
    mockbn::research::on_divergence on_divergence = mockbn::research::on_divergence::stop;
    std::size_t train_limit = 0;  // 0: every training image (quick: 12,000)
    std::size_t test_limit = 0;   // 0: every test image (quick: 2,000)
    // The share of the training images held out for validation (validation_images), stratified by label and
    // drawn from validation_seed: the curves and every selection read them; the test set is evaluated at the
    // last epoch only, unless test_every_epoch.
    double validation = 0.1;  // 0: none
    std::uint64_t validation_seed = 1;
    bool test_every_epoch = false;

    // How this invocation treats the folder; never stored.
    bool force = false;                // replace the results of a previous run in `out`
    bool resume = false;               // continue the run whose results are in `out`
    bool allow_kernel_change = false;  // continue runs saved under another BLAS kernel
};

// The training images o uses (--train-limit's, or all 60,000), and how many of them are held out for
// validation: o.validation of them, rounded.
std::size_t training_images(const options& o);
std::size_t validation_images(const options& o);

// One option's problem: `field` is its key in plan.json ("learning_rate"),
// or "" for a problem with the file as a whole.
class option_error : public std::runtime_error {
public:
    option_error(std::string field, const std::string& problem)
        : std::runtime_error(field.empty() ? problem : field + ": " + problem),
          field_(std::move(field)),
          problem_(problem) {}
    const std::string& field() const noexcept { return field_; }
    const std::string& problem() const noexcept { return problem_; }

private:
    std::string field_, problem_;
};

// `text` safe to print in a message: control characters as \xNN.
std::string printable(std::string_view text);

// The choice named `text`, or option_error naming `field` and listing the names there are.
template <mockbn::research::named_choice E>
E parse_choice(const std::string& field, const std::string& text) {
    if (const auto choice = mockbn::research::choice_named<E>(text)) return *choice;
    throw option_error(field, "'" + printable(text) + "' is not one of " + mockbn::research::choice_list<E>());
}

// The command-line spelling of an option key ("learning_rate" → "--lr").
std::string flag_of(const std::string& field);

// --probe-layer's value from its text: a hidden layer's number (from 1) or
// "all" (every_hidden_layer); option_error naming probe_layer otherwise. And
// back: "all" or the number.
std::size_t probe_layer_of(const std::string& text);
std::string probe_layer_text(std::size_t probe_layer);

// --initial's values from their text, "name=value" separated by commas (empty: none), sorted by name;
// option_error naming initial for a piece that is not a name and a number, or a name given twice. And back.
std::vector<mockbn::research::initial_value> initial_values_of(const std::string& text);
std::string initial_text(const std::vector<mockbn::research::initial_value>& values);

// One spelling for options that mean the same: placement sorted, a momentum
// of -0 as 0. Both the command line and from_json apply it.
void normalize(options& o);

// Every rule an option must meet, whatever its source: ranges, known names,
// no duplicates in a list, placement and probe layer within the depth.
// Throws option_error for the first option that breaks one.
void check(const options& o);

// The JSON form a study's plan.json holds (its header aside): every stored option, and back. from_json accepts exactly
// the keys to_json writes, each once and of its type, and throws option_error naming the first key that is missing,
// repeated, unknown or of the wrong type (or no key, for text that is not one JSON object).
std::string to_json(const options& o);
options from_json(const std::string& text);

// `text` as one JSON object, each of whose keys it holds once; throws
// option_error naming the key given twice, or no key for text that is not
// one JSON object. from_json reads through it, and so does a sweep file.
nlohmann::json parse_object(const std::string& text);

// The options a configuration's numbers depend on, as (option key, value)
// in a fixed order: the momentum only under SGD, the decay's period and
// factor only under the step schedule. job_settings() holds what one job's
// numbers depend on, which enters its checkpoint's identity: for a variant
// without learnable parameters of its own, neither the sharing nor the
// transformations' rate scale, and of the initial values only those of the
// variant's own parameters (`parameters`: their names; nullptr for a
// variant the catalog lacks, taken to have all); never the display or the
// ledger's batch normalization, which change only how the records are read. folder_settings adds the variants and seeds
// (as sets: their order does not matter), which decide what the folder's
// report holds.
using settings = std::vector<std::pair<std::string, std::string>>;
settings every_setting(const options& o);  // every option that can decide numbers, used by `o` or not
settings run_settings(const options& o);
settings job_settings(const options& o, const std::vector<std::string>* parameters);
settings folder_settings(const options& o);

}  // namespace study
