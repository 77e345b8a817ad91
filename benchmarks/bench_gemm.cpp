// The candidates for the dense layer's products, measured on every product
// of the original study's network's training step (784 → 100 → 100 → 100 → 100 → 100 → 10)
// at batch 32, 64 and 256: forward x·W, the weight gradient xᵀ·dy and the
// input gradient dy·Wᵀ (each layer but the first), in GFLOP/s, beside this
// core's measured peak for the instruction set the library uses.
//
// Back-ends: OpenBLAS (the reference, cblas_sgemm), BLIS (its typed API,
// loaded with dlopen so that its BLAS symbols cannot shadow OpenBLAS's),
// libxsmm (JIT kernels, column-major: each product is asked as its
// transpose) and mockbn's own kernels (core/small_gemm.hpp; dy·Wᵀ includes
// packing Wᵀ, and "mockbn+sums" is xᵀ·dy with the bias gradient's column
// sums from the same pass, as the dense layer runs it). A back-end that is
// not installed, or cannot run a product, shows "-".
#include <dlfcn.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <mockbn/core/blas.hpp>
#include <mockbn/core/random.hpp>
#include <mockbn/core/small_gemm.hpp>

#if defined(MOCKBN_HAVE_LIBXSMM)
#include <libxsmm.h>
#endif

#include "configuration.hpp"
#include "fma_peak.hpp"

namespace {

using namespace mockbn;

enum class form { nn, tn, nt };  // x·W, xᵀ·dy, dy·Wᵀ

struct product {
    std::string name;  // "forward 784x100", ...
    form shape;
    std::size_t m, n, k;  // C is m x n, the depth k
};

std::vector<product> products_of_step(std::size_t batch) {
    const std::array<std::array<std::size_t, 2>, 3> layers = {{{784, 100}, {100, 100}, {100, 10}}};
    std::vector<product> out;
    for (const auto& [in, o] : layers) {
        const std::string layer = std::to_string(in) + "x" + std::to_string(o);
        out.push_back({"x·W " + layer, form::nn, batch, o, in});
        out.push_back({"xᵀ·dy " + layer, form::tn, in, o, batch});
        if (in != 784) out.push_back({"dy·Wᵀ " + layer, form::nt, batch, in, o});
    }
    return out;
}

// The operands of one product: A and B as stored (row-major), and C.
struct operands {
    std::vector<float> a, b, c, sums, packed;
    explicit operands(const product& p) {
        random::generator g(11);
        const std::size_t a_size = p.m * p.k, b_size = p.k * p.n;
        for (std::size_t i = 0; i < a_size; ++i) a.push_back(static_cast<float>(g.uniform() - 0.5));
        for (std::size_t i = 0; i < b_size; ++i) b.push_back(static_cast<float>(g.uniform() - 0.5));
        c.assign(p.m * p.n, 0.0f);
        sums.assign(p.n, 0.0f);
        packed.assign(b_size, 0.0f);
    }
};

// ---- the back-ends: each runs C = op(A)·op(B) with A, B stored as the step stores them ----
// nn: A m x k, B k x n; tn: A stored k x m, B k x n; nt: A m x k, B stored n x k.

void run_openblas(const product& p, operands& o) {
    const bool ta = p.shape == form::tn, tb = p.shape == form::nt;
    blas::gemm(o.a.data(), {ta ? p.k : p.m, ta ? p.m : p.k, ta}, o.b.data(), {tb ? p.n : p.k, tb ? p.k : p.n, tb},
               o.c.data(), 1.0f, 0.0f);
}

void run_mockbn(const product& p, operands& o) {
    using A = small_gemm::strided_matrix<float>;
    if (p.shape == form::nn) small_gemm::multiply(A::row_major(o.a.data(), p.m, p.k), o.b.data(), p.n, o.c.data());
    else if (p.shape == form::tn)
        small_gemm::multiply(A::transposed(o.a.data(), p.k, p.m), o.b.data(), p.n, o.c.data());
    else {
        small_gemm::transpose(o.b.data(), p.n, p.k, o.packed.data());
        small_gemm::multiply(A::row_major(o.a.data(), p.m, p.k), o.packed.data(), p.n, o.c.data());
    }
}

void run_mockbn_with_sums(const product& p, operands& o) {
    small_gemm::multiply_with_column_sums(small_gemm::strided_matrix<float>::transposed(o.a.data(), p.k, p.m),
                                          o.b.data(), p.n, o.c.data(), o.sums.data());
}

// BLIS's typed API, from the shared library, with general strides (so no transpose flag is needed).
struct blis_library {
    using gemm_t = void (*)(int, int, std::int64_t, std::int64_t, std::int64_t, const float*, const float*,
                            std::int64_t, std::int64_t, const float*, std::int64_t, std::int64_t, const float*, float*,
                            std::int64_t, std::int64_t);
    gemm_t gemm = nullptr;
    std::string description = "not installed (libblis-dev)";

