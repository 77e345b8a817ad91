// What a run's numbers depend on besides its options: the data, the BLAS
// kernel and the build. Together with the variant, the seed and the options
// that matter (options.hpp, run_settings), they make a run's identity, which
// every checkpoint carries and which a resume must match.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <mockbn/data/idx.hpp>
#include <mockbn/io/checkpoint.hpp>

#include "options.hpp"

namespace study {

struct environment {
    std::string data;         // the dataset's fingerprint (data_fingerprint)
    std::string blas_kernel;  // e.g. "Cooperlake": it sets the last bits of every product
    std::string build;        // compiler, flags and SIMD instruction set
};

// Counts and a CRC-32 of every image (its pixels scaled to floats, as the
// datasets hold them) and label, train and test: the same data, raw or
// gzipped, anywhere on disk, has the same fingerprint.
std::string data_fingerprint(const mockbn::data::standard_bytes& data);

// This process's BLAS kernel and build.
environment current_environment(const std::string& data_fingerprint);

// The BLAS library's own description, for the report.
std::string blas_description();

// What a job's numbers depend on among its options, variant and seed (job_settings), one "key=value" line each:
// two jobs with the same key compute the same numbers.
std::string job_key(const options& o, const std::string& variant, std::uint64_t seed);

// One line per item, "key=value"; the kernel's line starts with kernel_key.
inline constexpr const char* kernel_key = "blas_kernel=";
std::string run_identity(const options& o, const std::string& variant, std::uint64_t seed, const environment& where);

// A configuration's name in a results folder (checkpoints/<id>/): 8 hex
// digits, the CRC-32 of its run settings (options.hpp, run_settings), one
// "key=value" line each. Options that do not change the numbers do not change it.
std::string configuration_id(const options& o);

// Adds "KERNEL from epoch N" to a run's kernel history ("Haswell from epoch 1,
// Cooperlake from epoch 3") unless the run was last computed under KERNEL.
void note_kernel(std::string& history, const std::string& kernel, std::size_t first_epoch);

// Checks that a checkpoint (`name`: its file, or "job 5" for one received as
// bytes) belongs to the run whose identity is given (the kernel's line aside
// when allow_kernel_change); a refusal naming it and the first differing
// item otherwise.
void check_identity(const mockbn::io::checkpoint& c, const std::string& name, const std::string& identity,
                    bool allow_kernel_change);

// Loads a run's checkpoint and checks its identity (check_identity). Throws
// study_error: that refusal, or a failure for a file that cannot be read.
mockbn::io::checkpoint load_run_checkpoint(const std::filesystem::path& path, const std::string& identity,
                                           bool allow_kernel_change);

}  // namespace study
