// What one run of the study records (mockbn/research/records.hpp) and how
// the run went (mockbn/research/divergence.hpp), with the BLAS kernels it
// ran under.
//
// Contract: plain values, filled by epoch_recorder, the divergence policy
// and the kernel notes of identity (note_kernel); kept across interruptions
// by run_store (under "run.", through the persistence hook), read by the
// report and findings.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include <mockbn/research/divergence.hpp>
#include <mockbn/research/records.hpp>

namespace study {

using mockbn::research::epoch_record;
using mockbn::research::histogram_bins;
using mockbn::research::histogram_high;
using mockbn::research::histogram_low;
using mockbn::research::parameter_record;
using mockbn::research::stage_record;

struct run_result : mockbn::research::run_records, mockbn::research::divergence_record {
    std::string variant;  // the variant and the seed are the checkpoint's identity, not its state
    std::uint64_t seed = 0;
    std::string kernels;  // the BLAS kernels it ran under: "Haswell from epoch 1, Cooperlake from epoch 3"

    template <class Self, class Fields>
    static void state_fields(Self& self, Fields& fields) {
        using records = std::conditional_t<std::is_const_v<Self>, const run_records, run_records>;
        using divergence = std::conditional_t<std::is_const_v<Self>, const divergence_record, divergence_record>;
        run_records::state_fields(static_cast<records&>(self), fields);
        divergence_record::state_fields(static_cast<divergence&>(self), fields);
        mockbn::research::detail::text_field(fields, "kernels", self.kernels);
    }
};

}  // namespace study
