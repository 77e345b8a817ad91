// The search's arithmetic (research/search.hpp): points drawn from a space, the rungs of successive halving,
// and which points a rung keeps.
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/research/search.hpp>

namespace research = mockbn::research;
using research::dimension;

TEST_CASE("points: one value per dimension, distinct, the same for a seed, log-uniform over a range") {
    const std::vector<dimension> space{dimension::named("optimizer", {"sgd", "adam"}),
                                       dimension::log_range("learning_rate", 1e-4, 1.0),
                                       dimension::named("depth", {"4", "5", "6"})};
    const auto points = research::draw_points(space, 400, 7);
    REQUIRE(points.size() == 400);
    CHECK(std::set<research::point>(points.begin(), points.end()).size() == 400);
    CHECK(points == research::draw_points(space, 400, 7));
    CHECK(points != research::draw_points(space, 400, 8));
    std::size_t adam = 0, below_hundredth = 0;
    for (const auto& p : points) {
        REQUIRE(p.size() == 3);
        adam += p[0] == "adam";
        const double rate = std::stod(p[1]);
        CHECK((rate >= 1e-4 * 0.999 && rate <= 1.0));
        CHECK(std::stod(p[1]) == std::stod(research::detail::three_digits(rate)));  // three significant digits
        below_hundredth += rate < 1e-2;
        CHECK((p[2] == "4" || p[2] == "5" || p[2] == "6"));
    }
    CHECK((adam > 150 && adam < 250));                        // a fair choice of two
    CHECK((below_hundredth > 160 && below_hundredth < 240));  // log-uniform: two decades of four lie below 1e-2
}

TEST_CASE("a space that holds fewer points than asked gives each of them once") {
    const std::vector<dimension> small{dimension::named("a", {"x", "y"}), dimension::named("b", {"1", "2", "3"})};
    const auto points = research::draw_points(small, 50, 1);
    CHECK(points.size() == 6);
    CHECK(std::set<research::point>(points.begin(), points.end()).size() == 6);
    CHECK(research::draw_points({dimension::log_range("rate", 0.5, 0.5)}, 3, 1).size() == 1);
    CHECK_THROWS_AS(research::draw_points(small, 0, 1), std::invalid_argument);
    CHECK_THROWS_WITH_AS(dimension::named("depth", {}), "mockbn::research::dimension: depth has no value to draw",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(dimension::log_range("rate", 0, 1),
                         "mockbn::research::dimension: rate's range must have 0 < low <= high", std::invalid_argument);
    CHECK_THROWS_AS(dimension::log_range("rate", 2, 1), std::invalid_argument);
}

TEST_CASE("successive halving: each rung keeps ceil(n / eta) of the last, at least one") {
    CHECK(research::halving(27, 3, 4) == std::vector<std::size_t>{27, 9, 3, 1});
    CHECK(research::halving(10, 3, 4) == std::vector<std::size_t>{10, 4, 2, 1});
    CHECK(research::halving(5, 2, 5) == std::vector<std::size_t>{5, 3, 2, 1, 1});
    CHECK(research::halving(8, 2, 1) == std::vector<std::size_t>{8});
    CHECK_THROWS_AS(research::halving(8, 1, 3), std::invalid_argument);
    CHECK_THROWS_AS(research::halving(8, 2, 0), std::invalid_argument);
}

TEST_CASE("a rung keeps the highest scores, ties by order, a NaN below every number") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(research::best({0.2, 0.9, nan, 0.5, 0.9}, 3) == std::vector<std::size_t>{1, 4, 3});
    CHECK(research::best({nan, 0.1}, 2) == std::vector<std::size_t>{1, 0});
    CHECK(research::best({nan, nan}, 1) == std::vector<std::size_t>{0});
    CHECK(research::best({0.3}, 5) == std::vector<std::size_t>{0});
    CHECK(research::best({-1.0, -0.5}, 1) == std::vector<std::size_t>{1});
}