    blis_library() {
#if defined(__AVX512F__)
        // BLIS 0.9 falls back to its generic kernel on a CPU it does not know (this AMD EPYC
        // among them): unless the user chose, its AVX-512 kernel, the instruction set compared.
        const bool chosen_here = getenv("BLIS_ARCH_TYPE") == nullptr;
        if (chosen_here) setenv("BLIS_ARCH_TYPE", "skx", 0);
#else
        const bool chosen_here = false;
#endif
        void* handle = dlopen("libblis.so.4", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
        if (!handle) return;
        gemm = reinterpret_cast<gemm_t>(dlsym(handle, "bli_sgemm"));
        auto threads = reinterpret_cast<void (*)(std::int64_t)>(dlsym(handle, "bli_thread_set_num_threads"));
        auto version = reinterpret_cast<const char* (*)()>(dlsym(handle, "bli_info_get_version_str"));
        auto arch = reinterpret_cast<int (*)()>(dlsym(handle, "bli_arch_query_id"));
        auto arch_name = reinterpret_cast<const char* (*)(int)>(dlsym(handle, "bli_arch_string"));
        if (!gemm || !threads || !version || !arch || !arch_name) {
            gemm = nullptr;
            description = "libblis.so.4 lacks the typed API";
            return;
        }
        threads(1);
        description = std::string("BLIS ") + version() + ", kernel " + arch_name(arch()) + ", 1 thread" +
                      (chosen_here ? " (BLIS_ARCH_TYPE=skx unless set)" : "");
    }
};
const blis_library& blis() {
    static const blis_library library;
    return library;
}

bool run_blis(const product& p, operands& o) {
    if (!blis().gemm) return false;
    const float one = 1.0f, zero = 0.0f;
    const auto m = static_cast<std::int64_t>(p.m), n = static_cast<std::int64_t>(p.n),
               k = static_cast<std::int64_t>(p.k);
    // Element (i, j) of op(X) at row stride rs, column stride cs.
    const std::int64_t rsa = p.shape == form::tn ? 1 : k, csa = p.shape == form::tn ? m : 1;
    const std::int64_t rsb = p.shape == form::nt ? 1 : n, csb = p.shape == form::nt ? k : 1;
    blis().gemm(0, 0, m, n, k, &one, o.a.data(), rsa, csa, o.b.data(), rsb, csb, &zero, o.c.data(), n, 1);
    return true;
}

#if defined(MOCKBN_HAVE_LIBXSMM)
// Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: libxsmm's A is our B.
libxsmm_smmfunction xsmm_kernel(const product& p) {
    const int m = static_cast<int>(p.n), n = static_cast<int>(p.m), k = static_cast<int>(p.k);
    const int flags =
        (p.shape == form::nt ? LIBXSMM_GEMM_FLAG_TRANS_A : 0) | (p.shape == form::tn ? LIBXSMM_GEMM_FLAG_TRANS_B : 0);
    const int lda = p.shape == form::nt ? k : m, ldb = p.shape == form::tn ? n : k, ldc = m;
    const float alpha = 1.0f, beta = 0.0f;
    return libxsmm_smmdispatch(m, n, k, &lda, &ldb, &ldc, &alpha, &beta, &flags, nullptr);
}
#endif

// ---- the benchmarks ------------------------------------------------------------------

template <class Run>
void measure(benchmark::State& state, const product& p, Run run) {
    operands o(p);
    if (!run(p, o)) {
        state.SkipWithError("not available");
        return;
    }
    for (auto _ : state) {
        run(p, o);
        benchmark::ClobberMemory();
    }
    state.counters["GFLOP/s"] = benchmark::Counter(2.0 * double(p.m * p.n * p.k) * double(state.iterations()) * 1e-9,
                                                   benchmark::Counter::kIsRate);
}

// Keeps every GFLOP/s, then prints them as one table: a row per product, a column per back-end.
class candidate_table : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& run : runs)
            if (!run.error_occurred && run.counters.count("GFLOP/s") &&
                (run.aggregate_name.empty() || run.aggregate_name == "median"))
                rates_[run.run_name.function_name] = run.counters.at("GFLOP/s");
        ConsoleReporter::ReportRuns(runs);
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        const double peak = rates_.count("peak") ? rates_.at("peak") : 0.0;
        std::printf("\nGFLOP/s, one thread; peak %.1f (%s, %zu floats, fused multiply-add)\n", peak,
                    xsimd::default_arch::name(), simd::lanes<float>);
        const char* backends[] = {"openblas", "blis", "libxsmm", "mockbn", "mockbn+sums"};
        std::printf("%-6s %-22s", "batch", "product");
        for (const char* b : backends) std::printf(" %12s", b);
        std::printf(" %14s\n", "mockbn/peak");
        for (const auto& [key, row] : rows_) {
            std::printf("%-6s %-22s", key.first.c_str(), row.c_str());
            for (const char* b : backends) {
                const auto found = rates_.find(key.first + "/" + key.second + "/" + b);
                if (found == rates_.end()) std::printf(" %12s", "-");
                else std::printf(" %12.1f", found->second);
            }
            const auto mine = rates_.find(key.first + "/" + key.second + "/mockbn");
            if (mine != rates_.end() && peak > 0) std::printf(" %13.0f%%", 100.0 * mine->second / peak);
            std::printf("\n");
        }
    }
    // Rows in the order registered: (batch, product key) → the product's name.
    void add_row(const std::string& batch, const std::string& key, const std::string& name) {
        rows_[{batch, key}] = name;
    }

