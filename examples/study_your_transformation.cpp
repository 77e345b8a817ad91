// A transformation of your own in the study, without editing the library:
// soft_clip, a learnable shape in its own header (here, above main), joins
// the registry's variants in the program's catalog, with its role in the
// original study's claims and a help line; then this program is `mockbn`,
// the study, the sweep and their reports included, with soft_clip among the
// variants. It compiles only soft_clip's training; the rest comes from
// linking the program's parts (the CMake target mockbn_program_core).
//
//   build/examples/study_your_transformation study --quick --variants plain,bn,soft_clip
//   build/examples/study_your_transformation study --help          (soft_clip is listed)
#include <mockbn/mockbn.hpp>

#include "program.hpp"
#include "train_job.hpp"

// e^a tanh(x - b): a bounded, learnable shape; its gradients come from the formula.
struct soft_clip {
    static constexpr std::string_view name = "soft_clip";
    static constexpr mockbn::parameter params[] = {{"a", 0.0}, {"b", 0.0}};
    static auto apply(const auto& x, const auto& a, const auto& b) { return exp(a) * tanh(x - b); }
};

int main(int argc, char** argv) {
    auto catalog = study::registry_catalog();
    study::add_variant<mockbn::study_variant<"soft_clip", soft_clip, mockbn::variant_role::learnable,
                                             "e^a tanh(x - b), learnable a and b">>(catalog);
    study::install(std::move(catalog));
    return mockbn_main(argc, argv);
}
