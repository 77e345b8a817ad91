// The divergence policy's decisions, and the divergence record as the one
// owner of a run's learning rate: saved with the run, followed by the
// optimizer.
#include <cstddef>
#include <string>

#include <doctest/doctest.h>

#include <mockbn/io/checkpoint.hpp>
#include <mockbn/io/state.hpp>
#include <mockbn/optim.hpp>
#include <mockbn/research/divergence.hpp>

#include "research/same_records.hpp"

using namespace mockbn::research;

TEST_CASE("the divergence policy stops a run, or rolls it back at most three times with a tenth of the rate") {
    const mockbn::divergence d{2, 7, "loss", "no parameter"};
    CHECK(describe(d) == "epoch 2, step 7: the loss went non-finite (no parameter)");

    divergence_record stopped;
    CHECK_FALSE(divergence_policy(on_divergence::stop).decide(d, stopped));
    CHECK((stopped.diverged && stopped.diverged_at == 2 && stopped.rollbacks == 0));
    CHECK(stopped.divergence == describe(d));

    const divergence_policy rollback(on_divergence::roll_back);
    divergence_record r;
    r.learning_rate = 0.02;
    for (std::size_t k = 1; k <= divergence_policy::max_rollbacks; ++k) {
        REQUIRE(rollback.decide(d, r));
        divergence_record restored;  // the last checkpoint: the rate it trained at, nothing of the divergence
        restored.learning_rate = r.learning_rate;
        rollback.rolled_back(r, restored);
        r = restored;
        CHECK(r.rollbacks == k);
        CHECK_FALSE(r.diverged);
    }
    CHECK(r.learning_rate == 0.02 / 10 / 10 / 10);
    CHECK(r.divergence ==
          "epoch 2, step 7: the loss went non-finite (no parameter) → rolled back, learning rate "
          "0.002000; epoch 2, step 7: the loss went non-finite (no parameter) → rolled back, "
          "learning rate 0.000200; epoch 2, step 7: the loss went non-finite (no parameter) → "
          "rolled back, learning rate 0.000020");
    CHECK_FALSE(rollback.decide(d, r));
    CHECK((r.diverged && r.diverged_at == 2 && r.rollbacks == 3));
}

TEST_CASE("the divergence record keeps the rate through a checkpoint, and the optimizer follows it") {
    divergence_record written;
    written.diverged = true;
    written.diverged_at = 3;
    written.divergence = "epoch 3, step 1: the loss went non-finite (x)";
    written.rollbacks = 2;
    written.learning_rate = 0.0007;
    mockbn::io::checkpoint c;
    mockbn::io::save_state(c, written, "run");
    CHECK(c.get_value<double>("run.learning_rate") == 0.0007);
    CHECK(c.get_value<std::uint64_t>("run.rollbacks") == 2);
    CHECK(c.get_text("run.divergence") == written.divergence);

    divergence_record read;
    mockbn::io::load_state(mockbn::io::checkpoint::from_bytes(c.to_bytes("a run"), "bytes"), read, "run");
    mockbn::testing::check_same_divergence(read, written);
    mockbn::adam optimizer{{.learning_rate = 0.01}};
    follow_rate(read, optimizer);
    CHECK(optimizer.settings().learning_rate == 0.0007);
}