private:
    std::map<std::string, double> rates_;
    std::map<std::pair<std::string, std::string>, std::string> rows_;
};

// Two digits, so that the table's rows sort in the order registered (appended: GCC 12's -Wrestrict
// misfires on "0" + std::string, bug 105329).
std::string padded(std::size_t i) {
    std::string digits = i < 10 ? "0" : "";
    return digits.append(std::to_string(i));
}

void register_candidates(candidate_table& table) {
    benchmark::RegisterBenchmark("peak", bench::fma_peak);
    for (std::size_t batch : {32, 64, 256}) {
        const auto products = products_of_step(batch);
        for (std::size_t i = 0; i < products.size(); ++i) {
            const product p = products[i];
            const std::string key = padded(i);
            const std::string prefix = std::to_string(batch) + "/" + key + "/";
            table.add_row(std::to_string(batch), key, p.name);
            benchmark::RegisterBenchmark((prefix + "openblas").c_str(), [p](benchmark::State& s) {
                measure(s, p, [](const product& q, operands& o) { return run_openblas(q, o), true; });
            });
            benchmark::RegisterBenchmark((prefix + "blis").c_str(),
                                         [p](benchmark::State& s) { measure(s, p, run_blis); });
#if defined(MOCKBN_HAVE_LIBXSMM)
            benchmark::RegisterBenchmark((prefix + "libxsmm").c_str(), [p](benchmark::State& s) {
                const libxsmm_smmfunction kernel = xsmm_kernel(p);
                measure(s, p, [kernel](const product&, operands& o) {
                    if (!kernel) return false;
                    kernel(o.b.data(), o.a.data(), o.c.data());  // column-major: B first
                    return true;
                });
            });
#endif
            benchmark::RegisterBenchmark((prefix + "mockbn").c_str(), [p](benchmark::State& s) {
                measure(s, p, [](const product& q, operands& o) { return run_mockbn(q, o), true; });
            });
            if (p.shape == form::tn)
                benchmark::RegisterBenchmark((prefix + "mockbn+sums").c_str(), [p](benchmark::State& s) {
                    measure(s, p, [](const product& q, operands& o) { return run_mockbn_with_sums(q, o), true; });
                });
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    bench::pin_and_print_configuration("bench_gemm: the candidates for the dense layer's products");
    std::printf("BLIS       %s\n", blis().description.c_str());
#if defined(MOCKBN_HAVE_LIBXSMM)
    libxsmm_init();
    std::printf("libxsmm    %s, target %s\n", LIBXSMM_VERSION, libxsmm_get_target_arch());
#else
    std::printf("libxsmm    not built in (libxsmm-dev was not found at configure time)\n");
#endif
    std::fflush(stdout);
    candidate_table table;
    register_candidates(table);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks(&table);
    benchmark::Shutdown();
}
