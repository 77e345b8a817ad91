// mockbn/layers/transform.hpp
//
// transform<P, G = per_feature>: the layer that applies transformation policy
// P (concepts/transformation.hpp) elementwise, with its parameters one per
// feature (per_feature) or one per layer (shared).
//
// Contract (beyond concepts/layer.hpp):
//  - Parameters, in the layer's slice: one block per entry of P::params, in
//    that order, each of `width` values (per_feature) or one (shared),
//    starting at the entry's initial value.
//  - forward runs P::apply once per element in one fused pass; backward runs
//    it once more on duals with unit derivatives, which yields d y/d x and d y/d p for every
//    parameter in the same pass: no derivative is written by hand.
//  - Without statistics, in a stack between dense layers, forward runs inside
//    the product before it, and backward (parameters per feature) inside the
//    product after it (layers/fusion.hpp), with the same numbers.
//  - With batch statistics (P::statistics): in training mode the batch's
//    per-feature mean and biased variance are materialized first, the running
//    estimates updated, and the gradient flows through the statistics too
//    (d x += d mean / n + d variance · 2 (x − mean) / n). In inference mode
//    the running estimates are constants. Backward follows the mode of the
//    forward pass before it. Training needs at least two rows.
//  - With row statistics: in both modes each row's mean and biased variance
//    over its features are materialized first, and the gradient flows through
//    them (d x += d mean / cols + d variance · 2 (x − mean) / cols); a batch
//    of one works, and nothing is kept between batches. Their buffers grow to
//    the largest batch seen and never shrink.
//  - A policy that is not a transformation gets one compile-time error, its
//    message naming the defect (transformation_defect_of<P>): P::params not
//    of mockbn::parameter, no formula, apply taking the wrong number of
//    arguments (apply_arity_mismatch names how many it needs and takes), or
//    a formula that computes on plain numbers (a call qualified with std::).
//    The layer then compiles the identity in its place, so that no error
//    follows the message.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mockbn/concepts/layer.hpp"
#include "mockbn/concepts/transformation.hpp"
#include "mockbn/core/column_statistics.hpp"
#include "mockbn/core/dual.hpp"
#include "mockbn/core/fused.hpp"
#include "mockbn/core/indices.hpp"
#include "mockbn/core/row_statistics.hpp"

namespace mockbn {

// ---- compile-time diagnostics: their template arguments are the message ------

template <std::size_t Arguments>
struct apply_needs {};
template <std::size_t Arguments>
struct apply_takes {};

template <class P, class Needs, class Takes>
struct apply_arity_mismatch;
template <class P, std::size_t Needed, std::size_t Taken>
struct apply_arity_mismatch<P, apply_needs<Needed>, apply_takes<Taken>> {
    static_assert(Needed == Taken,
                  "mockbn::transform<P>: P::apply has the wrong number of arguments for P::params (P, how many "
                  "it needs and how many it takes are named above): it takes x, then (with P::statistics) the "
                  "mean and the variance, then one argument per entry of P::params, in order");
    static constexpr bool ok = true;  // the assertion above is the message
};

template <class P, class G = per_feature>
struct transform {
    static_assert(granularity<G>, "mockbn::transform<P, G>: G must be mockbn::per_feature or mockbn::shared");

