// gradcheck itself: it must catch a wrong gradient, say where, report NaN,
// leave the variables as it found them, and tell a kink within its step from
// a wrong gradient (with the branch watch under it).
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/autodiff.hpp"
#include "support.hpp"

using namespace mockbn::ad;
using mockbn::testing::uniform_matrix;

namespace {

// A deliberately wrong node: forward x³, backward claims 3x² + scale·x⁴.
template <class X>
class wrong_cube : public node_base<double, 2> {
public:
    static constexpr bool needs_adjoint = true;
    explicit wrong_cube(X& x, double scale) : x_(x), scale_(scale) {}
    void forward(pass_id pass) {
        if (!first_forward(pass)) return;
        x_.forward(pass);
        value_ = x_.value() * x_.value() * x_.value();
    }
    void begin_backward(pass_id pass) {
        if (first_backward_visit(pass)) x_.begin_backward(pass);
    }
    void receive() {
        if (!last_contribution()) return;
        x_.adjoint_accumulator() +=
            adjoint_ * (3.0 * x_.value() * x_.value() + scale_ * x_.value() * x_.value() * x_.value() * x_.value());
        x_.receive();
    }

private:
    X& x_;
    double scale_;
};

}  // namespace

TEST_CASE("gradcheck finds a wrong gradient and says where") {
    variable<double, 2> x{uniform_matrix(3, 3, 1, 0.5, 1.0)};
    x.value()(1, 2) = 4.0;  // the worst relative error, scale·x⁴ / 3x², is here
    wrong_cube<variable<double, 2>> cube(x, 1e-3);
    auto loss = sum(sum(cube));
    const auto report = gradcheck(loss, wrt(x));
    INFO(report);
    CHECK_FALSE(report.within(1e-7));
    CHECK(report.element == 1 * 3 + 2);
    CHECK(report.derived == doctest::Approx(3 * 16.0 + 256e-3).epsilon(1e-12));
    CHECK(report.numeric == doctest::Approx(3 * 16.0).epsilon(1e-9));

    wrong_cube<variable<double, 2>> right(x, 0.0);
    auto good = sum(sum(right));
    MOCKBN_CHECK_GRADIENT(gradcheck(good, wrt(x)), 1e-9);
}

TEST_CASE("gradcheck reports NaN as a failure and restores every value exactly") {
    variable<double, 2> x{uniform_matrix(2, 3, 2, 0.5, 1.5)};
    const auto before = x.value();
    auto loss = sum(sum(sqrt(x - 1.0)));  // NaN below 1
    const auto report = gradcheck(loss, wrt(x));
    CHECK(std::isnan(report.worst_error));
    CHECK_FALSE(report.within(1e300));
    // One bool: doctest would print two tensors through xtensor's printer, where GCC 12 warns falsely (bug 105329).
    CHECK((x.value() == before));
}

TEST_CASE("gradcheck projects a non-scalar root and numbers variables in wrt order") {
    variable<double, 2> a{uniform_matrix(3, 2, 3)};
    variable<double, 2> b{uniform_matrix(2, 4, 4)};
    auto product = matmul(a, b);  // a 3 x 4 root
    const auto report = gradcheck(product, wrt(a, b));
    MOCKBN_CHECK_GRADIENT(report, 1e-9);
    CHECK(report.checked == 6 + 8);
}

TEST_CASE("gradcheck tells a kink within its step from a gradient error, and names where it is") {
    // h = 1e-4 here: the differences sample x ± h and x ± 2h.
    variable<double, 2> x{uniform_matrix(2, 3, 5, 0.5, 1.5)};
    x.value()(0, 1) = 0.0;    // on relu's kink
    x.value()(1, 0) = -1e-4;  // within 2h of it
    x.value()(1, 2) = 3e-4;   // beyond 2h: a smooth piece at every sampled point
    const auto before = x.value();
    auto loss = sum(sum(relu(x) * relu(x) + relu(x)));  // slope 1 + 2x on the right of 0, 0 on the left
    const auto report = gradcheck(loss, wrt(x));
    INFO(report);
    CHECK(report.within(1e-9));
    CHECK(report.checked == 4);
    CHECK(report.kinks == 2);
    const gradcheck_kink& kink = report.closest_kink;
    CHECK(kink.variable == 0);
    CHECK(kink.element == 0 * 3 + 1);
    CHECK(kink.formula == 0);
    CHECK(kink.row == 0);
    CHECK(kink.column == 1);
    CHECK(kink.distance == 0.0);
    std::ostringstream text;
    text << report;
    CHECK(text.str().find("2 elements skipped, their differences straddling a kink, the closest: perturbing variable "
                          "0, element 1 moves element (0, 1) of formula 0") != std::string::npos);
    CHECK(x.value() == before);

    // What was skipped is no derivative: across the kink the difference of t² + t for t > 0, 0 otherwise,
    // is (8(h² + h) − (4h² + 2h)) / 12h = 1/2 + h/3, where the derived gradient takes relu'(0) = 0.
    auto value = [&] { return forward(loss)(); };
    const double numeric = detail::central_difference(x.value()(0, 1), 1e-4, value);
    CHECK(numeric == doctest::Approx(0.5 + 1e-4 / 3).epsilon(1e-9));
    CHECK(x.value() == before);
}

