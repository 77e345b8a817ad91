// What a run does when fit reports that its loss or a gradient went
// non-finite (--on-divergence):
//  - "stop": the run ends there, recorded as diverged at that epoch;
//  - "rollback": the run goes back to its last checkpoint and runs the epoch
//    again with a tenth of the learning rate, at most max_rollbacks times;
//    a divergence after that stops it.
//
// Contract: the policy decides and keeps the run's record of it
// (run_result::divergence lists every divergence and rollback, for the
// report); the caller restores and saves the state (run_store), in the order
// decide(), then for a rollback restore and rolled_back(), then save.
#pragma once

#include <cstddef>
#include <string>

#include <mockbn/train/fit.hpp>

#include "records.hpp"

namespace study {

// Where and what: "epoch 3, step 12: the loss went non-finite (no parameter: ...)".
std::string describe(const mockbn::divergence& d);

class divergence_policy {
public:
    static constexpr std::size_t max_rollbacks = 3;

    explicit divergence_policy(const std::string& on_divergence) : may_roll_back_(on_divergence == "rollback") {}

    // Adds the divergence to r's record; true if the run rolls back, false if
    // it stops here (r is then marked diverged at d's epoch).
    bool decide(const mockbn::divergence& d, run_result& r) const;

    // For a run rolled back to `restored` (its last checkpoint, trained at
    // `restored_rate`): carries the record of `diverged` over, counts the
    // rollback, and returns the learning rate to go on with.
    double rolled_back(const run_result& diverged, run_result& restored, double restored_rate) const;

private:
    bool may_roll_back_;
};

}  // namespace study
