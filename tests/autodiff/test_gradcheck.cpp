// gradcheck itself: it must catch a wrong gradient, say where, report NaN,
// and leave the variables as it found them.
#include <cmath>
#include <limits>

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
