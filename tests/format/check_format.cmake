# Every C++ file the repository tracks is formatted as .clang-format says.
#   cmake -DCLANG_FORMAT=<clang-format> -DROOT=<repository> -P check_format.cmake
execute_process(COMMAND git ls-files "*.hpp" "*.cpp" WORKING_DIRECTORY "${ROOT}"
                OUTPUT_VARIABLE files RESULT_VARIABLE status OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "git ls-files failed in ${ROOT}")
endif()
string(REPLACE "\n" ";" files "${files}")
# One clang-format for every file; only when it finds something, one per file, to name them.
execute_process(COMMAND "${CLANG_FORMAT}" --dry-run -Werror ${files} WORKING_DIRECTORY "${ROOT}"
                RESULT_VARIABLE status OUTPUT_QUIET ERROR_QUIET)
set(unformatted "")
if(NOT status EQUAL 0)
  foreach(file IN LISTS files)
    execute_process(COMMAND "${CLANG_FORMAT}" --dry-run -Werror "${file}" WORKING_DIRECTORY "${ROOT}"
                    RESULT_VARIABLE status OUTPUT_QUIET ERROR_QUIET)
    if(NOT status EQUAL 0)
      string(APPEND unformatted "  ${file}\n")
    endif()
  endforeach()
  if(NOT unformatted)
    message(FATAL_ERROR "clang-format failed on the files together but on none alone")
  endif()
endif()
list(LENGTH files count)
if(unformatted)
  message(FATAL_ERROR "not formatted as .clang-format says (clang-format -i FILE):\n${unformatted}")
endif()
message(STATUS "${count} files formatted as .clang-format says")