    // One message for what is wrong with P, and nothing after it: the layer
    // below compiles without P's formula (and parameters) when they are wrong.
    static constexpr transformation_defect defect = transformation_defect_of<P>;
    static_assert(defect != transformation_defect::invalid_parameters,
                  "mockbn::transform<P>: P::params must be an array of mockbn::parameter, for example "
                  "static constexpr mockbn::parameter params[] = {{\"a\", 1.0}, {\"b\", 0.0}};");
    static_assert(defect != transformation_defect::no_formula,
                  "mockbn::transform<P>: P has no formula: give it static auto apply(const auto& x, ...) "
                  "taking x, then (with batch or row statistics) the mean and variance, then one argument per "
                  "entry of P::params, in order");
    static constexpr bool apply_arity_agrees = [] {
        if constexpr (defect == transformation_defect::wrong_arity)
            return apply_arity_mismatch<P, apply_needs<formula_arity<P>>,
                                        apply_takes<detail::arguments_apply_takes<P>()>>::ok;
        else return true;
    }();
    static_assert(apply_arity_agrees);
    static_assert(defect != transformation_defect::plain_numbers,
                  "mockbn::transform<P>: P::apply computes on plain numbers, not on the library's dual numbers: "
                  "a call qualified with std:: (std::exp(x), std::abs(x), ...) cannot take a dual number; call "
                  "exp(x), abs(x), ... unqualified, which finds the library's functions for dual numbers");
    static_assert(defect != transformation_defect::none || transformation<P>,
                  "mockbn::transform<P>: P::apply cannot be called on the library's dual numbers (the error above "
                  "says where): a call qualified with std:: inside another call, such as exp(std::abs(x)), or a "
                  "function the library does not define for dual numbers");

    static constexpr std::size_t input_width = inferred_width;
    static constexpr std::size_t output_width(std::size_t in) { return in; }

    template <floating_scalar T>
    class layer {
        static constexpr std::size_t parameter_kinds = has_valid_parameters<P> ? mockbn::parameter_count<P> : 0;
        static constexpr bool uses_batch_statistics = mockbn::has_batch_statistics<P>;
        static constexpr bool uses_row_statistics = mockbn::has_row_statistics<P>;
        static constexpr bool uses_statistics = uses_batch_statistics || uses_row_statistics;
        static constexpr bool shared_parameters = std::same_as<G, shared>;

    public:
        using policy = P;

        explicit layer(std::size_t width) : width_(width) {
            if constexpr (uses_batch_statistics) {
                running_mean_.assign(width, T(0));
                running_variance_.assign(width, T(1));
                for (auto* statistic : {&measured_mean_, &measured_variance_, &d_mean_, &d_variance_})
                    statistic->assign(width, T(0));
            }
        }

        // Values per parameter: the width, or 1 when shared.
        std::size_t parameter_width() const noexcept { return shared_parameters ? 1 : width_; }
        std::size_t parameter_count() const noexcept { return parameter_kinds * parameter_width(); }

        static constexpr std::array<std::string_view, parameter_kinds> parameter_names() {
            std::array<std::string_view, parameter_kinds> names{};
            if constexpr (parameter_kinds > 0)
                for (std::size_t k = 0; k < parameter_kinds; ++k) names[k] = P::params[k].name;
            return names;
        }

        void initialize(std::span<T> parameters, random::generator&) const {
            if constexpr (parameter_kinds > 0)
                for (std::size_t k = 0; k < parameter_kinds; ++k)
                    std::fill_n(parameters.begin() + static_cast<std::ptrdiff_t>(k * parameter_width()),
                                parameter_width(), static_cast<T>(P::params[k].initial));
        }

        template <mode_tag M>
        void forward(const T* parameters, matrix_view<const T> in, matrix_view<T> out, M) {
            if constexpr (uses_statistics) {
                statistics_measured_ = M::is_training || uses_row_statistics;
                if (statistics_measured_) measure(in);
            }
            with_inputs<false, false>(in, parameters, nullptr, nullptr, [&](const auto&... inputs) {
                ad::fused::forward(formula, in.rows, in.cols, out.data, inputs...);
            });
        }

        // Without statistics, this layer inside the dense layers' products (layers/fusion.hpp):
        // forward on each batch of the product before it, its parameters loaded once per column batch.
        auto forward_stage(const T* parameters) const requires(!uses_statistics) {
            constexpr auto spread = shared_parameters ? ad::fused::layout::scalar : ad::fused::layout::per_feature;
            return with_indices<parameter_kinds>([&]<std::size_t... K>(std::index_sequence<K...>) {
                return ad::fused::as_forward_stage<T>(
                    formula, ad::fused::operand<T, spread, false>{parameters + K * parameter_width()}...);
            });
        }

