// mockbn/research/divergence.hpp
//
// What a run does when fit reports that its loss or a gradient went
// non-finite, and its record of it:
//  - on_divergence::stop: the run ends there, recorded as diverged at that
//    epoch;
//  - on_divergence::roll_back: the run goes back to its last checkpoint and
//    runs the epoch again at a tenth of the learning rate, at most
//    max_rollbacks times; a divergence after that stops it.
//
// Contract: divergence_record is the one owner of the run's learning rate
// (the configuration's, a tenth of it after each rollback). It is saved
// with the run through the persistence hook, and follow_rate is the only
// place the optimizer's rate is set from it: after the run starts, after it
// resumes and after it rolls back. The policy decides and keeps the record
// (every divergence and rollback listed, for the report); the caller
// restores and saves the state, in the order decide(), then for a rollback
// restore and rolled_back(), then save.
#pragma once

#include <cstddef>
#include <string>

#include "mockbn/research/detail/record_table.hpp"
#include "mockbn/train/fit.hpp"

namespace mockbn::research {

enum class on_divergence { stop, roll_back };

struct divergence_record {
    bool diverged = false;  // a non-finite loss or gradient stopped the run
    std::size_t diverged_at = 0;
    std::string divergence;  // where and what, for the report; rollbacks are listed too
    std::size_t rollbacks = 0;
    double learning_rate = 0;

    template <class Self, class Fields>
    static void state_fields(Self& self, Fields& fields) {
        detail::number_field(fields, "diverged", self.diverged);
        detail::number_field(fields, "diverged_at", self.diverged_at);
        detail::number_field(fields, "rollbacks", self.rollbacks);
        detail::number_field(fields, "learning_rate", self.learning_rate);
        detail::text_field(fields, "divergence", self.divergence);
    }
};

// The optimizer trains at the record's rate.
template <class Optimizer>
void follow_rate(const divergence_record& r, Optimizer& optimizer) {
    optimizer.settings().learning_rate = r.learning_rate;
}

class divergence_policy {
public:
    static constexpr std::size_t max_rollbacks = 3;

    explicit divergence_policy(on_divergence choice) : may_roll_back_(choice == on_divergence::roll_back) {}

    // Adds the divergence to r; true if the run rolls back, false if it stops
    // here (r is then marked diverged at d's epoch).
    bool decide(const divergence& d, divergence_record& r) const {
        r.divergence += (r.divergence.empty() ? "" : "; ") + describe(d);
        if (may_roll_back_ && r.rollbacks < max_rollbacks) return true;
        r.diverged = true;
        r.diverged_at = d.epoch;
        return false;
    }

    // For a run rolled back to `restored` (its last checkpoint): carries the
    // record of `diverged` over, counts the rollback, and lowers the rate.
    void rolled_back(const divergence_record& diverged, divergence_record& restored) const {
        restored.learning_rate /= 10;
        restored.divergence =
            diverged.divergence + " → rolled back, learning rate " + std::to_string(restored.learning_rate);
        restored.rollbacks = diverged.rollbacks + 1;
    }

private:
    bool may_roll_back_;
};

}  // namespace mockbn::research
