// mockbn/research/run_result.hpp
//
// One run's result: which run it is (variant and seed), what it recorded
// (records.hpp), how it went (divergence.hpp) and the BLAS kernels it ran
// under.
//
// Contract: state_fields names the records, the divergence record and the
// kernels (not the variant and seed, which a checkpoint's identity holds),
// so io::save_state keeps the whole result beside the network and the
// optimizer.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include "mockbn/research/detail/record_table.hpp"
#include "mockbn/research/divergence.hpp"
#include "mockbn/research/records.hpp"

namespace mockbn::research {

struct run_result : run_records, divergence_record {
    std::string variant;
    std::uint64_t seed = 0;
    std::string kernels;  // the BLAS kernels it ran under: "Haswell from epoch 1, Cooperlake from epoch 3"

    template <class Self, class Fields>
    static void state_fields(Self& self, Fields& fields) {
        using records = std::conditional_t<std::is_const_v<Self>, const run_records, run_records>;
        using divergence = std::conditional_t<std::is_const_v<Self>, const divergence_record, divergence_record>;
        run_records::state_fields(static_cast<records&>(self), fields);
        divergence_record::state_fields(static_cast<divergence&>(self), fields);
        detail::text_field(fields, "kernels", self.kernels);
    }
};

}  // namespace mockbn::research