        // And backward on each batch of the dx product after it, when per feature (a shared
        // parameter sums its gradient in another order). It clears the parameters' gradients,
        // which the stage then gathers row by row.
        auto backward_stage(const T* parameters, T* gradients, matrix_view<const T> in) const
            requires(!uses_statistics && !shared_parameters) {
            std::fill_n(gradients, parameter_count(), T(0));
            return with_indices<parameter_kinds>([&]<std::size_t... K>(std::index_sequence<K...>) {
                return ad::fused::as_backward_stage<T>(
                    formula, in.data, in.cols,
                    ad::fused::operand<T, ad::fused::layout::per_feature, true>{parameters + K * parameter_width(),
                                                                                gradients + K * parameter_width()}...);
            });
        }

        void backward(const T* parameters, T* gradients, matrix_view<const T> in, matrix_view<const T>,
                      matrix_view<const T> d_out, T* d_in) {
            std::fill_n(gradients, parameter_count(), T(0));
            if (d_in) run_backward<true>(parameters, gradients, in, d_out, d_in);
            else run_backward<false>(parameters, gradients, in, d_out, d_in);
        }

        std::string describe() const {
            std::string text = "transform<";  // appended: GCC 12 warns falsely on a chain of + here
            text.append(transformation_name<P>()).append(">");
            if constexpr (parameter_kinds > 0) text += shared_parameters ? " (shared)" : " (per feature)";
            return text;
        }

        // What element i of the layer's slice is: "parameter a, feature 3" (or "parameter a" when shared).
        std::string describe_element(std::size_t i) const {
            std::string text = "parameter " + std::string(parameter_names()[i / parameter_width()]);
            return shared_parameters ? text : text + ", feature " + std::to_string(i % parameter_width());
        }

        // Running estimates of the mean and variance (batch statistics only).
        std::span<const T> running_mean() const noexcept requires uses_batch_statistics { return running_mean_; }
        std::span<const T> running_variance() const noexcept requires uses_batch_statistics {
            return running_variance_;
        }
        std::span<T> running_mean() noexcept requires uses_batch_statistics { return running_mean_; }
        std::span<T> running_variance() noexcept requires uses_batch_statistics { return running_variance_; }

        // The persistence hook (concepts/state.hpp): the running estimates (batch statistics only).
        template <class Self, class Fields>
        requires uses_batch_statistics static void state_fields(Self& self, Fields& fields) {
            fields.values("running_mean", std::span(self.running_mean_));
            fields.values("running_variance", std::span(self.running_variance_));
        }

    private:
        // P's formula; after a message above, the identity, so that nothing more is reported. When P
        // splits it, the stages inside the products evaluate prepare once per column batch (core/fused.hpp).
        struct formula_of_p {
            auto operator()(const auto& x, const auto&... rest) const {
                if constexpr (transformation<P>) return P::apply(x, rest...);
                else return x;
            }
            auto prepare(const auto&... p) const requires splits_formula<P> { return P::prepare(p...); }
            auto shape(const auto& x, const auto&... terms) const requires splits_formula<P> {
                return P::shape(x, terms...);
            }
        };
        static constexpr formula_of_p formula{};

        // The statistics the formula reads, from the input: per row, or per
        // feature with the running estimates moved.
        void measure(matrix_view<const T> in) {
            if constexpr (uses_row_statistics) {
                if (measured_mean_.size() < in.rows)  // grow only: later, smaller batches allocate nothing
                    for (auto* statistic : {&measured_mean_, &measured_variance_, &d_mean_, &d_variance_})
                        statistic->resize(in.rows);
                kernels::row_moments(in.data, in.rows, in.cols, measured_mean_.data(), measured_variance_.data());
            } else {
                measure_batch(in);
            }
        }

        void measure_batch(matrix_view<const T> in) {
            if (in.rows < 2)
                throw std::invalid_argument("mockbn::transform<" + std::string(transformation_name<P>()) +
                                            ">: training mode needs at least 2 rows for batch statistics, got " +
                                            std::to_string(in.rows) + "; use inference mode for a single sample");
            kernels::column_moments(in.data, in.rows, in.cols, measured_mean_.data(), measured_variance_.data());
            const T m = static_cast<T>(P::statistics.momentum);
            const T unbiased = static_cast<T>(in.rows) / static_cast<T>(in.rows - 1);
            for (std::size_t c = 0; c < width_; ++c) {
                running_mean_[c] = (T(1) - m) * running_mean_[c] + m * measured_mean_[c];
                running_variance_[c] = (T(1) - m) * running_variance_[c] + m * measured_variance_[c] * unbiased;
            }
        }

