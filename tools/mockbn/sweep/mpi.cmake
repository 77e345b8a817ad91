# The sweep's MPI path (mpi_executor), built when the top-level CMakeLists.txt
# found MPI; without it the sweep runs on threads and shards only. Included
# by tools/mockbn/CMakeLists.txt.
if(MPI_CXX_FOUND)
  add_library(mockbn_sweep_mpi STATIC sweep/mpi_executor.cpp)
  target_include_directories(mockbn_sweep_mpi PUBLIC sweep)
  target_link_libraries(mockbn_sweep_mpi PUBLIC mockbn_study_core MPI::MPI_CXX)
  # For the sweep's sources: the MPI path exists in this build.
  target_compile_definitions(mockbn_sweep_mpi PUBLIC MOCKBN_SWEEP_MPI)
  target_link_libraries(mockbn_program_core PUBLIC mockbn_sweep_mpi)
endif()
