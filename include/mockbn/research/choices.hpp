// mockbn/research/choices.hpp
//
// The choices a research run is configured by, as enumerations with one
// name each: the dataset, the weights' initialization, the activation, the
// optimizer's rule and its learning-rate schedule, the inputs' scale (and on_divergence,
// divergence.hpp); and the instrument's: which images the probe passes and
// how, which epoch's probe the verdicts read, and how a histogram is
// displayed to them. A choice is parsed once, from its name, where text
// enters (a command line, a stored file), and written back by the same name.
//
// Contract: name_of(choice) is the choice's name; choice_named<E>(text) is
// the choice so named, or nothing; choice_list<E>() lists the names, in the
// enumeration's order, comma-separated ("sgd, rmsprop, adam"). The
// initializations' names are the library's (layers/init.hpp,
// initialization_names(), in the same order).
#pragma once

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "mockbn/research/divergence.hpp"

namespace mockbn::research {

enum class dataset { mnist, fashion };
enum class initialization {
    he_normal,
    he_uniform,
    glorot_normal,
    glorot_uniform,
    lecun_normal,
    torch_default,
    tf_tutorial
};
enum class activation_kind { relu, selu };
enum class optimizer_rule { sgd, rmsprop, adam };
enum class rate_schedule { constant, step, cosine };
// The network's inputs: pixels in [0, 1], as stored (0 to 255), or standardized by the training images' mean
// and spread over every pixel.
enum class input_scale { unit, raw, standardized };
// The probe images: the first of the test set, of the training set, or of the validation images held out of it.
enum class probe_split { test, train, validation };
enum class probe_mode {
    inference,        // the running estimates; every probe image in one pass
    training_batches  // batches of the training batch's size, each normalized by its own statistics
};
// The last epoch's probe, the first's, every epoch's summed, or the probe within the first epoch (probe_plan).
enum class probe_moment { last, first, pooled, early };
enum class histogram_display { uniform, tensorboard };  // the fixed 0.1-wide bins, or TensorBoard's lens

// The names of each enumeration's values, in its order.
template <class E>
struct choice_names;
template <>
struct choice_names<dataset> {
    static constexpr std::string_view names[] = {"mnist", "fashion"};
};
template <>
struct choice_names<initialization> {
    static constexpr std::string_view names[] = {"he_normal",    "he_uniform",    "glorot_normal", "glorot_uniform",
                                                 "lecun_normal", "torch_default", "tf_tutorial"};
};
template <>
struct choice_names<activation_kind> {
    static constexpr std::string_view names[] = {"relu", "selu"};
};
template <>
struct choice_names<optimizer_rule> {
    static constexpr std::string_view names[] = {"sgd", "rmsprop", "adam"};
};
template <>
struct choice_names<rate_schedule> {
    static constexpr std::string_view names[] = {"constant", "step", "cosine"};
};
template <>
struct choice_names<input_scale> {
    static constexpr std::string_view names[] = {"unit", "raw", "standardized"};
};
template <>
struct choice_names<probe_split> {
    static constexpr std::string_view names[] = {"test", "train", "validation"};
};
template <>
struct choice_names<probe_mode> {
    static constexpr std::string_view names[] = {"inference", "training"};
};
template <>
struct choice_names<probe_moment> {
    static constexpr std::string_view names[] = {"last", "first", "pooled", "early"};
};
template <>
struct choice_names<histogram_display> {
    static constexpr std::string_view names[] = {"uniform", "tensorboard"};
};
template <>
struct choice_names<on_divergence> {
    static constexpr std::string_view names[] = {"stop", "rollback"};
};

template <class E>
concept named_choice = requires {
    choice_names<E>::names;
};

template <named_choice E>
constexpr std::string_view name_of(E choice) {
    return choice_names<E>::names[static_cast<std::size_t>(choice)];
}

template <named_choice E>
constexpr std::optional<E> choice_named(std::string_view text) {
    for (std::size_t i = 0; i < std::size(choice_names<E>::names); ++i)
        if (choice_names<E>::names[i] == text) return static_cast<E>(i);
    return std::nullopt;
}

template <named_choice E>
std::string choice_list() {
    std::string list;
    for (const auto name : choice_names<E>::names) list.append(list.empty() ? "" : ", ").append(name);
    return list;
}

}  // namespace mockbn::research