        template <bool WantInput>
        void run_backward(const T* parameters, T* gradients, matrix_view<const T> in, matrix_view<const T> d_out,
                          T* d_in) {
            if constexpr (uses_statistics) {
                if (statistics_measured_ && WantInput) {
                    const std::size_t statistics = uses_row_statistics ? in.rows : width_;
                    std::fill_n(d_mean_.begin(), statistics, T(0));
                    std::fill_n(d_variance_.begin(), statistics, T(0));
                    with_inputs<true, true>(in, parameters, gradients, d_in, [&](const auto&... inputs) {
                        ad::fused::backward<ad::fused::write::assign>(formula, in.rows, in.cols, d_out.data, inputs...);
                    });
                    add_statistics_gradient(in, d_in);
                    return;
                }
            }
            with_inputs<WantInput, false>(in, parameters, gradients, d_in, [&](const auto&... inputs) {
                ad::fused::backward<ad::fused::write::assign>(formula, in.rows, in.cols, d_out.data, inputs...);
            });
        }

        // The paths through the measured statistics, added to d_in.
        void add_statistics_gradient(matrix_view<const T> in, T* d_in) const {
            if constexpr (uses_row_statistics)
                kernels::add_row_moments_gradient(in.data, in.rows, in.cols, measured_mean_.data(), d_mean_.data(),
                                                  d_variance_.data(), d_in);
            else
                kernels::add_column_moments_gradient(in.data, in.rows, in.cols, measured_mean_.data(), d_mean_.data(),
                                                     d_variance_.data(), d_in);
        }

        // Calls use(x, [mean, variance,] p_0, p_1, ...) as fused inputs. Parameter
        // gradients are wanted whenever gradients is not null.
        template <bool WantInput, bool WantStatistics, class Use>
        void with_inputs(matrix_view<const T> in, const T* parameters, T* gradients, T* d_in, Use&& use) {
            using ad::fused::layout;
            constexpr layout parameter_layout = shared_parameters ? layout::scalar : layout::per_feature;
            const ad::fused::operand<T, layout::full, WantInput> x{in.data, d_in};
            auto with_parameters = [&](const auto&... leading) {
                with_indices<parameter_kinds>([&]<std::size_t... K>(std::index_sequence<K...>) {
                    if (gradients)
                        use(leading..., ad::fused::operand<T, parameter_layout, true>{
                                            parameters + K * parameter_width(), gradients + K * parameter_width()}...);
                    else
                        use(leading...,
                            ad::fused::operand<T, parameter_layout, false>{parameters + K * parameter_width()}...);
                });
            };
            if constexpr (uses_statistics) {
                constexpr layout statistics_layout = uses_row_statistics ? layout::per_row : layout::per_feature;
                const T* mean = statistics_measured_ ? measured_mean_.data() : running_mean_.data();
                const T* variance = statistics_measured_ ? measured_variance_.data() : running_variance_.data();
                with_parameters(x, ad::fused::operand<T, statistics_layout, WantStatistics>{mean, d_mean_.data()},
                                ad::fused::operand<T, statistics_layout, WantStatistics>{variance, d_variance_.data()});
            } else {
                with_parameters(x);
            }
        }

        std::size_t width_;
        bool statistics_measured_ = false;  // by the last forward pass, not the running estimates
        // Statistics only, from here on: the running estimates (batch statistics), and the
        // statistics measured by the last forward pass with their gradients (per feature or per row).
        std::vector<T> running_mean_, running_variance_;
        std::vector<T> measured_mean_, measured_variance_;
        std::vector<T> d_mean_, d_variance_;
    };
};

}  // namespace mockbn
