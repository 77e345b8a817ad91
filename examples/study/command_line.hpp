// The study's command line: what --help lists, turned into checked options.
#pragma once

#include <string>

#include "options.hpp"

namespace study {

struct command {
    options given;       // checked, unless resuming (then only the options that may go with --resume)
    std::string resume;  // --resume DIR: continue that folder's run with its own options
    bool threads_given = false, data_dir_given = false;
};

// Parses the command line without reading any file. --help prints the list
// and exits with 0; a bad option or value prints one line naming it and
// exits with 2. Only --threads, --data-dir and --allow-kernel-change may go
// with --resume. The data folder comes back absolute.
command parse(int argc, char** argv);

// The options this invocation runs with: the command line's, or, for
// --resume DIR (call it with the folder locked), DIR/options.json with this
// command's --threads, --data-dir and --allow-kernel-change, checked like a
// command line; a problem is a refusal (status 2) naming the option.
options resolve(const command& c);

}  // namespace study
