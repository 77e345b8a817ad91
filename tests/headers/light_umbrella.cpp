// The umbrella header stays light: it brings neither xtensor nor xtensor-blas
// (the autodiff graph and gradcheck, which need them, are included apart).
// Compiled with -fsyntax-only by the test light_umbrella.
#include <mockbn/mockbn.hpp>

#if defined(XTENSOR_VERSION_MAJOR) || defined(XBLAS_HPP)
#error "mockbn/mockbn.hpp includes xtensor: its parse gets 60 % longer (see mockbn/mockbn.hpp)"
#endif
