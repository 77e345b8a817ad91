// The stratified validation split: disjoint, complete, stratified, seeded.
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/data/holdout.hpp"

using namespace mockbn;

namespace {

// 1,000 examples of 3 classes in proportions 5 : 3 : 2, interleaved; each image's one pixel is its index.
data::dataset labelled(std::size_t n) {
    data::dataset d{"toy", n, 1, 1, 3, {}, {}};
    for (std::size_t i = 0; i < n; ++i) {
        d.images.push_back(static_cast<float>(i));
        const std::size_t k = i % 10;
        d.labels.push_back(static_cast<std::uint8_t>(k < 5 ? 0 : k < 8 ? 1 : 2));
    }
    return d;
}

std::size_t of_class(const data::dataset& d, std::uint8_t c) {
    return static_cast<std::size_t>(std::count(d.labels.begin(), d.labels.end(), c));
}

}  // namespace

TEST_CASE("the validation split is disjoint from the training set, and the two hold every example once") {
    const auto source = labelled(1000);
    const auto split = data::stratified_holdout(source.labels, 3, 150, 7);
    CHECK(split.held_out.size() == 150);
    CHECK(split.kept.size() == 850);
    CHECK(std::is_sorted(split.kept.begin(), split.kept.end()));
    CHECK(std::is_sorted(split.held_out.begin(), split.held_out.end()));
    std::vector<std::uint32_t> both = split.kept;
    both.insert(both.end(), split.held_out.begin(), split.held_out.end());
    std::sort(both.begin(), both.end());
    for (std::uint32_t i = 0; i < 1000; ++i) CHECK(both[i] == i);  // each once: disjoint and complete

    const auto sets = data::hold_out(source, 150, 7);
    CHECK(sets.validation.name == "toy (validation)");
    for (std::size_t r = 0; r < 150; ++r) {
        CHECK(sets.validation.images[r] == static_cast<float>(split.held_out[r]));  // each row its own label
        CHECK(sets.validation.labels[r] == source.labels[split.held_out[r]]);
    }
    CHECK(sets.train.count == 850);
}

TEST_CASE("the validation split keeps each class's share, to the example") {
    const auto source = labelled(1000);
    // 150 of 500 : 300 : 200 is exactly 75 : 45 : 30.
    const auto sets = data::hold_out(source, 150, 7);
    CHECK(of_class(sets.validation, 0) == 75);
    CHECK(of_class(sets.validation, 1) == 45);
    CHECK(of_class(sets.validation, 2) == 30);
    // 7 of them: shares 3.5, 2.1, 1.4 round down to 3, 2, 1; the one left goes to the largest remainder (class 0).
    const auto seven = data::hold_out(source, 7, 7);
    CHECK(of_class(seven.validation, 0) == 4);
    CHECK(of_class(seven.validation, 1) == 2);
    CHECK(of_class(seven.validation, 2) == 1);
}

TEST_CASE("the validation split is drawn from its seed: the same for one seed, another for another") {
    const auto source = labelled(1000);
    const auto a = data::stratified_holdout(source.labels, 3, 100, 1),
               b = data::stratified_holdout(source.labels, 3, 100, 1);
    const auto c = data::stratified_holdout(source.labels, 3, 100, 2);
    CHECK(a.held_out == b.held_out);
    CHECK(a.held_out != c.held_out);
    // Not the first of each class: the draw is spread over the set.
    CHECK(a.held_out.back() > 500);
}

TEST_CASE("the validation split refuses what it cannot hold out, and holds out nothing for 0") {
    const auto source = labelled(20);
    CHECK_THROWS_AS(data::stratified_holdout(source.labels, 3, 21, 1), std::invalid_argument);
    CHECK_THROWS_AS(data::stratified_holdout(source.labels, 2, 5, 1), std::invalid_argument);  // label 2 of 2 classes
    const auto none = data::hold_out(source, 0, 1);
    CHECK(none.validation.count == 0);
    CHECK(none.train.images == source.images);
    const auto all = data::hold_out(source, 20, 1);
    CHECK(all.train.count == 0);
    CHECK(all.validation.count == 20);
}