TEST_CASE("gradcheck still finds a wrong gradient beside a kink") {
    variable<double, 2> x{uniform_matrix(3, 3, 1, 0.5, 1.0)};
    x.value()(1, 2) = 4.0;  // the worst relative error, as in the test above
    x.value()(0, 0) = 0.0;  // relu(x³) on its kink
    wrong_cube<variable<double, 2>> cube(x, 1e-3);
    auto loss = sum(sum(relu(cube)));
    const auto report = gradcheck(loss, wrt(x));
    INFO(report);
    CHECK_FALSE(report.within(1e-7));
    CHECK(report.element == 1 * 3 + 2);
    CHECK(report.kinks == 1);
    CHECK(report.closest_kink.element == 0);
    CHECK(report.checked == 8);
}

TEST_CASE("gradcheck sees the kinks of max, abs, a per-feature select and signed_log1p's second derivative") {
    variable<double, 2> x{uniform_matrix(2, 3, 7, 0.5, 1.5)};
    variable<double, 2> y{uniform_matrix(2, 3, 8, 0.5, 1.5)};
    y.value()(1, 1) = x.value()(1, 1);  // max takes y at the tie
    auto larger = sum(sum(max(x, y) * max(x, y)));
    const auto at_tie = gradcheck(larger, wrt(x, y));
    INFO(at_tie);
    CHECK(at_tie.within(1e-9));
    CHECK(at_tie.kinks == 2);  // moving either side of the tie changes the branch
    CHECK(at_tie.closest_kink.variable == 0);
    CHECK(at_tie.closest_kink.element == 1 * 3 + 1);

    x.value()(0, 2) = 0.25;
    auto folded = sum(sum(abs(x - 0.25) * x));
    const auto at_fold = gradcheck(folded, wrt(x));
    INFO(at_fold);
    CHECK(at_fold.within(1e-9));
    CHECK(at_fold.kinks == 1);
    CHECK(at_fold.closest_kink.element == 2);

    // A threshold per feature: moving the threshold or the element crosses the same break point.
    variable<double, 1> threshold{xt::xtensor<double, 1>{0.2, 0.3, x.value()(1, 2)}};
    auto gated = sum(sum(select(x > threshold, x * x, 0.5 * x)));
    const auto at_gate = gradcheck(gated, wrt(x, threshold));
    INFO(at_gate);
    CHECK(at_gate.within(1e-9));
    CHECK(at_gate.kinks == 2);
    CHECK(at_gate.closest_kink.row == 1);
    CHECK(at_gate.closest_kink.column == 2);

    // signed_log1p is smooth once, not twice, at 0: the fourth-order difference is off by h/3 there.
    x.value()(1, 0) = 0.0;
    auto shaped = sum(sum(signed_log1p(x)));
    const auto at_zero = gradcheck(shaped, wrt(x));
    INFO(at_zero);
    CHECK(at_zero.within(1e-9));
    CHECK(at_zero.kinks == 1);
    CHECK(at_zero.closest_kink.element == 3);
}

TEST_CASE("branch_watch: the first differing element of a pass, only while it is alive and only in double") {
    std::vector<double> in{-1.0, 0.5, 2.0, -3.0, 0.0, 4.0}, out(6);
    std::vector<float> in_float(6, 1.0f), out_float(6);
    auto pass = [&] {
        fused::forward([](const auto& v) { return relu(v); }, 2, 3, out.data(),
                       fused::operand<double, fused::layout::full, false>{in.data()});
        fused::forward([](const auto& v) { return relu(v); }, 2, 3, out_float.data(),
                       fused::operand<float, fused::layout::full, false>{in_float.data()});
    };
    pass();  // no watch yet: nothing to see
    CHECK(branch_watch::active() == nullptr);
    {
        branch_watch watch;
        CHECK(branch_watch::active() == &watch);
        watch.record_reference();
        pass();
        watch.compare();
        in[2] = 1e-9;         // the same branch
        in_float[0] = -1.0f;  // float passes are not watched
        pass();
        CHECK_FALSE(watch.take_change().has_value());
        in[3] = 1.0;    // crosses
        in[4] = 1e-12;  // crosses, from exactly the kink
        watch.compare();
        pass();
        const auto change = watch.take_change();
        REQUIRE(change.has_value());
        CHECK(change->pass == 0);
        CHECK(change->output == out.data());
        CHECK(change->row == 1);
        CHECK(change->column == 1);  // the closer of the two
        CHECK(change->distance == 0.0);
        CHECK_FALSE(watch.take_change().has_value());
        {
            branch_watch inner;
            CHECK(branch_watch::active() == &inner);
        }
        CHECK(branch_watch::active() == &watch);
        watch.compare();
        CHECK_THROWS_AS(fused::forward([](const auto& v) { return relu(v); }, 3, 2, out.data(),
                                       fused::operand<double, fused::layout::full, false>{in.data()}),
                        std::logic_error);
    }
    CHECK(branch_watch::active() == nullptr);
}
