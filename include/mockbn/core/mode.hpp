// mockbn/core/mode.hpp
//
// The two modes of a network, as explicit tags: training (batch statistics,
// running estimates updated) and inference (running estimates used). A layer
// never guesses its mode from the batch size.
#pragma once

#include <concepts>

namespace mockbn {

struct training_mode {
    static constexpr bool is_training = true;
};
struct inference_mode {
    static constexpr bool is_training = false;
};

inline constexpr training_mode training{};
inline constexpr inference_mode inference{};

template <class M>
concept mode_tag = std::same_as<M, training_mode> || std::same_as<M, inference_mode>;

}  // namespace mockbn
