// mockbn/research/original_ledger.hpp
//
// The reproduction ledger of the original study (S. Bai, "Senior thesis
// III", Carnegie Mellon University, 2016): the fidelity table of its set-up
// and every testable sentence of its text, each with its operationalizations,
// premises, assumptions and rule (ledger.hpp; the rules are
// original_rules.hpp's and original_comparisons.hpp's).
//
// Contract: original_setup() lists the fidelity table's rows;
// original_ledger() lists the claims in the order the text makes them, each
// resting only on assumptions original_setup() lists and reading only
// thresholds declared_ranges() names. Their words and operationalizations
// were fixed before the runs they judge, and docs/findings.md renders them.
#pragma once

#include <string>
#include <vector>

#include "mockbn/research/ledger.hpp"
#include "mockbn/research/original_comparisons.hpp"
#include "mockbn/research/original_rules.hpp"

namespace mockbn::research {

inline const std::vector<assumption>& original_setup() {
    static const std::vector<assumption> rows = {
        {"network", "The network", "a \"5-layer\" ReLU network, batch normalization on layers 3 and 4",
         "five hidden dense layers and ReLUs, then a dense output; the transformation on hidden layers 3 and 4",
         basis::inferred, "the text's \"layer 4\"; whether the five layers count the output layer is not said"},
        {"layer", "Which layer is \"layer 4\"", "the fourth layer's pre-ReLU input",
         "hidden layer 4, after its transformation, before its ReLU", basis::inferred,
         "\"Layer 4, pre-ReLU, right after mock BN is applied\""},
        {"width", "Width", "not given", "100 features per hidden layer", basis::guessed, "none"},
        {"data", "Data and scaling", "not given; accuracies near 0.98 suggest MNIST", "MNIST, pixels scaled to [0, 1]",
         basis::guessed, "the accuracies quoted"},
        {"optimizer", "Optimizer", "TensorFlow; \"SGD, RMSProp, Adam, etc.\" named, the one used not said",
         "SGD at 0.02 with momentum 0.9 (the sweep adds Adam, other rates)", basis::guessed,
         "\"can be updated via backpropagation (SGD, RMSProp, Adam, etc.)\""},
        {"init", "Initialization", "not given", "He-normal weights, zero biases (the sweep adds Glorot-uniform)",
         basis::guessed, "none"},
        {"batch", "Batch size", "not given", "64", basis::guessed, "none"},
        {"length", "Training length", "not given", "20 epochs (15 in the sweep)", basis::guessed, "none"},
        {"batch_norm", "Batch normalization", "TensorFlow's of late 2016, its defaults not given",
         "learned scale and shift per feature, ε = 1e-5, running estimates with momentum 0.1", basis::guessed,
         "the text's formula (with sqrt(σ) for the deviation)"},
        {"learnable_forms", "The learnable transformations' formulas",
         "a log-shift with parameters a, b, c and a sqrt-shift with a, b, both behind an exponential mask; the "
         "formulas are images not kept in the text",
         "log_shift a·s·log(1 + e^c·|x − b|), sqrt_shift e^a·s·(sqrt(|x − b| + 1/4) − 1/2), s the sign of x − b",
         basis::guessed, "the text's description: base functions, the mask, exp around a for the sqrt-shift"},
        {"learnable_init", "The learnable transformations' initial values", "not given",
         "the base function: a = 1, b = 0, c = 0 (log_shift); a = 0, b = 0 (sqrt_shift)", basis::guessed, "none"},
        {"granularity", "One parameter per feature or per layer", "not given",
         "one per feature (the sweep adds one per layer)", basis::guessed, "none"},
        {"probe", "Probe images and mode",
         "histograms of a tensor of the training graph (TensorBoard), so most likely training batches "
         "normalized by their own statistics",
         "the first 1,000 test images in inference mode (running estimates)", basis::inferred,
         "the figures' form: TensorBoard's histogram panels"},
        {"moment", "When the histograms were taken", "not said", "the last epoch", basis::guessed, "none"},
        {"display", "How the histograms were drawn",
         "TensorBoard: exponential buckets, re-binned for display and drawn as overlapping ridges",
         "0.1-wide bins on [−12, 12), smoothed over 2 bins to find the two main modes", basis::inferred,
         "the figures' form"},
        {"runs", "Runs per variant", "one curve per variant shown", "5 seeds (the study), 2 (the sweep)",
         basis::inferred, "the accuracy figure: one curve each"},
        {"accuracy", "Which accuracy", "test accuracy", "final test accuracy on the 10,000 test images", basis::stated,
         "\"the performance comparison, on the testing set\""},
    };
    return rows;
}

inline std::vector<claim> original_ledger() {
    const std::vector<std::string> shape = {"smoothing", "prominence", "share", "shape_separation"};
    auto with = [](std::vector<std::string> names, std::vector<std::string> more) {
        names.insert(names.end(), more.begin(), more.end());
        return names;
    };
    auto not_testable = [](std::string why) {
        return [why](const evidence&, const thresholds&) {
            finding f;
            f.strict = f.weak = {verdict::not_testable, why};
            return f;
        };
    };
    return {
        {"1",
         "\"we observed a (higher) peak on the negative side and another (lower) peak on the positive side\" (of "
         "batch normalization's layer-4 input)",
         "opening paragraph, recalling the previous part's observation",
         "in at least two thirds of the bn runs, the two main modes of the final histogram after batch "
         "normalization lie on opposite sides of zero, the negative one higher",
         "the same with either side higher (two peaks across zero)",
         "a bn run finished",
         "each bn run's last stage record after the transformation at the probed layer",
         {"network", "layer", "probe", "moment", "display", "batch_norm"},
         shape,
         original::bn_two_peaks},
        {"2a",
         "\"The bimodal shape is observed … Here we have a larger and higher peak on the positive side\" (after "
         "the fixed transformations, at layer 4)",
         "fixed transformations, after the distribution plots",
         "for most fixed shapes, in at least two thirds of their runs, two main modes across zero, the positive "
         "one higher",
         "for most fixed shapes, two main modes across zero, either higher",
         "a run of a fixed shaping transformation finished",
         "each fixed shape's runs' last stage record after the transformation",
         {"network", "layer", "probe", "moment", "display"},
         shape,
         original::fixed_two_peaks},
        {"2b",
         "\"the performance of the network is at about the same level as usual NN … for which no "
         "batch-normalization is used\"",
         "fixed transformations, the performance paragraph",
         "for most fixed shapes, the paired accuracy difference to plain is equivalent to zero within the "
         "margin (two one-sided tests at 5 %)",
         "for most fixed shapes, the accuracy is not above plain's by the margin (the interval's upper end "
         "below it)",
         "plain and a fixed shape finished under two or more common seeds",
         "final test accuracies",
         {"optimizer", "init", "length", "accuracy"},
         {"accuracy_margin"},
         original::fixed_accuracy,
         {"plain"},
         true},
        {"2c",
         "\"the training set convergence is also slowered when we replaced BN with mock-BN\"",
         "fixed transformations, the second problem listed",
         "for most fixed shapes, the training loss averaged over the epochs is above bn's, the paired interval "
         "above zero",
         "for most fixed shapes, that difference's mean above zero",
         "bn and a fixed shape finished under two or more common seeds",
         "training losses of every epoch",
         {"optimizer", "init", "length", "batch_norm"},
         {"loss_margin"},
         original::fixed_slower,
         {"bn"},
         true},
        {"3a",
         "\"we've got some improvements based on normal NN. However, the log-shift still performs a bit worse "
         "than batch-normalization\"",
         "log-shift transformation, after the testing-accuracy figure",
         "paired accuracy differences log_shift − plain and bn − log_shift both with intervals above zero",
         "both differences' means above zero",
         "bn beats plain here (the paired interval of bn − plain above zero); otherwise not testable here",
         "final test accuracies",
         {"optimizer", "init", "length", "learnable_forms", "learnable_init", "accuracy"},
         {"accuracy_margin"},
         original::log_shift_accuracy,
         {"plain", "log_shift", "bn"}},
        {"3b",
         "\"I also compared the loss convergence, which shows similar improvements\"",
         "log-shift transformation, after the testing-accuracy figure",
         "the training loss averaged over the epochs: plain − log_shift and log_shift − bn both with intervals "
         "above zero",
         "both differences' means above zero",
         "bn's training loss is below plain's here; otherwise not testable here",
         "training losses of every epoch",
         {"optimizer", "init", "length", "learnable_forms", "learnable_init"},
         {"loss_margin"},
         original::log_shift_loss,
         {"plain", "log_shift", "bn"}},
        {"3c",
         "\"we now correctly have a slightly larger negative peak and another positive peak after BN. However, "
         "the range of two peaks are similar, which marks a difference from BN\"",
         "log-shift transformation, after the layer-4 histograms",
         "in at least two thirds of the log_shift runs, two main modes across zero, the negative one higher but "
         "at most twice as high, the two sides' extents within a factor 1.5; and bn's sides differ by more",
         "the same without the height bound and without the comparison with bn",
         "a log_shift run finished",
         "each log_shift and bn run's last stage record after the transformation",
         {"network", "layer", "probe", "moment", "display", "learnable_forms", "learnable_init"},
         with(shape, {"similar_range", "slightly_larger"}),
         original::log_shift_shape},
        {"4a",
         "the learnable sqrt-shift \"performs almost as well as batch normalization\" (test accuracy above 0.98)",
         "sqrt-shift transformation, results",
         "sqrt_shift's mean accuracy above 0.98 and its paired gap to bn's interval above −margin",
         "the gap's mean above −margin (no bar of 0.98)",
         "for the strict reading, bn itself reaches 0.98 here; otherwise not testable here",
         "final test accuracies",
         {"optimizer", "init", "length", "learnable_forms", "learnable_init", "accuracy"},
         {"accuracy_margin", "accuracy_bar"},
         original::sqrt_shift_accuracy,
         {"sqrt_shift", "bn"}},
        {"4b",
         "its output at layer 4 \"spans a range of about ±100\", nothing like batch normalization's; \"as x gets "
         "large, the flattening is not as strong as in the log case\"",
         "sqrt-shift transformation, the shape paragraph and results",
         "the reach (largest absolute 0th or 100th percentile) after sqrt_shift over bn's, paired by seed, its "
         "interval at or above 10",
         "the same at or above 3",
         "sqrt_shift and bn finished under two or more common seeds",
         "each run's last stage record after the transformation",
         {"network", "layer", "probe", "learnable_forms"},
         {"range_ratio", "weak_range_ratio"},
         original::sqrt_shift_range},
        {"5",
         "\"adding the exp() around it helped stabilize the convergence\" (of the sqrt-shift's scale a)",
         "sqrt-shift transformation, the parenthesis after its formula",
         "",
         "",
         "a sqrt-shift with a linear scale to compare with",
         "",
         {"learnable_forms"},
         {},
         not_testable("the catalog has no sqrt-shift with a linear scale a to compare with")},
        {"6",
         "\"we have to make sure c > 0. What if this is violated? Then we probably will end up getting something "
         "undesired\"",
         "log-shift transformation, before the exponential mask",
         "",
         "",
         "a log-shift without the exponential mask",
         "",
         {"learnable_forms"},
         {},
         not_testable("the library's log-shift keeps c's factor positive by construction (e^c), as the mask "
                      "does; the unmasked form is drawn in the transformation shapes, not trained")},
    };
}

}  // namespace mockbn::research
