#include "presets.hpp"

#include <array>
#include <utility>

namespace sweep {

namespace {

// Each preset as docs/findings.md shows it.
const std::array<std::pair<std::string_view, std::string_view>, 1> presets = {{
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
