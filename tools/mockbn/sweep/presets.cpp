#include "presets.hpp"

#include <array>
#include <utility>

namespace sweep {

namespace {

// Each preset as docs/findings.md (findings) and docs/sweep.md (tf2016, each value's source) show it.
const std::array<std::pair<std::string_view, std::string_view>, 2> presets = {{
    {"findings", R"({
  "dataset": "mnist",
  "variants": "all",
  "optimizer": ["sgd", "adam"],
  "learning_rate": [0.001, 0.01],
  "init": ["he_normal", "glorot_uniform"],
  "transform_lr_scale": [1, 10],
  "shared": [false, true],
  "seeds": 2,
  "epochs": 15
}
)"},
    {"tf2016", R"({
  "dataset": "mnist",
  "variants": ["plain", "bn_tf", "sqrt_fixed", "log_fixed", "sigmoid_log", "mystery", "log_shift", "sqrt_shift"],
  "ledger_bn": "bn_tf",
  "depth": [4, 5],
  "init": "tf_tutorial",
  "optimizer": "adam",
  "learning_rate": 0.0001,
  "batch": 50,
  "epochs": 17,
  "probe_mode": ["inference", "training"],
  "display": ["uniform", "tensorboard"],
  "seeds": 5
}
)"},
}};

}  // namespace

std::optional<std::string> preset_text(std::string_view name) {
    for (const auto& [preset, text] : presets)
        if (preset == name) return std::string(text);
    return std::nullopt;
}

std::vector<std::string> preset_names() {
    std::vector<std::string> names;
    for (const auto& [preset, text] : presets) names.emplace_back(preset);
    return names;
}

}  // namespace sweep
