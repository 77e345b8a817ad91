#include "divergence_policy.hpp"

namespace study {

std::string describe(const mockbn::divergence& d) {
    return "epoch " + std::to_string(d.epoch) + ", step " + std::to_string(d.step) + ": the " + d.what +
           " went non-finite (" + d.where + ")";
}

bool divergence_policy::decide(const mockbn::divergence& d, run_result& r) const {
    r.divergence += (r.divergence.empty() ? "" : "; ") + describe(d);
    if (may_roll_back_ && r.rollbacks < max_rollbacks) return true;
    r.diverged = true;
    r.diverged_at = d.epoch;
    return false;
}

double divergence_policy::rolled_back(const run_result& diverged, run_result& restored, double restored_rate) const {
    const double rate = restored_rate / 10;
    restored.divergence = diverged.divergence + " → rolled back, learning rate " + std::to_string(rate);
    restored.rollbacks = diverged.rollbacks + 1;
    return rate;
}

}  // namespace study
