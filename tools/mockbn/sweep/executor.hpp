// The sweep's side of the executors' seam (mockbn/research/executor.hpp): a
// job's result travels as bytes (its checkpoint's, run_store.hpp), which
// an MPI rank can send (mpi_executor.hpp) as threads hand them over
// (research::thread_executor).
#pragma once

#include <string>

#include <mockbn/research/executor.hpp>

namespace sweep {

using job_runner = mockbn::research::job_runner<std::string>;
using result_sink = mockbn::research::result_sink<std::string>;
using mockbn::research::job_failure;

}  // namespace sweep
