// The study's options: what --help lists, their defaults, and their checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace study {

inline const std::vector<std::string> all_variants = {"plain",       "bn",           "sqrt_fixed",
                                                      "log_fixed",   "sigmoid_log",  "affine_fixed",
                                                      "mystery",     "log_shift",    "sqrt_shift"};

struct options {
    std::string dataset = "mnist";
    std::string data_dir;  // default: data/<dataset>
    std::vector<std::string> variants = all_variants;
    std::vector<std::size_t> placement = {3, 4};
    std::size_t width = 100;
    std::size_t depth = 5;
    bool shared = false;
    std::string optimizer = "sgd";
    double learning_rate = 0.02;
    double momentum = 0.9;
    std::size_t batch = 64;
    std::size_t epochs = 20;
    std::vector<std::uint64_t> seeds = {1, 2, 3, 4, 5};
    std::size_t probe_layer = 4;
    std::size_t probe_images = 1000;
    std::string out;  // default: results/<dataset>[-quick]
    std::size_t threads = 2;
    bool quick = false;
    std::string on_divergence = "stop";  // or "rollback": the last checkpoint, a tenth of the rate, at most 3 times
    bool force = false;   // replace the results of a previous run in `out`
    bool resume = false;  // continue the run whose results are in `out`
    std::size_t train_limit = 0;  // 0: every training image (quick: 12,000)
    std::size_t test_limit = 0;   // 0: every test image (quick: 2,000)
};

// The options as JSON, and back (options.json in the results folder, read by --resume).
std::string to_json(const options& o);
options from_json(const std::string& text);

// Parses the command line. On a bad option or value it prints one line and
// exits with status 2; --help prints the list and exits with 0.
options parse(int argc, char** argv);

}  // namespace study
